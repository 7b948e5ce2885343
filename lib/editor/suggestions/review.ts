import type { Node } from "@tiptap/pm/model";
import type { EditorState, Transaction } from "@tiptap/pm/state";
import { type Acceptance, acceptedNow, authorshipAttrs, markAiWritten } from "@/lib/editor/authorship/record";
import { type SuggestionAttrs, type SuggestionKind, suggestionMarkName } from "./marks";
import { markSuggestionTransaction } from "./meta";

/** One marked span: a hunk has one or more (its deletion, its insertion, across blocks). */
interface Span {
  from: number;
  to: number;
  kind: SuggestionKind;
}

export interface Hunk {
  id: string;
  runId: string;
  conflict: boolean;
  /** From the first span's start to the last span's end. */
  from: number;
  to: number;
  deleted: string;
  inserted: string;
  spans: Span[];
}

/** Every pending hunk in document order, or those in [from, to) (a scan: for review, not per keystroke). */
export function findSuggestions(doc: Node, from = 0, to = doc.content.size): Hunk[] {
  const hunks = new Map<string, Hunk>();
  doc.nodesBetween(from, to, (node, pos) => {
    if (!node.isInline) return true;
    const mark = node.marks.find((m) => m.type.name === suggestionMarkName);
    if (!mark) return false;
    const { id, runId, kind, conflict } = mark.attrs as SuggestionAttrs;
    const end = pos + node.nodeSize;
    let hunk = hunks.get(id);
    if (!hunk) hunks.set(id, (hunk = { id, runId, conflict, from: pos, to: end, deleted: "", inserted: "", spans: [] }));
    hunk.conflict ||= conflict;
    hunk.to = end;
    const text = node.isText ? node.text! : node.type.spec.leafText?.(node) ?? "\n";
    if (kind === "deletion") hunk.deleted += text;
    else hunk.inserted += text;
    const last = hunk.spans.at(-1);
    if (last && last.kind === kind && last.to === pos) last.to = end;
    else hunk.spans.push({ from: pos, to: end, kind });
    return false;
  });
  return [...hunks.values()].sort((a, b) => a.from - b.from);
}

/** The hunk after `pos` (wrapping to the first), for "next change". */
export function nextSuggestion(doc: Node, pos: number): Hunk | undefined {
  const hunks = findSuggestions(doc);
  return hunks.find((hunk) => hunk.from > pos) ?? hunks[0];
}

/** The hunk before `pos` (wrapping to the last), for "previous change". */
export function previousSuggestion(doc: Node, pos: number): Hunk | undefined {
  const hunks = findSuggestions(doc);
  return hunks.findLast((hunk) => hunk.to < pos) ?? hunks.at(-1);
}

/** Accepting keeps the insertions and drops the deletions; rejecting does the reverse. */
function resolve(state: EditorState, which: (hunk: Hunk) => boolean, accept: boolean, acceptance?: Acceptance): Transaction | null {
  const tr = markSuggestionTransaction(state.tr);
  return settleInto(tr, which, accept, undefined, acceptance) ? tr : null;
}

/**
 * Settles the chosen hunks of `tr.doc` (those in `within`, when the caller knows where they are) into `tr`; false when there are none.
 * Accepted insertions become AI-written text: the authorship mark takes the run's facts from the suggestion mark, and who accepted
 * it when (docs/architecture.md, "Authorship"); a hunk the writer edited inside is "edited" from the start.
 */
export function settleInto(
  tr: Transaction,
  which: (hunk: Hunk) => boolean,
  accept: boolean,
  within?: { from: number; to: number },
  acceptance: Acceptance = acceptedNow(),
): boolean {
  const hunks = findSuggestions(tr.doc, within?.from, within?.to).filter(which);
  if (!hunks.length) return false;
  const type = tr.doc.type.schema.marks[suggestionMarkName]!;
  const dropped: SuggestionKind = accept ? "deletion" : "insertion";
  const spans = hunks.flatMap((hunk) => hunk.spans.map((span) => ({ ...span, conflict: hunk.conflict }))).sort((a, b) => b.from - a.from);
  // Last first, so earlier positions still hold.
  for (const span of spans) {
    if (span.kind !== dropped) {
      const attrs = tr.doc.nodeAt(span.from)?.marks.find((mark) => mark.type === type)?.attrs as SuggestionAttrs | undefined;
      tr.removeMark(span.from, span.to, type);
      if (accept && attrs) markAiWritten(tr, span.from, span.to, authorshipAttrs(attrs.runId, attrs, acceptance, span.conflict ? "edited" : "ai"));
      continue;
    }
    const $from = tr.doc.resolve(span.from);
    // A whole textblock proposed for removal (a block-structure change) goes with its text.
    const wholeBlock = $from.parent.isTextblock && $from.parentOffset === 0 && span.to === $from.end() && $from.depth > 0;
    if (wholeBlock) tr.deleteRange($from.before(), $from.after());
    else tr.delete(span.from, span.to);
  }
  return true;
}

/** Accepts one hunk: one transaction, so one undo step. Null when there is no such hunk. */
export const acceptSuggestion = (state: EditorState, id: string, acceptance?: Acceptance) => resolve(state, (hunk) => hunk.id === id, true, acceptance);
export const rejectSuggestion = (state: EditorState, id: string) => resolve(state, (hunk) => hunk.id === id, false);
/** Accepts every hunk of an AI run in one step. */
export const acceptRun = (state: EditorState, runId: string, acceptance?: Acceptance) => resolve(state, (hunk) => hunk.runId === runId, true, acceptance);
export const rejectRun = (state: EditorState, runId: string) => resolve(state, (hunk) => hunk.runId === runId, false);
