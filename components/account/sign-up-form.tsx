"use client";

import Link from "next/link";
import { useRef, useState, type FormEvent } from "react";
import { signUpSchema, type SignUpInput } from "@/lib/contracts/account";
import { limits } from "@/lib/contracts/limits";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { callbackQuery } from "./callback-url";
import { firstFieldErrors, focusFirstInvalid } from "./form-errors";
import { OAuthButtons } from "./oauth-buttons";
import { submitCredentials } from "./submit-credentials";

interface SignUpFormProps {
  /** A same-site path, already checked by the page. */
  callbackUrl: string;
  oauthProviders: readonly string[];
}

/** Name (optional), email and password, checked with the server's own schema before sending. */
export function SignUpForm({ callbackUrl, oauthProviders }: SignUpFormProps) {
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<keyof SignUpInput, string>>>({});
  const [failure, setFailure] = useState<{ code: string | undefined; message: string }>();
  const [pending, setPending] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const parsed = signUpSchema.safeParse({
      email: data.get("email"),
      password: data.get("password"),
      name: data.get("name") || undefined,
    });
    if (!parsed.success) {
      const errors = firstFieldErrors<keyof SignUpInput>(parsed.error);
      setFieldErrors(errors);
      focusFirstInvalid(formRef.current, errors);
      return;
    }
    setFieldErrors({});
    setFailure(undefined);
    setPending(true);
    const outcome = await submitCredentials({ ...parsed.data, mode: "sign-up" });
    // A full load, so every server-rendered part sees the new session.
    if (outcome.ok) return window.location.assign(callbackUrl);
    setPending(false);
    setFailure(outcome);
  };

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
