import type { DocumentContent } from "@/lib/contracts/documents";
import { type AuthorshipAttrs, authorshipMarkName } from "./marks";

type JsonNode = NonNullable<DocumentContent["content"]>[number];

/** Saved document content whose every text is AI-written with `attrs` (an AI-drafted article opened as a document). */
export function markJsonAiWritten(content: DocumentContent, attrs: AuthorshipAttrs): DocumentContent {
  const mark = { type: authorshipMarkName, attrs: { ...attrs } };
  const visit = (node: JsonNode): JsonNode => {
    if (typeof node.text === "string") return { ...node, marks: [...(node.marks ?? []).filter((m) => m.type !== authorshipMarkName), mark] };
    return node.content ? { ...node, content: node.content.map(visit) } : node;
  };
  return { ...content, content: (content.content ?? []).map(visit) };
}
