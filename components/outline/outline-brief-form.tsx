"use client";

import type { FormEvent } from "react";
import { limits } from "@/lib/contracts/limits";
import type { OutlineBrief } from "@/lib/client/outline";
import { Button } from "@/components/ui/button";
import { SparklesIcon, StopIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";

const lengthOptions = [
  { value: "short", label: "Short · 3 sections" },
  { value: "medium", label: "Medium · 4–5 sections" },
  { value: "long", label: "Long · 6–7 sections" },
] as const;

interface OutlineBriefFormProps {
  brief: OutlineBrief;
  generating: boolean;
  hasOutline: boolean;
  topicError: string | null;
  onChange: (patch: Partial<OutlineBrief>) => void;
  onGenerate: () => void;
  onStop: () => void;
}

/** What the article is about: the input for generating an outline. */
export function OutlineBriefForm({ brief, generating, hasOutline, topicError, onChange, onGenerate, onStop }: OutlineBriefFormProps) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!generating) onGenerate();
  };

  return (
    <form onSubmit={submit} className="flex flex-col gap-3" aria-label="Outline brief" noValidate>
      <Input
        label="Topic"
        placeholder="e.g. Why small teams ship faster"
        value={brief.topic}
        maxLength={limits.topicChars}
        required
        error={topicError ?? undefined}
        onChange={(e) => onChange({ topic: e.target.value })}
        data-testid="outline-topic"
      />
      <div className="grid grid-cols-2 gap-2">
        <Input
          label="Audience (optional)"
          placeholder="e.g. engineering leads"
          value={brief.audience}
          maxLength={limits.audienceChars}
          onChange={(e) => onChange({ audience: e.target.value })}
          data-testid="outline-audience"
        />
        <Input
          label="Tone (optional)"
          placeholder="e.g. candid"
          value={brief.tone}
          maxLength={limits.outlineToneChars}
          onChange={(e) => onChange({ tone: e.target.value })}
          data-testid="outline-tone"
        />
      </div>
      <Select
        label="Length"
        options={lengthOptions}
        value={brief.length}
        onChange={(e) => onChange({ length: e.target.value as OutlineBrief["length"] })}
        data-testid="outline-length"
      />
      {generating ? (
        <Button onClick={onStop} data-testid="outline-stop">
          <StopIcon /> Stop generating
        </Button>
      ) : (
        <Button type="submit" variant="primary" data-testid="outline-generate">
          <SparklesIcon /> {hasOutline ? "Generate a new outline" : "Generate outline"}
        </Button>
      )}
    </form>
  );
}
