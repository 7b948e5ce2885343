import { Extension, type Editor } from "@tiptap/core";
import { Fragment, type Node, type Schema } from "@tiptap/pm/model";
import { Plugin, PluginKey, TextSelection, type EditorState, type Transaction } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import type { DocumentContent } from "@/lib/contracts/documents";
import { documentToMarkdown } from "@/lib/documents/convert";
import { type SuggestionAttrs, type SuggestionInfo, suggestionMarkName } from "@/lib/editor/suggestions/marks";
import { settleSuggestions } from "@/lib/editor/suggestions/resolve";
import { findSuggestions } from "@/lib/editor/suggestions/review";
import { rebaseProposal, streamProposal } from "@/lib/editor/suggestions/stream";
import { reviseRun } from "@/lib/editor/suggestions/suggest";
import { markdownToBlocks, markdownToSlice } from "./content";

/**
 * The AI run streaming into the document (docs/architecture.md, "Suggestions"): its range and the
 * latest hunk still pending. Each step proposes the answer so far for the whole range with
 * `reviseRun` (outside the undo history), rebased on what the writer changed in it meanwhile, and
 * flags the AI's versions of the stretches they changed as conflicts.
 */

interface Range {
  from: number;
  to: number;
}

interface LiveRun extends Range {
  runId: string;
  pending: DecorationSet;
  /** What every mark of the run carries (action, model, instruction, time). */
  info?: SuggestionInfo;
  /** The writer changed the range's content (not just typed at its edges) since the run began. */
  edited?: boolean;
  /** Where each step starts proposing (see `streamStep`): the paragraphs before it are settled. */
  window?: Window;
}

/** The start of the part of a long run still re-proposed: a position inside the range, and offsets into the original and the answer. */
interface Window {
  pos: number;
  original: number;
  answer: number;
  /** Paragraphs settled before it, for fresh hunk ids. */
  blocks: number;
}

const liveRunKey = new PluginKey<LiveRun | null>("draftwiseLiveRun");

const setRun = (tr: Transaction, run: LiveRun | null) => tr.setMeta(liveRunKey, { run });

/** The writer's typing at the range's edges stays outside it. */
function mapRun(run: LiveRun, tr: Transaction): LiveRun {
  const from = tr.mapping.map(run.from, 1);
  const to = Math.max(from, tr.mapping.map(run.to, -1));
  // Nodes outside the change are shared between the two documents, so this compares only what changed.
  const edited = run.edited || !tr.before.slice(run.from, run.to).content.eq(tr.doc.slice(from, to).content);
  const window = run.window && !edited ? { ...run.window, pos: tr.mapping.map(run.window.pos, 1) } : undefined;
  return { ...run, from, to, pending: run.pending.map(tr.mapping, tr.doc), edited, ...(window ? { window } : { window: undefined }) };
}

export function liveRuns(): Plugin<LiveRun | null> {
  return new Plugin<LiveRun | null>({
    key: liveRunKey,
    state: {
      init: () => null,
      apply(tr, run) {
        const meta = tr.getMeta(liveRunKey) as { run: LiveRun | null } | undefined;
        if (meta) return meta.run;
        return run && tr.docChanged ? mapRun(run, tr) : run;
      },
    },
    props: {
      decorations(state) {
        const run = liveRunKey.getState(state);
        if (!run) return null;
        const working = run.to > run.from ? [Decoration.inline(run.from, run.to, { class: "dw-rewriting" })] : [];
        return DecorationSet.create(state.doc, [...working, ...run.pending.find()]);
      },
    },
  });
}

export const LiveRuns = Extension.create({
  name: "liveRuns",
  addProseMirrorPlugins: () => [liveRuns()],
});

export const liveRun = (state: EditorState) => liveRunKey.getState(state) ?? null;

/** A fresh id for a run of AI text (its suggestions' and its authorship marks' `runId`). */
export const newRunId = () => crypto.randomUUID().replaceAll("-", "").slice(0, 16);

