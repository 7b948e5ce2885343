"use client";

import { signInSchema } from "@/lib/contracts/account";
import { useCredentialsForm } from "@/hooks/use-credentials-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { OAuthButtons } from "./oauth-buttons";

interface SignInFormProps {
  /** A same-site path, already checked by the page. */
  callbackUrl: string;
  oauthProviders: readonly string[];
  /** Shown before any attempt, e.g. for `?error=OAuthAccountNotLinked`. */
  notice?: string;
}

/** Email and password, checked with the server's own schema before sending. */
export function SignInForm({ callbackUrl, oauthProviders, notice }: SignInFormProps) {
  const { formRef, fieldErrors, failure, pending, submit } = useCredentialsForm({
    schema: signInSchema,
    mode: "sign-in",
    read: (data) => ({ email: data.get("email"), password: data.get("password") }),
    callbackUrl,
    notice,
  });

  return (
    <div className="flex flex-col gap-5">
      <OAuthButtons providers={oauthProviders} callbackUrl={callbackUrl} />
      <form ref={formRef} noValidate onSubmit={submit} className="flex flex-col gap-4" data-testid="sign-in-form">
        {failure ? <Alert testId="form-error">{failure.message}</Alert> : null}
        <Input
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          required
          error={fieldErrors.email}
          data-testid="sign-in-email"
        />
        <Input
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={fieldErrors.password}
          data-testid="sign-in-password"
        />
        <Button type="submit" variant="primary" disabled={pending} data-testid="sign-in-submit">
          {pending ? <Spinner /> : null} Sign in
        </Button>
      </form>
    </div>
  );
}
