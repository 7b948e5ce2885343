"use client";

import { useState, type FormEvent } from "react";
import { limits } from "@/lib/contracts/limits";
import type { ApiError } from "@/lib/client/api/error";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";

interface VersionNameFormProps {
  label: string;
  initial?: string;
  /** Throws the API error to show. */
  onSave: (name: string) => Promise<void>;
  onCancel: () => void;
  testId: string;
}

/** A version's name, typed in place: Enter saves, Escape cancels. */
export function VersionNameForm({ label, initial = "", onSave, onCancel, testId }: VersionNameFormProps) {
  const [value, setValue] = useState(initial);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const name = value.trim();
    if (!name) return setError("Give the version a name.");
    setSaving(true);
    setError(undefined);
    try {
      await onSave(name);
    } catch (failure) {
      setError((failure as ApiError).message);
      setSaving(false);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} className="flex flex-col gap-2" data-testid={testId}>
      <Input
        label={label}
        hideLabel
        placeholder={label}
        value={value}
        maxLength={limits.versionLabelChars}
        autoFocus
        error={error}
        onChange={(event) => setValue(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Escape") {
            event.preventDefault();
            event.stopPropagation();
            onCancel();
          }
        }}
        data-testid={`${testId}-input`}
      />
      <div className="flex gap-2">
        <Button type="submit" size="sm" variant="primary" disabled={saving} data-testid={`${testId}-save`}>
          {saving ? <Spinner /> : null} Save
        </Button>
        <Button size="sm" variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
