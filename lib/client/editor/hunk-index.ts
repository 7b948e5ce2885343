import type { Transaction } from "@tiptap/pm/state";
import { findSuggestions, type Hunk } from "@/lib/editor/suggestions/review";

/**
 * The pending hunks kept up to date through a transaction without scanning the whole document
 * (docs/architecture.md, "Suggestions"): hunks away from what the transaction touched only move
 * (their positions mapped), and only the touched stretch, widened to the hunks it reaches, is scanned
 * again. The result equals `findSuggestions(tr.doc)`.
 */

interface Range {
  from: number;
  to: number;
}

/** What the transaction's steps touched, in positions of `tr.doc`; null when nothing. Mark steps count. */
function touched(tr: Transaction): Range | null {
  let out: Range | null = null;
  tr.steps.forEach((step, index) => {
    const rest = tr.mapping.slice(index + 1);
    const here: Range[] = [];
    step.getMap().forEach((_oldStart, _oldEnd, newStart, newEnd) => here.push({ from: newStart, to: newEnd }));
    // Mark steps move nothing: their own range is what they touched.
    const { from, to } = step as unknown as Partial<Range>;
    if (!here.length && typeof from === "number" && typeof to === "number") here.push({ from, to });
    for (const r of here) {
      const mapped = { from: rest.map(r.from, -1), to: rest.map(r.to, 1) };
      out = out ? { from: Math.min(out.from, mapped.from), to: Math.max(out.to, mapped.to) } : mapped;
    }
  });
  return out;
}

/** `hunks` (those of the transaction's first document) as they are in `tr.doc`. */
export function updateHunks(hunks: readonly Hunk[], tr: Transaction): Hunk[] {
  if (!tr.steps.length) return [...hunks];
  const range = touched(tr);
  if (!range) return [...hunks];
  const { mapping } = tr;
  const moved = hunks.map((hunk) => ({
    ...hunk,
    from: mapping.map(hunk.from, 1),
    to: mapping.map(hunk.to, -1),
    spans: hunk.spans.map((span) => ({ ...span, from: mapping.map(span.from, 1), to: mapping.map(span.to, -1) })),
  }));
  // Every hunk the touched stretch reaches (edges included) is scanned again, whole.
  let from = range.from;
  let to = range.to;
  const reached = (hunk: Hunk) => hunk.from <= to && hunk.to >= from;
  for (let grew = true; grew; ) {
    grew = false;
    for (const hunk of moved) {
      if (!reached(hunk) || (hunk.from >= from && hunk.to <= to)) continue;
      from = Math.min(from, hunk.from);
      to = Math.max(to, hunk.to);
      grew = true;
    }
  }
  from = Math.max(0, from);
  to = Math.min(tr.doc.content.size, to);
  const kept = moved.filter((hunk) => !reached(hunk));
  const scanned = findSuggestions(tr.doc, from, to);
  return [...kept, ...scanned].sort((a, b) => a.from - b.from);
}
