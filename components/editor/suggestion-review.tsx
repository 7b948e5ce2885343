"use client";

import { useEffect, useState, type FormEvent, type KeyboardEvent, type RefObject } from "react";
import type { Editor } from "@tiptap/react";
import { useElementHeight } from "@/hooks/use-element-height";
import type { TrackedEdits } from "@/hooks/use-tracked-edits";
import { limits } from "@/lib/contracts/limits";
import { placeCard } from "@/lib/client/editor/place-card";
import { Button } from "@/components/ui/button";
import { AlertIcon, ArrowDownIcon, ArrowUpIcon, CheckIcon, CloseIcon, RefreshIcon, SparklesIcon, StopIcon } from "@/components/ui/icons";
import { ModelWait } from "@/components/model/model-wait";
import { ModelRetryButton } from "@/components/model/model-retry-button";
import { Spinner } from "@/components/ui/spinner";
import { cn } from "@/lib/utils";
import { SpotSwitcher } from "./variants-panel";

/**
 * Review keys: Ctrl/⌘+Alt with arrows and Enter/Backspace, which neither the editor nor the browser
 * use in a text field (plain Alt+letter types characters on macOS keyboards).
 */
const reviewKeys = {
  next: { key: "ArrowDown", hint: "Ctrl+Alt+↓ (⌘⌥↓)" },
  previous: { key: "ArrowUp", hint: "Ctrl+Alt+↑ (⌘⌥↑)" },
  accept: { key: "Enter", hint: "Ctrl+Alt+Enter (⌘⌥↩)" },
  reject: { key: "Backspace", hint: "Ctrl+Alt+Backspace (⌘⌥⌫)" },
} as const;

/** Handles a review key (and Escape while an edit streams); true when it did. */
/** The review action a key asks for: Ctrl/⌘+Alt with an arrow, Enter or Backspace. */
export function reviewKeyAction(event: KeyboardEvent): keyof typeof reviewKeys | undefined {
  if (!(event.ctrlKey || event.metaKey) || !event.altKey || event.shiftKey) return undefined;
  return (Object.keys(reviewKeys) as (keyof typeof reviewKeys)[]).find((name) => reviewKeys[name].key === event.key);
}

export function handleReviewKey(event: KeyboardEvent, review: TrackedEdits): boolean {
  if (event.key === "Escape" && review.streaming) {
    review.stop();
    return true;
  }
  const action = reviewKeyAction(event);
  if (!action) return false;
  if (action === "next") review.next();
  else if (action === "previous") review.previous();
  else if (review.activeId) review[action](review.activeId);
  return true;
}

/** Keeps the editor focused when a review button is clicked. */
const keepFocus = (event: { preventDefault: () => void }) => event.preventDefault();

interface SuggestionCardProps {
  editor: Editor;
  review: TrackedEdits;
  /** Scrolling moves the hunk: the card follows. */
  scrollArea: RefObject<HTMLElement | null>;
}