/** A range's Markdown as the writer's original (pending suggestions settled as the original), or as proposed. */
export function rangeMarkdown(doc: Node, from: number, to: number, as: "original" | "accepted" = "original"): string {
  const content = { type: "doc", content: doc.slice(from, to, true).content.toJSON() ?? [] } as DocumentContent;
  return documentToMarkdown(settleSuggestions(content, as)).replace(/\n+$/, "");
}

/**
 * Where `at` falls in the Markdown of the range starting at `from` (`rangeMarkdown(doc, from, to)`): at a
 * block's start, after the blank line that the Markdown of the text before it doesn't end with.
 */
export function markdownOffset(doc: Node, from: number, at: number): number {
  if (at <= from) return 0;
  const before = rangeMarkdown(doc, from, at).length;
  return doc.resolve(at).parentOffset === 0 && before > 0 ? before + 2 : before;
}

/**
 * Starts a run on `range`; the selection collapses to its end, so it doesn't hide the changes arriving.
 * A run started again on its own range (another variant, a re-proposal) leaves the selection where the
 * writer has it: they may be typing elsewhere meanwhile.
 */
export function beginRun(editor: Editor, runId: string, range: Range, info?: SuggestionInfo, { again = false }: { again?: boolean } = {}): void {
  const run: LiveRun = { runId, ...range, pending: DecorationSet.empty, ...(info ? { info } : {}) };
  const tr = again ? editor.state.tr : editor.state.tr.setSelection(TextSelection.near(editor.state.doc.resolve(range.to), -1));
  editor.view.dispatch(setRun(tr, run).setMeta("addToHistory", false));
}

export function endRun(editor: Editor): void {
  if (!editor.isDestroyed && liveRun(editor.state)) editor.view.dispatch(setRun(editor.state.tr, null).setMeta("addToHistory", false));
}

interface StreamStep {
  runId: string;
  /** The range's Markdown when the run began. */
  original: string;
  answer: string;
  done: boolean;
  /** The range is a point between blocks (Insert below): the answer goes in as whole blocks. */
  blocks?: boolean;
}

/**
 * A run's original this long (Markdown characters) is re-proposed from a window: each step costs what
 * the text since the last settled paragraph costs, not the whole range (a 2,000-word rewrite would
 * otherwise block the page for longer every frame). Shorter runs are proposed whole.
 */
const windowFrom = 4_000;
/** Paragraphs of the answer kept in the window behind the one arriving (the diff may still move a word across one). */
const windowMargin = 2;

