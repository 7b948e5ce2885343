"use client";

import { useState, type FormEvent } from "react";
import { draftInputSchema, type CreateJobRequest, type JobJson } from "@/lib/contracts/jobs";
import { limits } from "@/lib/contracts/limits";
import { webhookUrlSchema } from "@/lib/contracts/webhooks";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { SparklesIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { Textarea } from "@/components/ui/textarea";
import { submitJob } from "@/lib/client/api/jobs";

type Field = "topic" | "sections" | "tone" | "audience" | "webhook_url";
type FieldErrors = Partial<Record<Field, string>>;

const fields: readonly Field[] = ["topic", "sections", "tone", "audience", "webhook_url"];

/** An error's field: `input.topic` (server) or `topic` (the schema here) → "topic". */
function fieldOf(param: string | undefined): Field | undefined {
  const name = param?.replace(/^input\./, "").split(".")[0];
  return fields.find((field) => field === name);
}

/** The message without the "topic: " prefix the server puts before it (the field already says which). */
const withoutPath = (message: string) => message.replace(/^[\w.]+: /, "");

/**
 * Starts a draft job: a topic, 3–7 sections, optionally a tone, an audience and a webhook URL.
 * Checked here with the API's own schema (draftInputSchema) before it is sent; the server's
 * errors are shown next to the field they name.
 */
export function NewDraftForm({ onSubmitted }: { onSubmitted: (job: JobJson) => void }) {
  const [topic, setTopic] = useState("");
  const [sections, setSections] = useState("5");
  const [tone, setTone] = useState("");
  const [audience, setAudience] = useState("");
  const [webhookUrl, setWebhookUrl] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const candidate = {
      topic,
      sections: sections.trim() === "" ? undefined : Number(sections),
      ...(tone.trim() ? { tone } : {}),
      ...(audience.trim() ? { audience } : {}),
    };
    const next: FieldErrors = {};
    const parsed = draftInputSchema.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = fieldOf(issue.path.map(String).join(".")) ?? "topic";
        next[field] ??= issue.message;
      }
    }
    const url = webhookUrl.trim() ? webhookUrlSchema.safeParse(webhookUrl) : null;
    if (url && !url.success) next.webhook_url = url.error.issues[0]?.message ?? "Enter an absolute http(s) URL.";
    setErrors(next);
    if (!parsed.success || Object.keys(next).length) return;

    const body: CreateJobRequest = { type: "draft", input: parsed.data, ...(url?.success ? { webhook_url: url.data } : {}) };
    setSubmitting(true);
    const result = await submitJob(body);
    setSubmitting(false);
    if (result.ok) {
      setTopic("");
      onSubmitted(result.data);
      return;
    }
    const field = fieldOf(result.error.param);
    if (field) setErrors({ [field]: withoutPath(result.error.message) });
    else setFormError(result.error.message);
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate className="flex flex-col gap-4" data-testid="new-draft-form" aria-label="New draft">
      <Textarea
        label="Topic"
        hint="What the article is about: an outline is written first, then each section."
        placeholder="How small teams run better meetings"
        value={topic}
        onChange={(event) => setTopic(event.target.value)}
        maxLength={limits.topicChars + 100}
        rows={2}
        error={errors.topic}
        data-testid="draft-topic"
      />
      <div className="grid gap-4 sm:grid-cols-3">
        <Input
          label="Sections (3–7)"
          type="number"
          inputMode="numeric"
          min={3}
          max={7}
          step={1}
          value={sections}
          onChange={(event) => setSections(event.target.value)}
          error={errors.sections}
          data-testid="draft-sections-count"
        />
        <Input label="Tone (optional)" placeholder="Friendly, practical" value={tone} onChange={(event) => setTone(event.target.value)} error={errors.tone} data-testid="draft-tone" />
        <Input
          label="Audience (optional)"
          placeholder="Team leads"
          value={audience}
          onChange={(event) => setAudience(event.target.value)}
          error={errors.audience}
          data-testid="draft-audience"
        />
      </div>
      <Input
        label="Webhook URL (optional)"
        hint="Told when the job ends (job.succeeded, job.failed, job.cancelled), signed with your webhook secret from Settings."
        type="url"
        placeholder="https://example.com/webhooks/draftwise"
        value={webhookUrl}
        onChange={(event) => setWebhookUrl(event.target.value)}
        error={errors.webhook_url}
        data-testid="draft-webhook-url"
      />
      {formError ? <Alert testId="new-draft-error">{formError}</Alert> : null}
      <div className="flex justify-end">
        <Button type="submit" variant="primary" disabled={submitting} data-testid="draft-submit">
          {submitting ? <Spinner /> : <SparklesIcon />} Start draft
        </Button>
      </div>
    </form>
  );
}