/** Accept / Reject for the hunk at the cursor, with what proposed it, beside the hunk. */
export function SuggestionCard({ editor, review, scrollArea }: SuggestionCardProps) {
  const [, setScrolled] = useState(0);
  // Its height decides whether it fits below the change (it varies with the run's detail and the variants).
  const [cardRef, height] = useElementHeight<HTMLDivElement>();
  useEffect(() => {
    const area = scrollArea.current;
    if (!area) return;
    const onScroll = () => setScrolled((n) => n + 1);
    area.addEventListener("scroll", onScroll, { passive: true });
    window.addEventListener("resize", onScroll);
    return () => {
      area.removeEventListener("scroll", onScroll);
      window.removeEventListener("resize", onScroll);
    };
  }, [scrollArea]);

  const hunk = review.hunks.find((h) => h.id === review.activeId);
  if (!hunk || editor.isDestroyed || hunk.to > editor.state.doc.content.size) return null;
  const run = review.runs[hunk.runId];
  const busy = review.streaming === hunk.runId;
  // A change of a run with variants: the alternatives they offer for its spot.
  const spot = review.hunkSpot(hunk);
  const start = editor.view.coordsAtPos(hunk.from);
  const end = editor.view.coordsAtPos(hunk.to);
  const area = scrollArea.current?.getBoundingClientRect() ?? { top: 0, bottom: window.innerHeight, left: 0, right: window.innerWidth };
  if (end.bottom < area.top || end.top > area.bottom) return null;
  const width = Math.min(288, window.innerWidth - 16);
  const { top, left } = placeCard({ range: { top: start.top, bottom: end.bottom, left: start.left }, size: { width, height }, area });

  return (
    <div
      role="dialog"
      aria-label="Suggested change"
      ref={cardRef}
      data-testid="suggestion-card"
      data-suggestion-id={hunk.id}
      onMouseDown={keepFocus}
      style={{ top, left, width }}
      className="fixed z-40 rounded-lg border border-neutral-200 bg-white p-3 text-sm shadow-lg dark:border-neutral-700 dark:bg-neutral-900"
    >
      <p className="flex items-center gap-1.5 font-medium text-neutral-900 dark:text-neutral-100">
        <SparklesIcon className="size-4 text-indigo-600 dark:text-indigo-400" />
        {run?.label ?? "AI suggestion"}
      </p>
      {run?.detail ? <p className="mt-1 line-clamp-2 text-neutral-600 dark:text-neutral-400">“{run.detail}”</p> : null}
      {run ? <p className="mt-1 text-xs text-neutral-500 dark:text-neutral-400">{run.model}</p> : null}
      {hunk.conflict ? (
        <p data-testid="suggestion-conflict" className="mt-2 flex items-start gap-1.5 text-xs text-amber-800 dark:text-amber-300">
          <AlertIcon className="mt-0.5 size-3.5 shrink-0" /> You edited this text after it was suggested. Accepting keeps your words.
        </p>
      ) : null}
      {spot ? <SpotSwitcher spot={spot} onCycle={(step) => review.cycleVariantSpot(spot.runId, spot.spot, step)} /> : null}
      <div className="mt-3 flex gap-2">
        <Button
          size="sm"
          variant="primary"
          disabled={busy}
          title={`Accept this change — ${reviewKeys.accept.hint}`}
          aria-keyshortcuts="Control+Alt+Enter Meta+Alt+Enter"
          onClick={() => review.accept(hunk.id)}
          data-testid="suggestion-accept"
        >
          <CheckIcon /> Accept
        </Button>
        <Button
          size="sm"
          disabled={busy}
          title={`Reject this change — ${reviewKeys.reject.hint}`}
          aria-keyshortcuts="Control+Alt+Backspace Meta+Alt+Backspace"
          onClick={() => review.reject(hunk.id)}
          data-testid="suggestion-reject"
        >
          <CloseIcon /> Reject
        </Button>
      </div>
    </div>
  );
}

/** The current run's changes: where they are, all of them at once, or Stop while it streams. */
export function ReviewBar({ review }: { review: TrackedEdits }) {
  const { hunks, streaming, activeId } = review;
  const runId = streaming ?? hunks.find((h) => h.id === activeId)?.runId ?? hunks.at(-1)?.runId;
  if (review.error && !streaming) return <ReviewError review={review} />;
  if (!runId) return null;
  const own = hunks.filter((h) => h.runId === runId);
  const conflicts = own.filter((h) => h.conflict).length;
  const run = review.runs[runId];
  const others = hunks.length - own.length;

  return (
    <section
      aria-label="AI changes"
      data-testid="review-bar"
      data-status={streaming === runId ? "streaming" : "review"}
      onMouseDown={keepFocus}
      className="flex shrink-0 flex-wrap items-center gap-2 border-t border-indigo-100 bg-indigo-50/50 px-3 py-2 text-sm sm:px-5 dark:border-indigo-500/20 dark:bg-indigo-500/5"
    >
      <SparklesIcon className="size-4 text-indigo-600 dark:text-indigo-400" />
      <span className="font-medium text-neutral-900 dark:text-neutral-100">{run?.label ?? "AI suggestions"}</span>
      <span aria-live="polite" data-testid="review-count" className="text-neutral-600 dark:text-neutral-400">
        {streaming === runId && !own.length ? (
          <ModelWait label="Writing…" />
        ) : streaming === runId ? (
          <span className="inline-flex items-center gap-1.5">
            <Spinner className="size-3" /> Writing… {own.length} so far
          </span>
        ) : (
          `${own.length} ${own.length === 1 ? "change" : "changes"}${conflicts ? `, ${conflicts} conflicting` : ""}${others ? ` (+${others} elsewhere)` : ""}`
        )}
      </span>
      {/* On a phone the buttons wrap and Try again shows its icon only, so Accept all stays on screen. */}
      <div className="ml-auto flex flex-wrap items-center justify-end gap-1.5">
        <Button size="sm" variant="ghost" aria-label="Previous change" title={`Previous change — ${reviewKeys.previous.hint}`} onClick={review.previous} data-testid="review-previous">
          <ArrowUpIcon />
        </Button>
        <Button size="sm" variant="ghost" aria-label="Next change" title={`Next change — ${reviewKeys.next.hint}`} onClick={review.next} data-testid="review-next">
          <ArrowDownIcon />
        </Button>
        {streaming === runId ? (
          <Button size="sm" onClick={review.stop} title="Stop — Escape; what arrived stays as suggestions" data-testid="review-stop">
            <StopIcon /> Stop
          </Button>
        ) : (
          <>
            {review.canRevise(runId) ? (
              <ModelRetryButton
                error={review.retryWait}
                size="sm"
                variant="ghost"
                onClick={() => review.tryAgain(runId)}
                title="Ask again for this text: the new answer replaces these changes"
                data-testid="review-try-again"
              >
                <RefreshIcon /> <span className="max-sm:sr-only">Try again</span>
              </ModelRetryButton>
            ) : null}
            <Button size="sm" onClick={() => review.rejectAll(runId)} data-testid="review-reject-all">
              <CloseIcon /> Reject all
            </Button>
            <Button size="sm" variant="primary" onClick={() => review.acceptAll(runId)} data-testid="review-accept-all">
              <CheckIcon /> Accept all
            </Button>
          </>
        )}
      </div>
      {streaming !== runId && review.canRevise(runId) ? <FollowUp key={runId} onSubmit={(instruction) => review.followUp(runId, instruction)} /> : null}
    </section>
  );
}

