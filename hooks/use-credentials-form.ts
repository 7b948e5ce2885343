"use client";

import { useRef, useState, type FormEvent } from "react";
import type { z } from "zod";
import { firstFieldErrors, focusFirstInvalid } from "@/lib/client/auth/form-errors";
import { submitCredentials } from "@/lib/client/auth/submit-credentials";

interface CredentialsFailure {
  code: string | undefined;
  message: string;
}

type Credentials = { email: string; password: string; name?: string };

/**
 * The sign-in and sign-up forms' submit: check the fields with the server's own schema (inline
 * errors, focus on the first), then send them to Auth.js and load `callbackUrl` on success.
 */
export function useCredentialsForm<S extends z.ZodType<Credentials>>({
  schema,
  mode,
  read,
  callbackUrl,
  notice,
}: {
  schema: S;
  mode: "sign-in" | "sign-up";
  read: (data: FormData) => unknown;
  callbackUrl: string;
  /** Shown before any attempt. */
  notice?: string;
}) {
  type Field = keyof z.infer<S> & string;
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<CredentialsFailure | undefined>(notice ? { code: undefined, message: notice } : undefined);
  const [pending, setPending] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = schema.safeParse(read(new FormData(event.currentTarget)));
    if (!parsed.success) {
      const errors = firstFieldErrors<Field>(parsed.error);
      setFieldErrors(errors);
      focusFirstInvalid(formRef.current, errors);
      return;
    }
    setFieldErrors({});
    setFailure(undefined);
    setPending(true);
    const outcome = await submitCredentials({ ...parsed.data, mode });
    // A full load, so every server-rendered part sees the new session.
    if (outcome.ok) return window.location.assign(callbackUrl);
    setPending(false);
    setFailure(outcome);
  };

  return { formRef, fieldErrors, failure, pending, submit };
}
