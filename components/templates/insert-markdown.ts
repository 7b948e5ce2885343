import type { Editor } from "@tiptap/core";
import { directRunRecord, writtenByAi } from "@/lib/client/editor/authorship";
import { markdownToBlocks } from "@/lib/client/editor/content";
import { insertBlocks, workPoint } from "@/lib/editor/insertion-point";

/**
 * Puts generated Markdown into the document as new blocks (headings, lists and paragraphs become
 * the document's own) at the last place the writer worked, or at the end: never inside the block
 * the cursor is in, so never inside the title. One undo step of its own. The text is AI-written, accepted by inserting it.
 */
export function insertGeneratedMarkdown(editor: Editor, markdown: string, run: { model?: string; template?: string } = {}): boolean {
  if (editor.isDestroyed || markdown.trim() === "") return false;
  const blocks = markdownToBlocks(editor.state.schema, markdown.trim());
  if (blocks.size === 0) return false;
  const { tr, from, to } = insertBlocks(editor.state, blocks, workPoint(editor.state));
  const record = directRunRecord(editor, { action: "template", model: run.model, instruction: run.template && `Template: ${run.template}` });
  editor.view.dispatch(writtenByAi(tr, from, to, record).scrollIntoView());
  return true;
}