/** A follow-up instruction ("more formal", "keep the first sentence") that revises the run's changes in place. */
function FollowUp({ onSubmit }: { onSubmit: (instruction: string) => void }) {
  const [instruction, setInstruction] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!instruction.trim()) return;
    onSubmit(instruction.trim());
    setInstruction("");
  };
  return (
    // The field takes focus on a click (the bar keeps the editor's focus for its buttons only).
    <form onSubmit={submit} onMouseDown={(event) => event.stopPropagation()} className="flex w-full items-center gap-2">
      <input
        aria-label="Follow-up instruction for these changes"
        placeholder="Follow up: “more formal”, “keep the first sentence”…"
        value={instruction}
        maxLength={limits.instructionChars}
        onChange={(event) => setInstruction(event.target.value)}
        data-testid="review-follow-up"
        className="min-w-0 flex-1 rounded-md border border-neutral-300 bg-white px-2.5 py-1 text-sm text-neutral-900 placeholder:text-neutral-400 focus:border-indigo-500 focus:outline-none dark:border-neutral-700 dark:bg-neutral-900 dark:text-neutral-100"
      />
      <Button size="sm" type="submit" disabled={!instruction.trim()} data-testid="review-follow-up-submit">
        <SparklesIcon /> Revise
      </Button>
    </form>
  );
}

function ReviewError({ review }: { review: TrackedEdits }) {
  return (
    <section
      role="alert"
      data-testid="review-error"
      className="flex shrink-0 flex-wrap items-center gap-2 border-t border-red-100 bg-red-50/60 px-3 py-2 text-sm text-red-800 sm:px-5 dark:border-red-500/20 dark:bg-red-500/10 dark:text-red-300"
    >
      <AlertIcon className="size-4 shrink-0" />
      <p className="min-w-0 flex-1">{review.error?.message}</p>
      <ModelRetryButton error={review.error} size="sm" onClick={review.retry} data-testid="review-retry">
        <RefreshIcon /> Try again
      </ModelRetryButton>
      <Button size="sm" variant="ghost" aria-label="Dismiss" onClick={review.dismiss} data-testid="review-dismiss">
        <CloseIcon />
      </Button>
    </section>
  );
}

/** How suggestions read in the document: insertions underlined green, deletions struck red, conflicts amber. */
export const suggestionStyles = cn(
  "[&_ins[data-suggestion-id]]:rounded-sm [&_ins[data-suggestion-id]]:bg-emerald-100 [&_ins[data-suggestion-id]]:text-emerald-950 [&_ins[data-suggestion-id]]:underline [&_ins[data-suggestion-id]]:decoration-emerald-600 [&_ins[data-suggestion-id]]:decoration-2 [&_ins[data-suggestion-id]]:box-decoration-clone",
  "dark:[&_ins[data-suggestion-id]]:bg-emerald-400/20 dark:[&_ins[data-suggestion-id]]:text-emerald-100 dark:[&_ins[data-suggestion-id]]:decoration-emerald-400",
  "[&_del[data-suggestion-id]]:rounded-sm [&_del[data-suggestion-id]]:bg-rose-100/70 [&_del[data-suggestion-id]]:text-rose-800 [&_del[data-suggestion-id]]:decoration-rose-600 [&_del[data-suggestion-id]]:box-decoration-clone",
  "dark:[&_del[data-suggestion-id]]:bg-rose-400/15 dark:[&_del[data-suggestion-id]]:text-rose-300 dark:[&_del[data-suggestion-id]]:decoration-rose-400",
  "[&_[data-conflict]]:bg-amber-100 [&_[data-conflict]]:text-amber-950 [&_[data-conflict]]:outline-1 [&_[data-conflict]]:outline-dashed [&_[data-conflict]]:outline-amber-600",
  "dark:[&_[data-conflict]]:bg-amber-400/20 dark:[&_[data-conflict]]:text-amber-100 dark:[&_[data-conflict]]:outline-amber-400",
  "[&_.dw-pending]:opacity-60 [&_.dw-pending]:decoration-dashed",
  "[&_.dw-rewriting]:bg-indigo-50/70 dark:[&_.dw-rewriting]:bg-indigo-500/10",
);
