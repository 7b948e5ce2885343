"use client";

import { formatSeconds, slowAfterSeconds } from "@/lib/client/model-wait";
import { useModelWait } from "@/hooks/use-model-wait";
import { Button } from "@/components/ui/button";
import { StopIcon } from "@/components/ui/icons";
import { Spinner } from "@/components/ui/spinner";
import { cn } from "@/lib/utils";

interface ModelWaitProps {
  /** What the studio is waiting for ("Thinking…", "Generating outline…"). */
  label: string;
  /** The model waited on (the server's default when absent). */
  model?: string;
  /** Shown once the wait is long: the wait can always be ended here, not only in the composer. */
  onStop?: () => void;
  className?: string;
}

/**
 * Waiting on a model before its first word: how long so far and, once that is long, what the
 * server says is happening (retrying, paused after failures, until when), with Stop beside it.
 * Every place the studio waits on a model shows this.
 */
export function ModelWait({ label, model, onStop, className }: ModelWaitProps) {
  const { seconds, note } = useModelWait(model);
  const slow = seconds >= slowAfterSeconds;
  return (
    // Spans, so it fits inside a line of text (the review bar's count) as well as in a panel.
    <span role="status" data-testid="model-wait" className={cn("flex flex-col gap-1.5 text-sm text-neutral-500 dark:text-neutral-400", className)}>
      <span className="flex flex-wrap items-center gap-2">
        <Spinner /> {label}
        {slow ? (
          <span data-testid="model-wait-elapsed" className="tabular-nums">
            {formatSeconds(seconds)}
          </span>
        ) : null}
        {slow && onStop ? (
          <Button size="sm" onClick={onStop} className="ml-auto" aria-label="Stop waiting for the model" data-testid="model-wait-stop">
            <StopIcon /> Stop
          </Button>
        ) : null}
      </span>
      {note ? (
        <span data-testid="model-wait-note" className="text-xs text-amber-700 dark:text-amber-300">
          {note}
        </span>
      ) : null}
    </span>
  );
}
