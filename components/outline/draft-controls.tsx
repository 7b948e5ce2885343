"use client";

import { ModelErrorAlert } from "@/components/model/model-error-alert";
import type { ApiError } from "@/lib/client/api/error";
import type { DraftStatus } from "@/hooks/use-article-draft";
import { Button } from "@/components/ui/button";
import { FileTextIcon, StopIcon } from "@/components/ui/icons";
import { Spinner } from "@/components/ui/spinner";

interface DraftControlsProps {
  status: DraftStatus;
  current: number;
  total: number;
  /** Sections drafted into the text, and sections locked (drafting leaves them as they are). */
  drafted: number;
  locked: number;
  error: ApiError | null;
  canDraft: boolean;
  /** The heading of the section being written. */
  heading?: string;
  /** Some sections are drafted already: drafting goes on with the first that isn't. */
  resume: boolean;
  onDraft: () => void;
  onStop: () => void;
  onRetry: () => void;
}

/** "Draft article", its progress through the sections, and how it ended. */
export function DraftControls({ status, current, total, drafted, locked, error, canDraft, heading, resume, onDraft, onStop, onRetry }: DraftControlsProps) {
  const drafting = status === "drafting";
  return (
    <div className="flex flex-col gap-3">
      {drafting ? (
        <div className="flex items-center gap-3">
          <div className="flex min-w-0 flex-1 flex-col gap-1.5">
            <p data-testid="draft-progress" className="flex items-center gap-2 text-sm font-medium text-indigo-700 dark:text-indigo-300">
              <Spinner />
              <span className="min-w-0 truncate">
                Drafting section {current + 1} of {total}
                {heading ? `: ${heading}` : ""}
              </span>
            </p>
            <div aria-hidden="true" className="h-1.5 overflow-hidden rounded-full bg-indigo-100 dark:bg-indigo-500/20">
              <div className="h-full rounded-full bg-indigo-500 transition-[width] duration-300" style={{ width: `${((current + 0.5) / total) * 100}%` }} />
            </div>
          </div>
          <Button onClick={onStop} data-testid="draft-stop">
            <StopIcon /> Stop
          </Button>
        </div>
      ) : (
        <Button variant="primary" onClick={onDraft} disabled={!canDraft} data-testid="outline-draft">
          <FileTextIcon /> {resume ? "Resume drafting" : "Draft article"}
        </Button>
      )}
      <div role="status" aria-live="polite" className="text-xs text-neutral-600 dark:text-neutral-400">
        {drafting ? <span className="sr-only">Drafting section {current + 1} of {total}</span> : null}
        {status === "done" ? (
          <p data-testid="draft-status">
            Drafted {drafted} {drafted === 1 ? "section" : "sections"}.
            {locked > 0 ? ` ${locked} locked ${locked === 1 ? "section is" : "sections are"} left as ${locked === 1 ? "it is" : "they are"}.` : ""}
          </p>
        ) : null}
        {status === "stopped" ? (
          <p data-testid="draft-status">Stopped during section {current + 1} of {total}. What was written stays in the document; drafting again resumes with this section.</p>
        ) : null}
        {status === "idle" && canDraft ? <p>Each section goes in under its heading, in the outline&apos;s order, as it is written.</p> : null}
      </div>
      {status === "error" && error ? (
        <ModelErrorAlert error={error} testId="draft-error" retryTestId="draft-retry" onRetry={onRetry} retryLabel={`Retry from section ${current + 1}`}>
          Section {current + 1} of {total} could not be drafted. {error.message}
        </ModelErrorAlert>
      ) : null}
    </div>
  );
}