/** Proposes the answer so far for the run's range; false when the run is gone. */
export function streamStep(editor: Editor, { runId, original, answer, done, blocks }: StreamStep): boolean {
  const { state } = editor;
  const run = liveRun(state);
  if (editor.isDestroyed || !run || run.runId !== runId) return false;
  // The writer's edits in the range need the whole of it rebased on them: no window then.
  const window = run.edited ? undefined : (run.window ?? (original.length >= windowFrom ? { pos: run.from, original: 0, answer: 0, blocks: 0 } : undefined));
  const start = window?.pos ?? run.from;
  const arrived = window ? answer.slice(window.answer) : answer;
  // Nor does a step look far past the paragraph arriving: the original there stays as it is.
  const ahead = window && !done ? windowEnd(state.doc, window.pos, original.slice(window.original), arrived, run.to) : null;
  const base = ahead ? ahead.original : window ? original.slice(window.original) : original;
  const end = ahead?.to ?? run.to;
  const proposal = streamProposal(base, arrived, done);
  // Unedited, the range still reads as the original: nothing to rebase on.
  const text = run.edited ? rebaseProposal(original, rangeMarkdown(state.doc, run.from, run.to), proposal.text, (ours) => `${conflictOpen}${ours}${conflictClose}`) : proposal.text;
  let counter = 0;
  const newId = window ? () => `${runId}-${window.blocks.toString(36)}-${(counter++).toString(36)}` : undefined;
  const replacement = blocks ? proposedBlocks(state.schema, text) : markdownToSlice(state.schema, text);
  // A window replaces only its own hunks: those past it, and the blocks a change of structure put after the range.
  const tr = reviseRun(state, { from: start, to: end, replacement, runId, ...(run.info ? { info: run.info } : {}), ...(window ? { newId, settle: { from: start, to: ahead ? end : blocksAfter(state.doc, run.to, runId) } } : {}) });
  const from = tr.mapping.map(run.from, -1);
  const windowStart = window ? tr.mapping.map(start, -1) : from;
  let to = tr.mapping.map(run.to, 1);
  if (run.edited) to -= flagConflicts(tr, from, to);
  const hunks = proposal.pending ? findSuggestions(tr.doc, windowStart, to).filter((hunk) => hunk.runId === runId) : [];
  const latest = hunks.at(-1);
  const pending = latest ? DecorationSet.create(tr.doc, latest.spans.map((span) => Decoration.inline(span.from, span.to, { class: "dw-pending" }))) : DecorationSet.empty;
  const next = window && !done ? advanceWindow(tr.doc, { ...window, pos: windowStart }, base, arrived, to, runId) : window;
  // Tiptap's autolink rescans every changed range for URLs: the AI's text is the AI's, not typed links.
  tr.setMeta("preventAutolink", true);
  editor.view.dispatch(setRun(tr, { runId, from, to, pending, edited: run.edited, ...(run.info ? { info: run.info } : {}), ...(next ? { window: next } : {}) }));
  return true;
}

/**
 * Moves the window past the answer's paragraphs that are complete (all but the last `windowMargin`
 * and the one arriving), when the window still has one paragraph of the document for each paragraph
 * of its original (no change of block structure to keep whole) and they are plain textblocks.
 */
function advanceWindow(doc: Node, window: Window, base: string, arrived: string, to: number, runId: string): Window {
  const answerBlocks = blockStarts(arrived);
  const originalBlocks = blockStarts(base);
  const settle = Math.min(answerBlocks.length - 1 - windowMargin, originalBlocks.length - 1);
  if (settle < 1) return window;
  // The document's paragraphs in the window: the one the window starts in, then the following ones.
  const $start = doc.resolve(window.pos);
  if ($start.depth !== 1 || !$start.parent.isTextblock) return window;
  const blocks: { node: Node; pos: number }[] = [];
  for (let index = $start.index(0), pos = $start.before(1); index < doc.childCount && pos < to; index++) {
    const node = doc.child(index);
    blocks.push({ node, pos });
    pos += node.nodeSize;
  }
  if (blocks.length !== originalBlocks.length || blocks.some((b) => !b.node.isTextblock) || blocksAfter(doc, to, runId) > to) return window;
  // A hunk across the new start would be cut in two.
  const pos = blocks[settle]!.pos + 1;
  if (findSuggestions(doc, window.pos, to).some((hunk) => hunk.from < pos && hunk.to > pos)) return window;
  return { pos, original: window.original + originalBlocks[settle]!, answer: window.answer + answerBlocks[settle]!, blocks: window.blocks + settle };
}

/**
 * Where a window's step can stop: the end of the paragraph `windowMargin` past the one the answer is
 * in, with the original up to there, when the document's paragraphs from the window on are still one
 * for each paragraph of the original (and no later one holds a hunk of the run); null to go to the range's end.
 */
