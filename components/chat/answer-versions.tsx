"use client";

import type { AnswerVersion } from "@/lib/client/chat-message";
import { IconButton } from "@/components/ui/icon-button";

interface AnswerVersionsProps {
  versions: AnswerVersion[];
  shownId: string;
  /** Absent while another answer streams: the switcher shows, disabled. */
  onShow?: (version: AnswerVersion) => void;
}

/** "‹ 2 / 3 ›" under a regenerated answer: every answer Regenerate gave stays, one shown at a time. */
export function AnswerVersions({ versions, shownId, onShow }: AnswerVersionsProps) {
  const index = Math.max(0, versions.findIndex((v) => v.id === shownId));
  const previous = versions[index - 1];
  const next = versions[index + 1];
  return (
    <span role="group" aria-label="Versions of this answer" data-testid="answer-versions" className="inline-flex items-center">
      <IconButton size="sm" label="Previous version" disabled={!previous || !onShow} onClick={() => previous && onShow?.(previous)} data-testid="answer-version-previous">
        <span aria-hidden="true">‹</span>
      </IconButton>
      <span data-testid="answer-version-index" className="px-0.5 tabular-nums">
        {index + 1} / {versions.length}
      </span>
      <IconButton size="sm" label="Next version" disabled={!next || !onShow} onClick={() => next && onShow?.(next)} data-testid="answer-version-next">
        <span aria-hidden="true">›</span>
      </IconButton>
    </span>
  );
}
