"use client";

import { useEffect, useRef } from "react";
import { writeActionLabels } from "@/lib/contracts/write";
import type { ApiError } from "@/lib/client/api/error";
import type { ApplyMode } from "@/lib/client/editor/apply-suggestion";
import type { StreamStatus } from "@/hooks/use-text-stream";
import type { WriteChoice } from "@/hooks/use-writing-assistant";
import { SafeMarkdown } from "@/components/markdown/safe-markdown";
import { Button } from "@/components/ui/button";
import { AlertIcon, CheckIcon, CloseIcon, RefreshIcon, SparklesIcon, StopIcon } from "@/components/ui/icons";
import { Spinner } from "@/components/ui/spinner";

interface SuggestionPanelProps {
  choice: WriteChoice;
  text: string;
  status: StreamStatus;
  error: ApiError | null;
  stopped: boolean;
  canRetry: boolean;
  onStop: () => void;
  onRetry: () => void;
  onAccept: (mode: ApplyMode) => void;
  onDiscard: () => void;
}

function title(choice: WriteChoice): string {
  if (choice.action === "tone" && choice.tone) return `${writeActionLabels.tone}: ${choice.tone}`;
  return writeActionLabels[choice.action];
}

function StatusBadge({ status, stopped }: { status: StreamStatus; stopped: boolean }) {
  const base = "inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium";
  if (status === "streaming") {
    return (
      <span className={`${base} bg-indigo-50 text-indigo-700 dark:bg-indigo-500/15 dark:text-indigo-300`}>
        <Spinner className="size-3" /> Writing…
      </span>
    );
  }
  if (status === "error") {
    return <span className={`${base} bg-red-50 text-red-700 dark:bg-red-500/15 dark:text-red-300`}>Incomplete</span>;
  }
  if (stopped) {
    return <span className={`${base} bg-amber-50 text-amber-800 dark:bg-amber-500/15 dark:text-amber-300`}>Stopped</span>;
  }
  return <span className={`${base} bg-emerald-50 text-emerald-700 dark:bg-emerald-500/15 dark:text-emerald-300`}>Ready</span>;
}

/** The streamed answer to a writing action, and what to do with it. */
export function SuggestionPanel(props: SuggestionPanelProps) {
  const { choice, text, status, error, stopped, canRetry, onStop, onRetry, onAccept, onDiscard } = props;
  const panelRef = useRef<HTMLElement>(null);
  const acceptRef = useRef<HTMLButtonElement>(null);
  const streaming = status === "streaming";
  const hasText = text.trim() !== "";
  const insertsAtCursor = choice.action === "continue";

  // The Stop button disappears when the answer ends; keep keyboard focus in the panel.
  useEffect(() => {
    if (status !== "done") return;
    const active = document.activeElement;
    if (active === document.body || (active && panelRef.current?.contains(active))) acceptRef.current?.focus();
  }, [status]);

  return (
    <section
      ref={panelRef}
      tabIndex={-1}
      aria-label="AI suggestion"
      aria-live="polite"
      aria-busy={streaming}
      data-testid="suggestion"
      data-status={status}
      className="flex max-h-[45%] min-h-0 shrink-0 flex-col border-t border-indigo-100 bg-indigo-50/40 outline-none dark:border-indigo-500/20 dark:bg-indigo-500/5"
    >
      <div className="flex items-center gap-2 px-4 pt-3 sm:px-6">
        <SparklesIcon className="size-4 text-indigo-600 dark:text-indigo-400" />
        <h2 className="text-sm font-semibold text-neutral-900 dark:text-neutral-100">{title(choice)}</h2>
        <StatusBadge status={status} stopped={stopped} />
      </div>

      <div className="min-h-0 flex-1 overflow-y-auto px-4 py-2 sm:px-6">
        {hasText ? (
          <div data-testid="suggestion-text" className="rounded-lg border border-neutral-200 bg-white px-3.5 py-2.5 dark:border-neutral-800 dark:bg-neutral-900">
            <SafeMarkdown>{text}</SafeMarkdown>
          </div>
        ) : streaming ? (
          <p className="py-2 text-sm text-neutral-500 dark:text-neutral-400">Waiting for the model…</p>
        ) : null}
        {error ? (
          <div role="alert" data-testid="suggestion-error" className="mt-2 flex items-start gap-2 text-sm text-red-700 dark:text-red-300">
            <AlertIcon className="mt-0.5 size-4 shrink-0" />
            <p>{error.message}</p>
          </div>
        ) : null}
      </div>

      <div className="flex flex-wrap items-center gap-2 px-4 pb-3 sm:px-6">
        {streaming ? (
          <Button onClick={onStop} data-testid="suggestion-stop">
            <StopIcon /> Stop
          </Button>
        ) : (
          <>
            {hasText ? (
              <>
                <Button ref={acceptRef} variant="primary" onClick={() => onAccept("replace")} data-testid="suggestion-replace">
                  <CheckIcon /> {insertsAtCursor ? "Insert at cursor" : "Replace"}
                </Button>
                <Button onClick={() => onAccept("below")} data-testid="suggestion-insert">
                  Insert below
                </Button>
              </>
            ) : null}
            {error && canRetry ? (
              <Button onClick={onRetry} data-testid="suggestion-retry">
                <RefreshIcon /> Retry
              </Button>
            ) : null}
            <Button variant="ghost" onClick={onDiscard} data-testid="suggestion-discard" className="ml-auto">
              <CloseIcon /> Discard
            </Button>
          </>
        )}
      </div>
    </section>
  );
}
