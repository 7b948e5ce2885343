"use client";

import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { accountSettingsSchema } from "@/lib/contracts/account";
import { limits } from "@/lib/contracts/limits";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { updateAccount } from "@/lib/client/api/account";

/** The name shown in the account menu instead of the email. */
export function DisplayNameForm({ initialName }: { initialName: string }) {
  const router = useRouter();
  const [name, setName] = useState(initialName);
  const [saved, setSaved] = useState(initialName);
  const [error, setError] = useState<string>();
  const [status, setStatus] = useState<"idle" | "saving" | "saved">("idle");

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = accountSettingsSchema.safeParse({ name });
    if (!parsed.success) return setError(parsed.error.issues[0]?.message);
    setError(undefined);
    setStatus("saving");
    const result = await updateAccount(parsed.data);
    if (!result.ok) {
      setStatus("idle");
      return setError(result.error.message);
    }
    const next = result.data.account.name ?? "";
    setName(next);
    setSaved(next);
    setStatus("saved");
    // The header's account menu was rendered on the server with the old name.
    router.refresh();
  };

  return (
    <form onSubmit={submit} className="flex flex-wrap items-start gap-2" data-testid="display-name-form">
      <Input
        label="Display name"
        name="name"
        autoComplete="name"
        value={name}
        maxLength={limits.nameChars}
        placeholder="How Draftwise greets you"
        onChange={(event) => {
          setName(event.target.value);
          setStatus("idle");
        }}
        error={error}
        hint="Shown in the account menu. Leave empty to show your email."
        wrapperClassName="min-w-56 flex-1"
        data-testid="display-name-input"
      />
      <Button type="submit" className="mt-[22px]" disabled={status === "saving" || name.trim() === saved} data-testid="display-name-save">
        {status === "saving" ? <Spinner /> : null} Save
      </Button>
      <p role="status" className="mt-[30px] text-xs text-emerald-700 dark:text-emerald-400" data-testid="display-name-status">
        {status === "saved" ? "Saved" : ""}
      </p>
    </form>
  );
}
