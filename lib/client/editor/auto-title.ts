import type { Node as PMNode } from "@tiptap/pm/model";
import type { DocumentContent } from "@/lib/contracts/documents";
import { autoTitle } from "@/lib/documents/title";

/**
 * The editor document's automatic title, read per keystroke: only its first block with text is
 * turned into JSON, never the whole document.
 */
export function editorAutoTitle(doc: PMNode, outlineTitle?: string): string {
  let opening: PMNode | undefined;
  for (let i = 0; i < doc.childCount && !opening; i++) {
    const block = doc.child(i);
    if (block.textContent.trim() !== "") opening = block;
  }
  const content = { type: "doc", content: opening ? [opening.toJSON()] : [] } as DocumentContent;
  return autoTitle({ content, outlineTitle });
}
