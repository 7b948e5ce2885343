"use client";

import { useState, type FormEvent, type KeyboardEvent } from "react";
import { readingLevelLabels, readingLevels, type StyleGuide } from "@/lib/contracts/style-guide";
import { draftOf, parseDraft, sameGuide, type StyleGuideDraft, type StyleGuideErrors } from "@/lib/client/style-guide-form";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import { Textarea } from "@/components/ui/textarea";
import { StyleGuidePreview } from "./style-guide-preview";

/** A further way to keep the form's guide, e.g. "Save as my default"; answers an error message, or undefined once done. */
export interface StyleGuideFormAction {
  label: string;
  testId: string;
  run: (guide: StyleGuide) => Promise<string | undefined>;
  /** Said once it is done. */
  done: string;
}

interface StyleGuideFormProps {
  /** The guide as saved (null or `{}`: none). */
  saved: StyleGuide | null;
  /** What the form starts with when it differs from `saved` (e.g. the default, to customize). */
  initial?: StyleGuide | null;
  onSave: (guide: StyleGuide) => Promise<string | undefined>;
  actions?: StyleGuideFormAction[];
  testId: string;
}

const levelOptions = [{ value: "", label: "Any" }, ...readingLevels.map((level) => ({ value: level, label: readingLevelLabels[level] }))];

/**
 * The fields of a style guide, checked with the contract's schema as the writer types, and saved
 * with Save (or Ctrl/⌘+Enter): every AI call follows the guide, so a half-typed one never applies.
 */
export function StyleGuideForm({ saved, initial, onSave, actions = [], testId }: StyleGuideFormProps) {
  const [draft, setDraft] = useState<StyleGuideDraft>(() => draftOf(initial === undefined ? saved : initial));
  const [status, setStatus] = useState<{ busy?: string; done?: string; error?: string }>({});
  const parsed = parseDraft(draft);
  // Checked as the writer types, so a limit shows the moment it is passed.
  const errors: StyleGuideErrors = parsed.ok ? {} : parsed.errors;
  const changed = !parsed.ok || !sameGuide(parsed.guide, saved);

  const edit = (patch: Partial<StyleGuideDraft>) => {
    setDraft({ ...draft, ...patch });
    setStatus({});
  };

  const run = async (label: string, keep: (guide: StyleGuide) => Promise<string | undefined>, done: string) => {
    if (status.busy) return;
    if (!parsed.ok) {
      setStatus({ error: "Fix the fields marked in red." });
      return;
    }
    setStatus({ busy: label });
    const error = await keep(parsed.guide);
    setStatus(error ? { error } : { done });
    if (!error) setDraft(draftOf(parsed.guide));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (changed) void run("save", onSave, "Saved");
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Enter" && (event.metaKey || event.ctrlKey)) {
      event.preventDefault();
      if (changed) void run("save", onSave, "Saved");
    }
  };

  const field = (name: keyof StyleGuideDraft) => ({
    value: draft[name],
    error: errors[name],
    "data-testid": `style-guide-${name.replaceAll("_", "-")}`,
    onChange: (event: { target: { value: string } }) => edit({ [name]: event.target.value }),
  });

  return (
    <form onSubmit={submit} onKeyDown={onKeyDown} noValidate className="flex flex-col gap-3.5" data-testid={testId} aria-label="Style guide">
      <Input label="Voice" placeholder="e.g. warm, direct, first person plural" hint="How it sounds." {...field("voice")} />
      <Input label="Audience" placeholder="e.g. small-business owners new to AI" hint="Who reads it." {...field("audience")} />
      <Select
        label="Reading level"
        options={levelOptions}
        value={draft.reading_level}
        onChange={(event) => edit({ reading_level: event.target.value as StyleGuideDraft["reading_level"] })}
        data-testid="style-guide-reading-level"
      />
      <Textarea label="Terms to use" rows={3} placeholder={"customer\nsign in"} hint="One per line." {...field("terms_to_use")} />
      <Textarea
        label="Terms to avoid"
        rows={3}
        placeholder={"utilize → use\nsynergy"}
        hint='One per line; "utilize → use" names the replacement.'
        {...field("terms_to_avoid")}
      />
      <Textarea
        label="Example passage"
        rows={5}
        placeholder="A paragraph written the way you want. The model imitates its voice and rhythm, not its content."
        hint="Its voice and rhythm are imitated, not its content."
        {...field("example")}
      />
      <div className="flex flex-wrap items-center gap-2">
        {/* aria-disabled, not disabled: a just-saved form keeps focus on its button (Escape still closes the drawer). */}
        <Button
          type="submit"
          variant="primary"
          size="sm"
          aria-disabled={!changed || Boolean(status.busy)}
          className="aria-disabled:cursor-not-allowed aria-disabled:opacity-50"
          data-testid="style-guide-save"
        >
          {status.busy === "save" ? <Spinner /> : null} Save
        </Button>
        {actions.map((action) => (
          <Button
            key={action.testId}
            size="sm"
            disabled={Boolean(status.busy)}
            onClick={() => void run(action.testId, action.run, action.done)}
            data-testid={action.testId}
          >
            {status.busy === action.testId ? <Spinner /> : null} {action.label}
          </Button>
        ))}
        <p role="status" className="text-xs" data-testid="style-guide-status">
          {status.error ? (
            <span className="text-red-600 dark:text-red-400">{status.error}</span>
          ) : status.done ? (
            <span className="text-emerald-700 dark:text-emerald-400">{status.done}</span>
          ) : changed ? (
            <span className="text-neutral-500 dark:text-neutral-400">Unsaved changes</span>
          ) : null}
        </p>
      </div>
      <StyleGuidePreview guide={parsed.ok ? parsed.guide : saved} />
    </form>
  );
}
