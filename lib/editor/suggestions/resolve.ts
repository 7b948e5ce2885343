import type { DocumentContent } from "@/lib/contracts/documents";
import { type SuggestionAttrs, suggestionMarkName } from "./marks";

type DocNode = NonNullable<DocumentContent["content"]>[number];

/**
 * A saved document with its pending suggestions settled, for exports and plain-text uses:
 * `original` drops the proposed insertions and keeps the deletions' text, `accepted` the reverse.
 * A textblock whose whole text is dropped goes too (a block the AI proposed or would remove).
 */
export function settleSuggestions(doc: DocumentContent, as: "original" | "accepted"): DocumentContent {
  const dropped = as === "original" ? "insertion" : "deletion";
  const kindOf = (node: DocNode) => (node.marks?.find((mark) => mark.type === suggestionMarkName)?.attrs as SuggestionAttrs | undefined)?.kind;
  const settle = (node: DocNode): DocNode | null => {
    if (!node.content) {
      if (!node.marks?.length) return node;
      const marks = node.marks.filter((mark) => mark.type !== suggestionMarkName);
      return marks.length === node.marks.length ? node : { ...node, marks };
    }
    const inline = node.content.filter((child) => kindOf(child) !== dropped);
    const wholeBlockDropped = node.content.length > 0 && inline.length === 0 && node.content.every((child) => child.text !== undefined || !child.content);
    if (wholeBlockDropped) return null;
    const content = inline.map(settle).filter((child): child is DocNode => child !== null);
    return { ...node, content };
  };
  const content = (doc.content ?? []).map(settle).filter((child): child is DocNode => child !== null);
  return { ...doc, content: content.length ? content : [{ type: "paragraph" }] };
}

/** Whether a saved document holds any pending suggestion . */
export function hasSuggestions(doc: DocumentContent): boolean {
  const stack: DocNode[] = [...(doc.content ?? [])];
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (node.marks?.some((mark) => mark.type === suggestionMarkName)) return true;
    if (node.content) stack.push(...node.content);
  }
  return false;
}
