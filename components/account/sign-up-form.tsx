"use client";

import Link from "next/link";
import { signUpSchema } from "@/lib/contracts/account";
import { useCredentialsForm } from "@/hooks/use-credentials-form";
import { limits } from "@/lib/contracts/limits";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { callbackQuery } from "./callback-url";
import { OAuthButtons } from "./oauth-buttons";

interface SignUpFormProps {
  /** A same-site path, already checked by the page. */
  callbackUrl: string;
  oauthProviders: readonly string[];
}

/** Name (optional), email and password, checked with the server's own schema before sending. */
export function SignUpForm({ callbackUrl, oauthProviders }: SignUpFormProps) {
  const { formRef, fieldErrors, failure, pending, submit } = useCredentialsForm({
    schema: signUpSchema,
    mode: "sign-up",
    read: (data) => ({ email: data.get("email"), password: data.get("password"), name: data.get("name") || undefined }),
    callbackUrl,
  });

  return (
    <div className="flex flex-col gap-5">
      <OAuthButtons providers={oauthProviders} callbackUrl={callbackUrl} />
      <form ref={formRef} noValidate onSubmit={submit} className="flex flex-col gap-4" data-testid="sign-up-form">
        {failure ? (
          <Alert testId="form-error">
            {failure.message}
            {failure.code === "email_taken" ? (
              <>
                {" "}
                <Link href={`/sign-in${callbackQuery(callbackUrl)}`} className="font-medium underline underline-offset-2">
                  Go to sign in
                </Link>
              </>
            ) : null}
          </Alert>
        ) : null}
        <Input label="Name (optional)" name="name" autoComplete="name" maxLength={limits.nameChars} error={fieldErrors.name} data-testid="sign-up-name" />
        <Input
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          required
          error={fieldErrors.email}
          data-testid="sign-up-email"
        />
        <Input
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          hint={`At least ${limits.passwordMinChars} characters.`}
          error={fieldErrors.password}
          data-testid="sign-up-password"
        />
        <Button type="submit" variant="primary" disabled={pending} data-testid="sign-up-submit">
          {pending ? <Spinner /> : null} Create account
        </Button>
      </form>
    </div>
  );
}
