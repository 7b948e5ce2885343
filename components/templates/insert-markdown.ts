import type { Editor } from "@tiptap/core";
import { closeHistory } from "@tiptap/pm/history";
import { markdownToSlice } from "@/lib/client/editor/content";

/**
 * Puts generated Markdown at the cursor (over the selection, if any), like a paste: headings,
 * lists and paragraphs become the document's own blocks, in one undo step of their own.
 */
export function insertMarkdownAtCursor(editor: Editor, markdown: string): boolean {
  if (editor.isDestroyed || markdown.trim() === "") return false;
  const tr = editor.state.tr;
  closeHistory(tr);
  tr.replaceSelection(markdownToSlice(editor.state.schema, markdown.trim()));
  tr.scrollIntoView();
  editor.view.dispatch(tr);
  return true;
}
