import { Fragment, type MarkType, type Node, Slice } from "@tiptap/pm/model";
import { isHistoryTransaction } from "@tiptap/pm/history";
import { type EditorState, Plugin, type Transaction } from "@tiptap/pm/state";
import { isSuggestionTransaction } from "@/lib/editor/suggestions/meta";
import { type AuthorshipAttrs, authorshipMarkName } from "./marks";
import { authorshipKey, isAuthorshipTransaction, markAuthorshipTransaction } from "./record";

/**
 * Keeps the authorship record right as the writer edits (docs/architecture.md, "Authorship"). Marks move
 * with their text by ProseMirror's mapping; this plugin looks only at the ranges a writer's transaction
 * changed, and at most the paragraphs they are in:
 * - text the writer typed is theirs: typing inside AI text would otherwise inherit its mark. Pasted and
 *   dropped text keeps the marks it came with (from the studio: its record; from elsewhere: none); plain
 *   text pasted inside AI text would take the marks at the caret, so it is the writer's too;
 * - AI text whose words the writer changed (typed inside it, deleted part of it) becomes "edited": all of
 *   that run's text in the paragraph. Splitting, joining and formatting change no words: they leave it "ai".
 * Its changes join the writer's transaction in the undo history, so undo and redo restore exactly what was.
 * Loads and syncs (`addToHistory: false`), undo/redo, the suggestion machinery's transactions and AI text
 * written with its marks (`markAuthorshipTransaction`) are left alone.
 */

const isWriterEdit = (tr: Transaction) =>
  tr.docChanged && !isSuggestionTransaction(tr) && !isAuthorshipTransaction(tr) && !isHistoryTransaction(tr) && tr.getMeta("addToHistory") !== false;

/** Pasted or dropped content brings its own marks. */
const keepsMarks = (tr: Transaction) => tr.getMeta("uiEvent") === "paste" || tr.getMeta("uiEvent") === "drop";

const authorshipOf = (node: Node | null | undefined) => node?.marks.find((mark) => mark.type.name === authorshipMarkName)?.attrs as AuthorshipAttrs | undefined;

const holdsText = (doc: Node, from: number, to: number) => {
  let found = false;
  doc.nodesBetween(from, to, (node) => {
    if (node.isText) found = true;
    return !found;
  });
  return found;
};

/** The runs whose words a change of [from, to) in `doc` changed: part of their text deleted, or text put inside it. */
function runsEdited(doc: Node, from: number, to: number, insertsText: boolean): Set<string> {
  const runs = new Set<string>();
  const before = authorshipOf(doc.resolve(from).nodeBefore)?.runId;
  const after = authorshipOf(doc.resolve(to).nodeAfter)?.runId;
  if (to > from) {
    // Part of a passage went; a passage deleted (or moved) whole is not edited.
    doc.nodesBetween(from, to, (node, pos) => {
      const runId = node.isText ? authorshipOf(node)?.runId : undefined;
      if (runId && (pos < from || pos + node.nodeSize > to || runId === before || runId === after)) runs.add(runId);
      return !node.isInline;
    });
  }
  if (insertsText && before && before === after) runs.add(before);
  return runs;
}

export interface AuthorshipEdit {
  /** Ranges of the new document whose text is the writer's own. */
  written: [number, number][];
  /** Places in the new document whose paragraph holds AI text of `runId` the writer changed. */
  edited: { pos: number; runId: string }[];
}

/** What a batch of transactions did to the record, in positions of the last one's document. */
export function authorshipEdits(transactions: readonly Transaction[]): AuthorshipEdit {
  const result: AuthorshipEdit = { written: [], edited: [] };
  transactions.forEach((tr, trIndex) => {
    if (!isWriterEdit(tr)) return;
    const later = transactions.slice(trIndex + 1);
    const toEnd = (pos: number, assoc: number) => later.reduce((at, next) => next.mapping.map(at, assoc), pos);
    const typed = !keepsMarks(tr);
    tr.steps.forEach((step, index) => {
      const before = tr.docs[index]!;
      const after = index + 1 < tr.docs.length ? tr.docs[index + 1]! : tr.doc;
      const rest = tr.mapping.slice(index + 1);
      step.getMap().forEach((oldStart, oldEnd, newStart, newEnd) => {
        const insertsText = newEnd > newStart && holdsText(after, newStart, newEnd);
        const from = toEnd(rest.map(newStart, -1), -1);
        const to = toEnd(rest.map(newEnd, 1), 1);
        if (typed && insertsText && to > from) result.written.push([from, to]);
        for (const runId of runsEdited(before, oldStart, oldEnd, insertsText)) result.edited.push({ pos: from, runId });
      });
    });
  });
  return result;
}

/** `fragment` without `type` marks. */
function withoutMark(fragment: Fragment, type: MarkType): Fragment {
  const children: Node[] = [];
  fragment.forEach((node) => children.push(node.isText ? node.mark(type.removeFromSet(node.marks)) : node.copy(withoutMark(node.content, type))));
  return Fragment.from(children);
}

/** A paste as plain text carries no record of its own: ProseMirror gives it the marks at the caret. */
export function plainPasteWithoutRecord(slice: Slice, plain: boolean, type: MarkType): Slice {
  return plain ? new Slice(withoutMark(slice.content, type), slice.openStart, slice.openEnd) : slice;
}

/** Turns the run's "ai" text in the paragraph at `pos` to "edited". */
function markEdited(tr: Transaction, pos: number, runId: string) {
  if (pos < 0 || pos > tr.doc.content.size) return;
  const $pos = tr.doc.resolve(pos);
  if (!$pos.parent.isTextblock) return;
  const start = $pos.start();
  const type = tr.doc.type.schema.marks[authorshipMarkName]!;
  $pos.parent.forEach((child, offset) => {
    const attrs = authorshipOf(child);
    if (attrs?.runId === runId && attrs.origin === "ai") tr.addMark(start + offset, start + offset + child.nodeSize, type.create({ ...attrs, origin: "edited" }));
  });
}

export function authorshipTracking(): Plugin {
  return new Plugin({
    key: authorshipKey,
    props: {
      transformPasted: (slice, view, plain) => plainPasteWithoutRecord(slice, plain, view.state.schema.marks[authorshipMarkName]!),
    },
    appendTransaction(transactions, _old, state: EditorState) {
      if (!transactions.some(isWriterEdit)) return null;
      const { written, edited } = authorshipEdits(transactions);
      if (!written.length && !edited.length) return null;
      const tr = markAuthorshipTransaction(state.tr);
      const type = state.schema.marks[authorshipMarkName]!;
      for (const [from, to] of written) if (state.doc.rangeHasMark(from, to, type)) tr.removeMark(from, to, type);
      for (const { pos, runId } of edited) markEdited(tr, pos, runId);
      return tr.docChanged ? tr : null;
    },
  });
}
