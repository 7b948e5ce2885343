"use client";

import { useRef, useState, type FormEvent } from "react";
import { signInSchema, type SignInInput } from "@/lib/contracts/account";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { firstFieldErrors, focusFirstInvalid } from "./form-errors";
import { OAuthButtons } from "./oauth-buttons";
import { submitCredentials } from "./submit-credentials";

interface SignInFormProps {
  /** A same-site path, already checked by the page. */
  callbackUrl: string;
  oauthProviders: readonly string[];
  /** Shown before any attempt, e.g. for `?error=OAuthAccountNotLinked`. */
  notice?: string;
}

/** Email and password, checked with the server's own schema before sending. */
export function SignInForm({ callbackUrl, oauthProviders, notice }: SignInFormProps) {
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<keyof SignInInput, string>>>({});
  const [formError, setFormError] = useState(notice);
  const [pending, setPending] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const parsed = signInSchema.safeParse({ email: data.get("email"), password: data.get("password") });
    if (!parsed.success) {
      const errors = firstFieldErrors<keyof SignInInput>(parsed.error);
      setFieldErrors(errors);
      focusFirstInvalid(formRef.current, errors);
      return;
    }
    setFieldErrors({});
    setFormError(undefined);
    setPending(true);
    const outcome = await submitCredentials({ ...parsed.data, mode: "sign-in" });
    // A full load, so every server-rendered part sees the new session.
    if (outcome.ok) return window.location.assign(callbackUrl);
    setPending(false);
    setFormError(outcome.message);
  };

  return (
    <div className="flex flex-col gap-5">
      <OAuthButtons providers={oauthProviders} callbackUrl={callbackUrl} />
      <form ref={formRef} noValidate onSubmit={submit} className="flex flex-col gap-4" data-testid="sign-in-form">
        {formError ? <Alert testId="form-error">{formError}</Alert> : null}
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
