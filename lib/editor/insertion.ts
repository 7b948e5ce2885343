import { Slice } from "@tiptap/pm/model";
import type { EditorState, Transaction } from "@tiptap/pm/state";
import { suggestEdit } from "./suggestions/suggest";

/**
 * Proposes `content` at `at` as one run of tracked insertions (nothing of the writer's is marked
 * deleted): a single paragraph of text goes in at the position, inside its paragraph; anything
 * with several blocks (paragraphs, a list, a heading) goes in as whole blocks after the top-level
 * block holding the position, so the block the writer is in isn't split.
 */
export function suggestInsertion(state: EditorState, { at, content, runId }: { at: number; content: Slice; runId: string }): Transaction {
  const $at = state.doc.resolve(at);
  const only = content.content.childCount === 1 ? content.content.firstChild : null;
  const inline = content.openStart > 0 && only?.type.name === "paragraph" && $at.parent.isTextblock;
  if (inline || $at.depth === 0) return suggestEdit(state, { from: at, to: at, replacement: content, runId });
  const after = $at.after(1);
  return suggestEdit(state, { from: after, to: after, replacement: new Slice(content.content, 0, 0), runId });
}
