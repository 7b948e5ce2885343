"use client";

import { useRef, useState, type ReactNode, type UIEvent } from "react";
import type { HunkSpot, TrackedEdits } from "@/hooks/use-tracked-edits";
import { variantLetter } from "@/lib/editor/variants/spots";
import { variantLabel, wholeVariant, type VariantSet, type VariantState } from "@/lib/editor/variants/variant-set";
import { Button } from "@/components/ui/button";
import { AlertIcon, CheckIcon, CloseIcon } from "@/components/ui/icons";
import { IconButton } from "@/components/ui/icon-button";
import { Spinner } from "@/components/ui/spinner";
import { cn } from "@/lib/utils";

/** Keeps the editor focused when a button is clicked. */
const keepFocus = (event: { preventDefault: () => void }) => event.preventDefault();

/**
 * A run's variants as cards: side by side on a wide screen, one at a time on a phone (swipe, or the
 * arrows and dots). Each streams its text as it arrives; "Use" puts a whole variant in the document as
 * the run's tracked changes. Shown for the run under review until it is accepted or rejected.
 */
export function VariantsPanel({ review }: { review: TrackedEdits }) {
  const { hunks, streaming, activeId, variantSets } = review;
  const runId = streaming ?? hunks.find((h) => h.id === activeId)?.runId ?? hunks.at(-1)?.runId ?? review.heldVariantRun;
  const set = runId ? variantSets[runId] : undefined;
  if (!runId || !set) return null;
  // The spot cycled last stays at hand here: its change may be gone from the text (its original kept).
  const last = review.lastSpot?.runId === runId ? review.lastSpot : undefined;
  return (
    <VariantCards
      key={runId}
      runId={runId}
      set={set}
      streaming={streaming === runId}
      onPick={(index) => review.pickWholeVariant(runId, index)}
      onClose={() => review.closeVariants(runId)}
    >
      {last ? <SpotSwitcher spot={last} onCycle={(step) => review.cycleVariantSpot(runId, last.spot, step)} label="Variants for the change mixed last" testId="last-spot-switcher" /> : null}
    </VariantCards>
  );
}

interface VariantCardsProps {
  runId: string;
  set: VariantSet;
  streaming: boolean;
  onPick: (index: number) => void;
  onClose: () => void;
  children?: ReactNode;
}

function VariantCards({ runId, set, streaming, onPick, onClose, children }: VariantCardsProps) {
  const rowRef = useRef<HTMLDivElement>(null);
  const [visible, setVisible] = useState(0);
  const inDocument = wholeVariant(set);
  const count = set.variants.length;
  // On a phone the row scrolls one card at a time: the dots follow it.
  const onScroll = (event: UIEvent<HTMLDivElement>) => {
    const row = event.currentTarget;
    const card = row.firstElementChild as HTMLElement | null;
    if (card) setVisible(Math.min(count - 1, Math.max(0, Math.round(row.scrollLeft / (card.offsetWidth + 12)))));
  };
  const show = (index: number) => {
    const card = rowRef.current?.children[index] as HTMLElement | undefined;
    card?.scrollIntoView({ behavior: "smooth", block: "nearest", inline: "start" });
    setVisible(index);
  };

  return (
    <section
      aria-label="Variants"
      data-testid="variants-panel"
      data-run-id={runId}
      data-status={streaming ? "streaming" : "ready"}
      className="flex max-h-[40vh] shrink-0 flex-col gap-2 border-t border-indigo-100 bg-neutral-50/80 px-3 py-2 sm:max-h-[36vh] sm:px-5 dark:border-indigo-500/20 dark:bg-neutral-950/40"
    >
      <div className="flex items-center gap-2 text-sm">
        <span className="font-medium text-neutral-900 dark:text-neutral-100">{count} variants</span>
        <span className="min-w-0 flex-1 truncate text-xs text-neutral-600 dark:text-neutral-400" aria-live="polite" data-testid="variants-status">
          {streaming
            ? "Writing side by side…"
            : inDocument === undefined
              ? "A mix is in the document: cycle each change on its card."
              : `${variantLetter(inDocument)} is in the document. Use another, or mix them change by change.`}
        </span>
        <div className="flex items-center gap-1 sm:hidden" onMouseDown={keepFocus}>
          <Button size="sm" variant="ghost" aria-label="Previous variant" disabled={visible === 0} onClick={() => show(visible - 1)} data-testid="variants-previous">
            ‹
          </Button>
          <Button size="sm" variant="ghost" aria-label="Next variant" disabled={visible === count - 1} onClick={() => show(visible + 1)} data-testid="variants-next">
            ›
          </Button>
        </div>
        {/* Done comparing: the text stays as it is, the variants not taken go. */}
        <IconButton size="sm" label="Close variants" disabled={streaming} onClick={onClose} onMouseDown={keepFocus} data-testid="variants-close">
          <CloseIcon />
        </IconButton>
      </div>
      <div
        ref={rowRef}
        onScroll={onScroll}
        role="list"
        data-testid="variants-row"
        className={cn(
          "flex min-h-0 flex-1 snap-x snap-mandatory gap-3 overflow-x-auto overscroll-x-contain pb-1",
          "sm:grid sm:snap-none sm:overflow-x-visible",
          count === 2 ? "sm:grid-cols-2" : count === 3 ? "sm:grid-cols-3" : "sm:grid-cols-4",
        )}
      >
        {set.variants.map((variant, index) => (
          <VariantCard key={index} index={index} variant={variant} inDocument={inDocument === index} onPick={() => onPick(index)} />
        ))}
      </div>
      {children ? (
        <div className="flex items-center gap-2 text-xs text-neutral-600 sm:max-w-xs dark:text-neutral-400" onMouseDown={keepFocus}>
          <span className="shrink-0">Mixed last:</span>
          {children}
        </div>
      ) : null}
      {/* Which card a phone shows; a wide screen shows them all. */}
      <div className="flex justify-center gap-1.5 sm:hidden" aria-hidden="true" data-testid="variants-dots">
        {set.variants.map((_, index) => (
          <span key={index} className={cn("size-1.5 rounded-full", index === visible ? "bg-indigo-600 dark:bg-indigo-400" : "bg-neutral-300 dark:bg-neutral-700")} />
        ))}
      </div>
    </section>
  );
}

