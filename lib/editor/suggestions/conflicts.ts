import type { Node } from "@tiptap/pm/model";
import { isHistoryTransaction } from "@tiptap/pm/history";
import { type EditorState, Plugin, type Transaction } from "@tiptap/pm/state";
import { type SuggestionAttrs, suggestionMarkName } from "./marks";
import { isSuggestionTransaction, markSuggestionTransaction, suggestionsKey } from "./meta";

/**
 * Keeps the writer's edits theirs (docs/architecture.md, "Suggestions"). Hunks move with the text by
 * ProseMirror's mapping; this plugin looks only at the ranges a writer's transaction changed:
 * - text the writer typed or pasted never carries a suggestion mark (typing inside a hunk would
 *   otherwise inherit it, and accepting would delete their words);
 * - a hunk the writer edited inside (not at its edges) is flagged `conflict`, to be reviewed or dropped.
 * Loads and syncs (`addToHistory: false`), undo/redo and the suggestion transactions themselves are left alone.
 */

const isWriterEdit = (tr: Transaction) => tr.docChanged && !isSuggestionTransaction(tr) && !isHistoryTransaction(tr) && tr.getMeta("addToHistory") !== false;

const suggestionId = (node: Node | null | undefined): string | undefined =>
  (node?.marks.find((mark) => mark.type.name === suggestionMarkName)?.attrs as SuggestionAttrs | undefined)?.id;

/** Ids of the hunks an edit of [from, to) in `doc` lands inside. */
function hunksEditedInside(doc: Node, from: number, to: number, ids: Set<string>) {
  const $from = doc.resolve(from);
  const $to = doc.resolve(to);
  const before = suggestionId($from.nodeBefore);
  const after = suggestionId($to.nodeAfter);
  // An insertion or deletion with the same hunk on both sides is inside it.
  if (before && before === after) ids.add(before);
  if (to > from) {
    // Deleting any part of a hunk's text that isn't the hunk as a whole edits it.
    doc.nodesBetween(from, to, (node, pos) => {
      const id = suggestionId(node);
      if (id && (pos < from || pos + node.nodeSize > to || id === before || id === after)) ids.add(id);
      return !node.isInline;
    });
  }
}

/** Flags every span of a hunk near `pos`, searching a window that grows until the hunk fits in it. */
function flagConflict(tr: Transaction, id: string, pos: number) {
  const { doc } = tr;
  for (let reach = 4096; ; reach *= 4) {
    const from = Math.max(0, pos - reach);
    const to = Math.min(doc.content.size, pos + reach);
    const spans: { from: number; to: number; attrs: SuggestionAttrs }[] = [];
    doc.nodesBetween(from, to, (node, at) => {
      const mark = node.marks.find((m) => m.type.name === suggestionMarkName);
      if (mark && mark.attrs.id === id) spans.push({ from: at, to: at + node.nodeSize, attrs: mark.attrs as SuggestionAttrs });
      return !node.isInline;
    });
    const clipped = spans.some((span) => (span.from <= from && from > 0) || (span.to >= to && to < doc.content.size));
    if (clipped) continue;
    const type = doc.type.schema.marks[suggestionMarkName]!;
    for (const span of spans) if (!span.attrs.conflict) tr.addMark(span.from, span.to, type.create({ ...span.attrs, conflict: true }));
    return;
  }
}

export function suggestionConflicts(): Plugin {
  return new Plugin({
    key: suggestionsKey,
    appendTransaction(transactions, _old, state: EditorState) {
      const edits = transactions.filter(isWriterEdit);
      if (!edits.length) return null;
      const written: [number, number][] = [];
      const conflicts = new Map<string, number>();
      for (const tr of transactions) {
        const later = transactions.slice(transactions.indexOf(tr) + 1);
        const toEnd = (pos: number, assoc: number) => later.reduce((at, next) => next.mapping.map(at, assoc), pos);
        if (!edits.includes(tr)) continue;
        tr.steps.forEach((step, index) => {
          const before = tr.docs[index]!;
          const rest = tr.mapping.slice(index + 1);
          step.getMap().forEach((oldStart, oldEnd, newStart, newEnd) => {
            const ids = new Set<string>();
            hunksEditedInside(before, oldStart, oldEnd, ids);
            const from = toEnd(rest.map(newStart, -1), -1);
            const to = toEnd(rest.map(newEnd, 1), 1);
            if (to > from) written.push([from, to]);
            for (const id of ids) conflicts.set(id, from);
          });
        });
      }
      if (!written.length && !conflicts.size) return null;
      const tr = markSuggestionTransaction(state.tr);
      const type = state.schema.marks[suggestionMarkName]!;
      for (const [from, to] of written) if (state.doc.rangeHasMark(from, to, type)) tr.removeMark(from, to, type);
      for (const [id, pos] of conflicts) flagConflict(tr, id, pos);
      return tr.docChanged ? tr : null;
    },
  });
}
