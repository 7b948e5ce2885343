import { Fragment, Slice } from "@tiptap/pm/model";
import type { EditorState, Transaction } from "@tiptap/pm/state";
import type { SuggestionInfo } from "./suggestions/marks";
import { suggestEdit } from "./suggestions/suggest";

/**
 * Proposes `content` at `at` as one run of tracked insertions (nothing of the writer's is marked
 * deleted): a single paragraph of text goes in at the position (after the word it is in), inside its
 * paragraph, with a space where it would otherwise run into the words either side; anything
 * with several blocks (paragraphs, a list, a heading) goes in as whole blocks after the top-level
 * block holding the position, so the block the writer is in isn't split.
 */
export function suggestInsertion(state: EditorState, { at, content, runId, info }: { at: number; content: Slice; runId: string; info?: SuggestionInfo }): Transaction {
  const $at = state.doc.resolve(at);
  const only = content.content.childCount === 1 ? content.content.firstChild : null;
  const inline = content.openStart > 0 && only?.type.name === "paragraph" && $at.parent.isTextblock;
  if (inline) {
    // Inside a word, after it: the word diff would otherwise show the split word as replaced.
    const rest = state.doc.textBetween(at, $at.end(), "\n", "\n");
    const point = /[\p{L}\p{N}]/u.test(state.doc.textBetween(Math.max($at.start(), at - 1), at)) ? at + (/^[\p{L}\p{N}\p{M}]*/u.exec(rest)?.[0].length ?? 0) : at;
    const space = (edge: string, own: string) => edge !== "" && !/\s/.test(edge) && !/\s/.test(own);
    const text = only.textContent;
    let words = only.content;
    if (space(state.doc.textBetween(Math.max($at.start(), point - 1), point), text.slice(0, 1))) words = Fragment.from(state.schema.text(" ")).append(words);
    const after = state.doc.textBetween(point, Math.min($at.end(), point + 1));
    if (/[\p{L}\p{N}]/u.test(after) && space(after, text.slice(-1))) words = words.append(Fragment.from(state.schema.text(" ")));
    return suggestEdit(state, { from: point, to: point, replacement: words, runId, ...(info ? { info } : {}) });
  }
  if ($at.depth === 0) return suggestEdit(state, { from: at, to: at, replacement: content, runId, ...(info ? { info } : {}) });
  const after = $at.after(1);
  return suggestEdit(state, { from: after, to: after, replacement: new Slice(content.content, 0, 0), runId, ...(info ? { info } : {}) });
}
