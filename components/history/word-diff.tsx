"use client";

import { useMemo } from "react";
import { diffWords, type ChangeObject } from "diff";
import { cn } from "@/lib/utils";

interface WordDiffProps {
  /** The text as it is now. */
  from: string;
  /** The text as it would become. */
  to: string;
  /** Long unchanged stretches shrink to the words around the changes (a short preview). */
  condensed?: boolean;
  className?: string;
  testId?: string;
}

const CONTEXT_WORDS = 8;
// A pathological pair of long texts must not freeze the page.
const DIFF_TIMEOUT_MS = 1_500;

/** An unchanged stretch cut to its edges: the words next to the changes before and after it. */
function shorten(text: string, first: boolean, last: boolean): string {
  const words = text.split(/(\s+)/);
  const keep = CONTEXT_WORDS * 2;
  const head = first ? [] : words.slice(0, keep);
  const tail = last ? [] : words.slice(-keep);
  if (head.length + tail.length >= words.length) return text;
  return `${head.join("")}${head.length ? " " : ""}…${tail.length ? " " : ""}${tail.join("")}`;
}

/** Word-level changes between two texts: insertions underlined in green, deletions struck through in red. */
export function WordDiff({ from, to, condensed = false, className, testId }: WordDiffProps) {
  const parts = useMemo<ChangeObject<string>[] | undefined>(() => diffWords(from, to, { timeout: DIFF_TIMEOUT_MS }), [from, to]);

  if (!parts) return <p className="text-sm text-neutral-500 dark:text-neutral-400">The texts differ too much to compare word by word.</p>;
  if (!parts.some((part) => part.added || part.removed)) {
    return (
      <p data-testid={testId} className="text-sm text-neutral-500 dark:text-neutral-400">
        No differences in the text.
      </p>
    );
  }
  return (
    <div data-testid={testId} className={cn("text-sm leading-6 break-words whitespace-pre-wrap", className)}>
      {parts.map((part, i) => {
        if (part.added) {
          return (
            <ins key={i} className="rounded-sm bg-emerald-100 text-emerald-900 underline decoration-emerald-500 dark:bg-emerald-500/20 dark:text-emerald-100">
              <span className="sr-only">[added: </span>
              {part.value}
              <span className="sr-only">]</span>
            </ins>
          );
        }
        if (part.removed) {
          return (
            <del key={i} className="rounded-sm bg-red-100 text-red-900 line-through decoration-red-500 dark:bg-red-500/20 dark:text-red-100">
              <span className="sr-only">[removed: </span>
              {part.value}
              <span className="sr-only">]</span>
            </del>
          );
        }
        return <span key={i}>{condensed ? shorten(part.value, i === 0, i === parts.length - 1) : part.value}</span>;
      })}
    </div>
  );
}
