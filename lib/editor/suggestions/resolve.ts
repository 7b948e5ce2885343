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
      if (marks.length === node.marks.length) return node;
      const { marks: _, ...rest } = node;
      return marks.length ? { ...rest, marks } : rest;
    }
    const inline = node.content.filter((child) => kindOf(child) !== dropped);
    const wholeBlockDropped = node.content.length > 0 && inline.length === 0 && node.content.every((child) => child.text !== undefined || !child.content);
    if (wholeBlockDropped) return null;
    const content = joinText(inline.map(settle).filter((child): child is DocNode => child !== null));
    if (content.length) return { ...node, content };
    // As the editor saves an empty node: without a content key.
    const { content: _, ...empty } = node;
    return empty;
  };
  const content = (doc.content ?? []).map(settle).filter((child): child is DocNode => child !== null);
  return { ...doc, content: content.length ? content : [{ type: "paragraph" }] };
}

/** Neighbouring text with the same marks as one node, as the editor saves it. */
function joinText(nodes: DocNode[]): DocNode[] {
  const joined: DocNode[] = [];
  for (const node of nodes) {
    const last = joined.at(-1);
    if (last?.text !== undefined && node.text !== undefined && JSON.stringify(last.marks ?? []) === JSON.stringify(node.marks ?? [])) {
      joined[joined.length - 1] = { ...last, text: last.text + node.text };
    } else joined.push(node);
  }
  return joined;
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
