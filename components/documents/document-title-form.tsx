"use client";

import { useState, type FormEvent, type KeyboardEvent } from "react";
import { limits } from "@/lib/contracts/limits";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

interface DocumentTitleFormProps {
  title: string;
  /** Resolves to an error message to show, or undefined when saved. */
  onSave: (title: string) => Promise<string | undefined>;
  onCancel: () => void;
}

/** Renaming in place: Enter saves, Escape cancels. */
export function DocumentTitleForm({ title, onSave, onCancel }: DocumentTitleFormProps) {
  const [value, setValue] = useState(title);
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const next = value.trim();
    if (next === title.trim()) return onCancel();
    setSaving(true);
    const failure = await onSave(next);
    setSaving(false);
    setError(failure);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== "Escape") return;
    event.preventDefault();
    onCancel();
  };

  return (
    <form onSubmit={submit} onKeyDown={onKeyDown} className="flex flex-1 flex-wrap items-start gap-2" data-testid="rename-form">
      <Input
        label="Title"
        hideLabel
        value={value}
        maxLength={limits.titleChars}
        placeholder="Untitled"
        onChange={(event) => setValue(event.target.value)}
        error={error}
        disabled={saving}
        // The person asked to rename: the field is where they will type.
        autoFocus
        onFocus={(event) => event.currentTarget.select()}
        wrapperClassName="min-w-48 flex-1"
        data-testid="rename-input"
      />
      <Button type="submit" size="md" variant="primary" disabled={saving} data-testid="rename-save">
        Save
      </Button>
      <Button size="md" variant="ghost" onClick={onCancel} disabled={saving}>
        Cancel
      </Button>
    </form>
  );
}
