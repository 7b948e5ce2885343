import type { Metadata } from "next";
import { AuthNote, AuthSwitchLink, SignedInNote } from "@/components/account/auth-notes";
import { callbackQuery, safeCallbackPath } from "@/components/account/callback-url";
import { SignUpForm } from "@/components/account/sign-up-form";
import { firstParam, type SearchParams } from "@/components/app-shell/search-params";
import { oauthProviderIds } from "@/lib/server/auth/config";
import { currentUser } from "@/lib/server/auth/session";

export const metadata: Metadata = { title: "Sign up — Draftwise" };

export default async function SignUpPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const user = await currentUser();
  const callbackUrl = safeCallbackPath(firstParam(params.callbackUrl));
  return (
    <>
      <div className="flex flex-col gap-1.5">
        <h1 className="text-xl font-semibold tracking-tight">Create your account</h1>
        <p className="text-sm text-neutral-600 dark:text-neutral-400">Keep your documents and see them on every device.</p>
      </div>
      {user && !user.isGuest ? (
        <SignedInNote email={user.email} />
      ) : (
        <>
          {user?.isGuest ? (
            <AuthNote testId="guest-note">
              Your work is saved as a guest — sign up to keep it on every device. The documents, chats and usage of this
              guest session stay with you: they become part of your new account.
            </AuthNote>
          ) : null}
          <SignUpForm callbackUrl={callbackUrl} oauthProviders={oauthProviderIds()} />
          <AuthSwitchLink question="Already have an account?" label="Sign in" href={`/sign-in${callbackQuery(callbackUrl)}`} />
        </>
      )}
    </>
  );
}
