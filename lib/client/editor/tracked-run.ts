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
}

const liveRunKey = new PluginKey<LiveRun | null>("draftwiseLiveRun");

const setRun = (tr: Transaction, run: LiveRun | null) => tr.setMeta(liveRunKey, { run });

/** The writer's typing at the range's edges stays outside it. */
function mapRun(run: LiveRun, tr: Transaction): LiveRun {
  const from = tr.mapping.map(run.from, 1);
  return { ...run, from, to: Math.max(from, tr.mapping.map(run.to, -1)), pending: run.pending.map(tr.mapping, tr.doc) };
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

/** A range's Markdown as the writer's original (pending suggestions settled as the original), or as proposed. */
export function rangeMarkdown(doc: Node, from: number, to: number, as: "original" | "accepted" = "original"): string {
  const content = { type: "doc", content: doc.slice(from, to, true).content.toJSON() ?? [] } as DocumentContent;
  return documentToMarkdown(settleSuggestions(content, as)).replace(/\n+$/, "");
}

/** Starts a run on `range`; the selection collapses to its end, so it doesn't hide the changes arriving. */
export function beginRun(editor: Editor, runId: string, range: Range, info?: SuggestionInfo): void {
  const run: LiveRun = { runId, ...range, pending: DecorationSet.empty, ...(info ? { info } : {}) };
  const tr = editor.state.tr.setSelection(TextSelection.near(editor.state.doc.resolve(range.to), -1));
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

/** Proposes the answer so far for the run's range; false when the run is gone. */
export function streamStep(editor: Editor, { runId, original, answer, done, blocks }: StreamStep): boolean {
  const { state } = editor;
  const run = liveRun(state);
  if (editor.isDestroyed || !run || run.runId !== runId) return false;
  const proposal = streamProposal(original, answer, done);
  const text = rebaseProposal(original, rangeMarkdown(state.doc, run.from, run.to), proposal.text, (ours) => `${conflictOpen}${ours}${conflictClose}`);
  const tr = reviseRun(state, { from: run.from, to: run.to, replacement: blocks ? proposedBlocks(state.schema, text) : markdownToSlice(state.schema, text), runId, ...(run.info ? { info: run.info } : {}) });
  const from = tr.mapping.map(run.from, -1);
  let to = tr.mapping.map(run.to, 1);
  to -= flagConflicts(tr, from, to);
  const hunks = proposal.pending ? findSuggestions(tr.doc, from, to).filter((hunk) => hunk.runId === runId) : [];
  const latest = hunks.at(-1);
  const pending = latest ? DecorationSet.create(tr.doc, latest.spans.map((span) => Decoration.inline(span.from, span.to, { class: "dw-pending" }))) : DecorationSet.empty;
  editor.view.dispatch(setRun(tr, { ...run, from, to, pending }));
  return true;
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