function VariantCard({ index, variant, inDocument, onPick }: { index: number; variant: VariantState; inDocument: boolean; onPick: () => void }) {
  const label = variantLabel(variant, index);
  const headingId = `variant-${index}-label`;
  return (
    <article
      role="listitem"
      aria-labelledby={headingId}
      data-testid="variant-card"
      data-variant={index}
      data-status={variant.status}
      data-selected={inDocument}
      className={cn(
        "flex max-h-full w-[85%] shrink-0 snap-start flex-col gap-2 rounded-lg border bg-white p-2.5 sm:w-auto sm:min-w-0 dark:bg-neutral-900",
        inDocument ? "border-indigo-400 ring-1 ring-indigo-400 dark:border-indigo-500 dark:ring-indigo-500" : "border-neutral-200 dark:border-neutral-700",
      )}
    >
      <header className="flex items-center gap-2">
        <h3 id={headingId} className="min-w-0 flex-1 truncate text-xs font-semibold text-neutral-800 dark:text-neutral-200" data-testid="variant-label" title={label}>
          {label}
        </h3>
        {variant.status === "streaming" ? <Spinner className="size-3" /> : null}
      </header>
      {variant.status === "error" ? (
        <p role="alert" className="flex items-start gap-1.5 text-xs text-red-700 dark:text-red-400" data-testid="variant-error">
          <AlertIcon className="mt-0.5 size-3.5 shrink-0" /> {variant.error}
        </p>
      ) : null}
      <div
        tabIndex={0}
        aria-label={`Variant ${variantLetter(index)} text`}
        data-testid="variant-text"
        className="min-h-12 flex-1 overflow-y-auto text-[13px] leading-5 whitespace-pre-wrap text-neutral-800 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-neutral-200"
      >
        {variant.text}
      </div>
      <Button
        size="sm"
        variant={inDocument ? "secondary" : "primary"}
        disabled={inDocument || variant.status === "error" || !variant.text}
        aria-pressed={inDocument}
        aria-label={inDocument ? `Variant ${variantLetter(index)} is in the document` : `Use variant ${variantLetter(index)}`}
        onMouseDown={keepFocus}
        onClick={onPick}
        data-testid="variant-pick"
      >
        {inDocument ? (
          <>
            <CheckIcon /> In the document
          </>
        ) : (
          `Use ${variantLetter(index)}`
        )}
      </Button>
    </article>
  );
}

/** "◀ B 2/3 ▶": cycles the spot of a change through the variants' alternatives for it. */
export function SpotSwitcher({ spot, onCycle, label = "Variants for this change", testId = "spot-switcher" }: { spot: HunkSpot; onCycle: (step: 1 | -1) => void; label?: string; testId?: string }) {
  return (
    <div role="group" aria-label={label} data-testid={testId} className="mt-2 flex items-center gap-1 text-xs text-neutral-700 dark:text-neutral-300">
      <Button size="sm" variant="ghost" aria-label="Previous variant for this change" onClick={() => onCycle(-1)} data-testid="spot-previous" className="h-7 px-2">
        ◀
      </Button>
      <span aria-live="polite" data-testid="spot-label" className="min-w-0 flex-1 truncate text-center">
        <span className="font-semibold">{spot.label}</span> {spot.alternative + 1}/{spot.count}
      </span>
      <Button size="sm" variant="ghost" aria-label="Next variant for this change" onClick={() => onCycle(1)} data-testid="spot-next" className="h-7 px-2">
        ▶
      </Button>
    </div>
  );
}
