import { Transform } from "@tiptap/pm/transform";
import type { DocumentContent } from "@/lib/contracts/documents";
import { documentSchema } from "@/lib/documents/schema";
import { type AuthorshipAttrs, authorshipMarkName } from "./marks";

/**
 * Saved document content whose text is AI-written with `attrs` (an AI-drafted article opened as a document).
 * Marked the way the editor marks accepted text, so where the schema allows it: not inside code blocks.
 */
export function markJsonAiWritten(content: DocumentContent, attrs: AuthorshipAttrs): DocumentContent {
  const schema = documentSchema();
  const doc = schema.nodeFromJSON(content);
  const type = schema.marks[authorshipMarkName]!;
  const marked = new Transform(doc).removeMark(0, doc.content.size, type).addMark(0, doc.content.size, type.create({ ...attrs }));
  return marked.doc.toJSON() as DocumentContent;
}
