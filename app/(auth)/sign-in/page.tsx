import type { Metadata } from "next";
import { AuthNote, AuthSwitchLink, SignedInNote } from "@/components/account/auth-notes";
import { signInPageNotice } from "@/lib/client/auth/auth-messages";
import { callbackQuery, safeCallbackPath } from "@/components/account/callback-url";
import { SignInForm } from "@/components/account/sign-in-form";
import { firstParam, type SearchParams } from "@/components/app-shell/search-params";
import { oauthProviderIds } from "@/lib/server/auth/config";
import { currentUser } from "@/lib/server/auth/session";

export const metadata: Metadata = { title: "Sign in — Draftwise" };

// No guest is made here: someone who just signed out should land on a plain sign-in form.
export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const user = await currentUser();
  const callbackUrl = safeCallbackPath(firstParam(params.callbackUrl));
  return (
    <>
      <div className="flex flex-col gap-1.5">
        <h1 className="text-xl font-semibold tracking-tight">Sign in</h1>
        <p className="text-sm text-neutral-600 dark:text-neutral-400">Pick up your documents on any device.</p>
      </div>
      {user && !user.isGuest ? <SignedInNote email={user.email} /> : null}
      {user?.isGuest ? (
        <AuthNote testId="guest-note">
          Your work is saved as a guest. Signing in brings this guest session&apos;s documents into your account.
        </AuthNote>
      ) : null}
      <SignInForm
        callbackUrl={callbackUrl}
        oauthProviders={oauthProviderIds()}
        notice={signInPageNotice(firstParam(params.error), firstParam(params.code))}
      />
      <AuthSwitchLink question="No account yet?" label="Sign up" href={`/sign-up${callbackQuery(callbackUrl)}`} />
    </>
  );
}
