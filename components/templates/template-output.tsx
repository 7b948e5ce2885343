"use client";

import { useEffect, useRef } from "react";
import type { ApiError } from "@/lib/client/api/error";
import type { StreamStatus } from "@/hooks/use-text-stream";
import { useCopyToClipboard } from "@/hooks/use-copy-to-clipboard";
import { SafeMarkdown } from "@/components/markdown/safe-markdown";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CheckIcon, CopyIcon, RefreshIcon, StopIcon } from "@/components/ui/icons";
import { ModelWait } from "@/components/model/model-wait";
import { ModelRetryButton } from "@/components/model/model-retry-button";

interface TemplateOutputProps {
  text: string;
  status: StreamStatus;
  error: ApiError | null;
  stopped: boolean;
  canInsert: boolean;
  onStop: () => void;
  onRegenerate: () => void;
  onEdit: () => void;
  onInsert: () => void;
}

/** The piece as it streams in, then what to do with it: insert, copy, edit the inputs or write it again. */
export function TemplateOutput({ text, status, error, stopped, canInsert, onStop, onRegenerate, onEdit, onInsert }: TemplateOutputProps) {
  const { copied, failed, copy } = useCopyToClipboard();
  const regionRef = useRef<HTMLDivElement>(null);
  const insertRef = useRef<HTMLButtonElement>(null);
  const streaming = status === "streaming";
  const hasText = text.trim() !== "";

  // Stop disappears when the answer ends: focus moves on to the likely next step.
  useEffect(() => {
    if (status === "done" && hasText) insertRef.current?.focus();
  }, [status, hasText]);

  return (
    <div className="flex min-h-0 flex-1 flex-col gap-3">
      <div
        ref={regionRef}
        tabIndex={-1}
        role="region"
        aria-label="Generated text"
        aria-live="polite"
        aria-busy={streaming}
        data-testid="template-output"
        data-status={status}
        className="min-h-32 flex-1 overflow-y-auto rounded-lg border border-neutral-200 bg-neutral-50 px-3.5 py-2.5 outline-none dark:border-neutral-800 dark:bg-neutral-950"
      >
        {hasText ? (
          <div data-testid="template-output-text">
            <SafeMarkdown>{text}</SafeMarkdown>
          </div>
        ) : streaming ? (
          <ModelWait label="Waiting for the model…" onStop={onStop} />
        ) : null}
      </div>
      <p role="status" className="text-xs text-neutral-600 dark:text-neutral-400" data-testid="template-output-status">
        {streaming
          ? "Writing…"
          : stopped
            ? hasText
              ? "Stopped: what was written so far is kept."
              : "Stopped before anything was written."
            : status === "done"
              ? "Done."
              : ""}
      </p>
      {error ? <Alert testId="template-error">{error.message}</Alert> : null}
      <div className="flex flex-wrap items-center justify-end gap-2">
        {streaming ? (
          <Button onClick={onStop} data-testid="template-stop">
            <StopIcon /> Stop
          </Button>
        ) : (
          <>
            <Button variant="ghost" onClick={onEdit} className="mr-auto" data-testid="template-edit">
              Edit inputs
            </Button>
            <ModelRetryButton error={error} onClick={onRegenerate} data-testid="template-regenerate">
              <RefreshIcon /> {error ? "Try again" : "Regenerate"}
            </ModelRetryButton>
            {hasText ? (
              <>
                <Button onClick={() => void copy(text)} data-testid="template-copy">
                  {copied ? <CheckIcon /> : <CopyIcon />} {copied ? "Copied" : failed ? "Copy failed" : "Copy"}
                </Button>
                <Button ref={insertRef} variant="primary" onClick={onInsert} disabled={!canInsert} data-testid="template-insert">
                  <CheckIcon /> Insert into document
                </Button>
              </>
            ) : null}
          </>
        )}
      </div>
    </div>
  );
}
