"use client";

import { useState, type FormEvent } from "react";
import { changePasswordSchema } from "@/lib/contracts/account";
import { limits } from "@/lib/contracts/limits";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { changePassword } from "@/lib/client/api/account";

type Field = "current_password" | "new_password";

/** A new password; every other browser or device signed in to the account is signed out. */
export function PasswordForm() {
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [status, setStatus] = useState<"idle" | "saving" | "saved">("idle");

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const parsed = changePasswordSchema.safeParse({ current_password: data.get("current_password"), new_password: data.get("new_password") });
    if (!parsed.success) {
      const first: Partial<Record<Field, string>> = {};
      for (const issue of parsed.error.issues) first[issue.path[0] as Field] ??= issue.message;
      return setErrors(first);
    }
    setErrors({});
    setStatus("saving");
    const result = await changePassword(parsed.data);
    if (!result.ok) {
      setStatus("idle");
      return setErrors({ [result.error.param === "new_password" ? "new_password" : "current_password"]: result.error.message });
    }
    form.reset();
    setStatus("saved");
  };

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-3" data-testid="password-form">
      <div className="flex flex-wrap gap-3">
        <Input
          label="Current password"
          name="current_password"
          type="password"
          autoComplete="current-password"
          error={errors.current_password}
          wrapperClassName="min-w-56 flex-1"
          data-testid="password-current"
        />
        <Input
          label="New password"
          name="new_password"
          type="password"
          autoComplete="new-password"
          hint={`At least ${limits.passwordMinChars} characters. Signs you out everywhere else.`}
          error={errors.new_password}
          wrapperClassName="min-w-56 flex-1"
          data-testid="password-new"
        />
      </div>
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={status === "saving"} data-testid="password-save">
          {status === "saving" ? <Spinner /> : null} Change password
        </Button>
        <p role="status" className="text-xs text-emerald-700 dark:text-emerald-400" data-testid="password-status">
          {status === "saved" ? "Password changed: every other session is signed out." : ""}
        </p>
      </div>
    </form>
  );
}