function windowEnd(doc: Node, pos: number, base: string, arrived: string, to: number): { to: number; original: string } | null {
  const last = blockStarts(arrived).length - 1 + windowMargin;
  const originalBlocks = blockStarts(base);
  if (last >= originalBlocks.length - 1) return null;
  const $start = doc.resolve(pos);
  if ($start.depth !== 1 || !$start.parent.isTextblock) return null;
  const blocks: { node: Node; pos: number }[] = [];
  for (let index = $start.index(0), at = $start.before(1); index < doc.childCount && at < to; index++) {
    const node = doc.child(index);
    blocks.push({ node, pos: at });
    at += node.nodeSize;
  }
  if (blocks.length !== originalBlocks.length || blocks.some((b) => !b.node.isTextblock)) return null;
  const stop = blocks[last]!;
  const type = doc.type.schema.marks[suggestionMarkName]!;
  // Past the stop, the run has nothing yet: its hunks there would be left behind.
  if (doc.rangeHasMark(stop.pos + stop.node.nodeSize, to, type)) return null;
  return { to: stop.pos + stop.node.nodeSize - 1, original: base.slice(0, originalBlocks[last + 1]).replace(/\n+$/, "") };
}

/** The end of the blocks right after the one holding `to` that are the run's inserted blocks (`to` when there are none). */
function blocksAfter(doc: Node, to: number, runId: string): number {
  const $to = doc.resolve(to);
  if ($to.depth < 1) return to;
  let end = to;
  for (let index = $to.indexAfter(0), pos = $to.after(1); index < doc.childCount; index++) {
    const node = doc.child(index);
    let inserted = node.textContent.length > 0;
    node.descendants((child) => {
      if (child.isText && !child.marks.some((m) => m.type.name === suggestionMarkName && m.attrs.runId === runId && m.attrs.kind === "insertion")) inserted = false;
      return inserted;
    });
    if (!inserted) break;
    pos += node.nodeSize;
    end = pos;
  }
  return end;
}

/** Where each Markdown paragraph of `text` starts (after a blank line). */
function blockStarts(text: string): number[] {
  return [0, ...Array.from(text.matchAll(/\n{2,}/g), (m) => m.index + m[0].length)];
}

/** Nothing yet is no block (parsing "" would give an empty, unmarked paragraph). */
const proposedBlocks = (schema: Schema, markdown: string) => (markdown.trim() ? markdownToBlocks(schema, markdown) : Fragment.empty);

// Private-use characters around the AI's version of a stretch the writer changed: found in the
// proposed text after the diff, removed, and their hunks flagged.
const conflictOpen = "\uE000";
const conflictClose = "\uE001";
const sentinel = /[\uE000\uE001]/g;

/** Removes the conflict sentinels in [from, to), flagging the hunks that held them; returns how many went. */
function flagConflicts(tr: Transaction, from: number, to: number): number {
  const found: { pos: number; mark: SuggestionAttrs | undefined }[] = [];
  tr.doc.nodesBetween(from, to, (node, pos) => {
    if (!node.isText) return true;
    const mark = node.marks.find((m) => m.type.name === suggestionMarkName)?.attrs as SuggestionAttrs | undefined;
    for (const match of node.text!.matchAll(sentinel)) found.push({ pos: pos + match.index, mark });
    return false;
  });
  if (!found.length) return 0;
  const ids = new Set(found.flatMap(({ mark }) => (mark ? [mark.id] : [])));
  for (const { pos } of found.reverse()) tr.delete(pos, pos + 1);
  const type = tr.doc.type.schema.marks[suggestionMarkName]!;
  for (const hunk of findSuggestions(tr.doc, from, to - found.length)) {
    if (!ids.has(hunk.id)) continue;
    for (const span of hunk.spans) {
      // The span's own mark: flagging keeps the run's action, model, instruction and time.
      const attrs = tr.doc.nodeAt(span.from)?.marks.find((m) => m.type === type)?.attrs as SuggestionAttrs;
      tr.addMark(span.from, span.to, type.create({ ...attrs, kind: span.kind, conflict: true } satisfies SuggestionAttrs));
    }
  }
  return found.length;
}

/** The id of the hunk at the cursor (just after or before it), if any. */
export function suggestionAt(state: EditorState): string | undefined {
  const { $head } = state.selection;
  for (const node of [$head.nodeAfter, $head.nodeBefore]) {
    const mark = node?.marks.find((m) => m.type.name === suggestionMarkName);
    if (mark) return (mark.attrs as SuggestionAttrs).id;
  }
  return undefined;
}
