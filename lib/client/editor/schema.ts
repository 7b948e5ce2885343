import { emptyDocument, type DocumentContent, type DocumentJson } from "@/lib/contracts/documents";
import { documentSchema } from "@/lib/documents/schema";

/**
 * A document as the editor itself would write it (default attributes filled in, keys in
 * its order), so a state from the server compares equal to the same state in the editor.
 * An empty document gets its one empty paragraph; content the schema rejects stays as it is.
 */
export function normalizeContent(content: DocumentContent): DocumentContent {
  try {
    const node = documentSchema().nodeFromJSON(content);
    return node.childCount === 0 ? emptyDocument : (node.toJSON() as DocumentContent);
  } catch {
    return content;
  }
}

export function normalizeDocument(document: DocumentJson): DocumentJson {
  return { ...document, content: normalizeContent(document.content) };
}
