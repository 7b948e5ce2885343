import { Extension, type Editor } from "@tiptap/core";
import { Plugin, PluginKey, type EditorState, type Transaction } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";

/**
 * - `draft`: the paragraph a section draft is streaming into.
 * - `section`: the whole section being drafted (heading + prose), so a retry can remove it.
 * - `asked`: the selection last attached to a chat question ("Ask about selection"), for "Apply as changes".
 */
type TrackedRangeKind = "draft" | "section" | "asked";

export interface TrackedRange {
  from: number;
  to: number;
}

type Ranges = Partial<Record<TrackedRangeKind, TrackedRange>>;

interface RangeUpdate {
  kind: TrackedRangeKind;
  range: TrackedRange | null;
}

// Growing ranges take in text inserted at their edges (streamed text); fixed ones don't.
const grows: Record<TrackedRangeKind, boolean> = { draft: true, section: true, asked: false };

const trackedRangesKey = new PluginKey<Ranges>("draftwiseTrackedRanges");

function mapRange(range: TrackedRange, tr: Transaction, grow: boolean): TrackedRange {
  const from = tr.mapping.map(range.from, grow ? -1 : 1);
  const to = tr.mapping.map(range.to, grow ? 1 : -1);
  return { from, to: Math.max(from, to) };
}

function decorations(state: EditorState): DecorationSet {
  const ranges = trackedRangesKey.getState(state) ?? {};
  const found: Decoration[] = [];
  const { draft } = ranges;
  if (draft && draft.from < draft.to) found.push(Decoration.inline(draft.from, draft.to, { class: "dw-drafting" }));
  // The heading of the section being drafted says so in the text, as the outline's card does.
  const heading = ranges.section ? state.doc.nodeAt(ranges.section.from) : null;
  if (ranges.section && heading?.type.name === "heading") {
    found.push(Decoration.node(ranges.section.from, ranges.section.from + heading.nodeSize, { class: "dw-drafting-heading", "data-drafting": "true" }));
  }
  return DecorationSet.create(state.doc, found);
}

/** Keeps AI ranges pointing at the same text while the person (or a stream) edits the document. */
export const TrackedRanges = Extension.create({
  name: "trackedRanges",
  addProseMirrorPlugins() {
    return [
      new Plugin<Ranges>({
        key: trackedRangesKey,
        state: {
          init: () => ({}),
          apply(tr, ranges) {
            let next = ranges;
            if (tr.docChanged) {
              next = {};
              for (const [kind, range] of Object.entries(ranges) as [TrackedRangeKind, TrackedRange][]) {
                next[kind] = mapRange(range, tr, grows[kind]);
              }
            }
            const updates = tr.getMeta(trackedRangesKey) as RangeUpdate[] | undefined;
            if (!updates) return next;
            next = { ...next };
            for (const { kind, range } of updates) {
              if (range) next[kind] = range;
              else delete next[kind];
            }
            return next;
          },
        },
        props: { decorations },
      }),
    ];
  },
});

/** Adds a range change to a transaction (several may be queued on one). */
export function trackRange(tr: Transaction, kind: TrackedRangeKind, range: TrackedRange | null): Transaction {
  const queued = (tr.getMeta(trackedRangesKey) as RangeUpdate[] | undefined) ?? [];
  return tr.setMeta(trackedRangesKey, [...queued, { kind, range }]);
}

export function trackedRange(state: EditorState, kind: TrackedRangeKind): TrackedRange | undefined {
  return trackedRangesKey.getState(state)?.[kind];
}

/** Sets or clears a range on its own, outside the undo history. */
export function setTrackedRange(editor: Editor, kind: TrackedRangeKind, range: TrackedRange | null): void {
  if (editor.isDestroyed) return;
  const tr = trackRange(editor.state.tr, kind, range).setMeta("addToHistory", false);
  editor.view.dispatch(tr);
}
