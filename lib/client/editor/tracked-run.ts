import { Extension, type Editor } from "@tiptap/core";
import type { Node } from "@tiptap/pm/model";
import { Plugin, PluginKey, type EditorState, type Transaction } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import type { DocumentContent } from "@/lib/contracts/documents";
import { documentToMarkdown } from "@/lib/documents/convert";
import { type SuggestionAttrs, suggestionMarkName } from "@/lib/editor/suggestions/marks";
import { isSuggestionTransaction } from "@/lib/editor/suggestions/meta";
import { settleSuggestions } from "@/lib/editor/suggestions/resolve";
import { findSuggestions } from "@/lib/editor/suggestions/review";
import { rebaseProposal, streamProposal } from "@/lib/editor/suggestions/stream";
import { reviseRun } from "@/lib/editor/suggestions/suggest";
import { markdownToSlice } from "./content";

/**
 * The AI run streaming into the document (docs/architecture.md, "Suggestions"): its range, what the
 * writer changed inside it meanwhile, and the latest hunk still pending. Each step proposes the
 * answer so far for the whole range with `reviseRun` (outside the undo history), rebased on the
 * writer's edits, and flags the hunks that touch them as conflicts.
 */

interface Range {
  from: number;
  to: number;
}

interface LiveRun extends Range {
  runId: string;
  /** What the writer typed or deleted inside the range since the run began. */
  written: Range[];
  pending: DecorationSet;
}

const liveRunKey = new PluginKey<LiveRun | null>("draftwiseLiveRun");

const setRun = (tr: Transaction, run: LiveRun | null) => tr.setMeta(liveRunKey, { run });

function mapRun(run: LiveRun, tr: Transaction): LiveRun {
  const { mapping } = tr;
  // The writer's typing at the range's edges stays outside it; their typing inside grows their ranges.
  const writer = !isSuggestionTransaction(tr);
  const written = run.written.map((range) => ({ from: mapping.map(range.from, writer ? -1 : 1), to: mapping.map(range.to, writer ? 1 : -1) }));
  if (writer) {
    tr.steps.forEach((step, index) => {
      const rest = mapping.slice(index + 1);
      step.getMap().forEach((_oldStart, _oldEnd, newStart, newEnd) => written.push({ from: rest.map(newStart, -1), to: rest.map(newEnd, 1) }));
    });
  }
  const from = mapping.map(run.from, 1);
  return {
    ...run,
    from,
    to: Math.max(from, mapping.map(run.to, -1)),
    written: written.filter((range) => range.to >= from && range.from <= mapping.map(run.to, -1)),
    pending: run.pending.map(mapping, tr.doc),
  };
}

export const LiveRuns = Extension.create({
  name: "liveRuns",
  addProseMirrorPlugins() {
    return [
      new Plugin<LiveRun | null>({
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
      }),
    ];
  },
});

export const liveRun = (state: EditorState) => liveRunKey.getState(state) ?? null;

/** A range's Markdown as the writer's original (pending suggestions settled as the original). */
export function rangeMarkdown(doc: Node, from: number, to: number): string {
  const content = { type: "doc", content: doc.slice(from, to).content.toJSON() ?? [] } as DocumentContent;
  return documentToMarkdown(settleSuggestions(content, "original")).replace(/\n+$/, "");
}

export function beginRun(editor: Editor, runId: string, range: Range): void {
  const run: LiveRun = { runId, ...range, written: [], pending: DecorationSet.empty };
  editor.view.dispatch(setRun(editor.state.tr, run).setMeta("addToHistory", false));
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
}

/** Proposes the answer so far for the run's range; false when the run is gone. */
export function streamStep(editor: Editor, { runId, original, answer, done }: StreamStep): boolean {
  const { state } = editor;
  const run = liveRun(state);
  if (editor.isDestroyed || !run || run.runId !== runId) return false;
  const proposal = streamProposal(original, answer, done);
  const text = rebaseProposal(original, rangeMarkdown(state.doc, run.from, run.to), proposal.text);
  const tr = reviseRun(state, { from: run.from, to: run.to, replacement: markdownToSlice(state.schema, text), runId });
  const from = tr.mapping.map(run.from, -1);
  const to = tr.mapping.map(run.to, 1);
  const written = run.written.map((range) => ({ from: tr.mapping.map(range.from, 1), to: tr.mapping.map(range.to, -1) }));
  const hunks = findSuggestions(tr.doc, from, to).filter((hunk) => hunk.runId === runId);
  const type = state.schema.marks[suggestionMarkName]!;
  for (const hunk of hunks) {
    if (!written.some((range) => range.from <= hunk.to && range.to >= hunk.from)) continue;
    for (const span of hunk.spans) {
      const attrs: SuggestionAttrs = { kind: span.kind, id: hunk.id, runId, conflict: true };
      tr.addMark(span.from, span.to, type.create(attrs));
    }
  }
  const latest = proposal.pending ? hunks.at(-1) : undefined;
  const pending = latest ? DecorationSet.create(tr.doc, latest.spans.map((span) => Decoration.inline(span.from, span.to, { class: "dw-pending" }))) : DecorationSet.empty;
  editor.view.dispatch(setRun(tr, { runId, from, to, written, pending }));
  return true;
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
