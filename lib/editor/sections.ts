import type { Node } from "@tiptap/pm/model";
import { Selection } from "@tiptap/pm/state";

/** A stretch of the document as text positions: from the first text position to the last. */
export interface TextRange {
  from: number;
  to: number;
}

const headingLevel = (node: Node): number | undefined => (node.type.name === "heading" ? Number(node.attrs.level ?? 1) : undefined);

/** The text positions spanning the top-level blocks [start, end) of `doc` (block boundaries). */
function textRange(doc: Node, start: number, end: number): TextRange {
  const from = Selection.findFrom(doc.resolve(start), 1, true)?.from ?? start;
  const to = Selection.findFrom(doc.resolve(end), -1, true)?.to ?? end;
  return { from, to: Math.max(from, to) };
}

/** The whole document, from its first text position to its last. */
export const documentRange = (doc: Node): TextRange => textRange(doc, 0, doc.content.size);

interface Block {
  node: Node;
  start: number;
}

function topLevelBlocks(doc: Node): Block[] {
  const blocks: Block[] = [];
  doc.forEach((node, offset) => blocks.push({ node, start: offset }));
  return blocks;
}

/** Where the section opened at block `index` with a heading of `level` ends: the next heading of the same or a higher level, or the document's end. */
function sectionEnd(doc: Node, blocks: Block[], index: number, level: number): number {
  const end = blocks.findIndex((block, i) => {
    const next = headingLevel(block.node);
    return i > index && next !== undefined && next <= level;
  });
  return end >= 0 ? blocks[end]!.start : doc.content.size;
}

/**
 * The section around `pos`: the heading at or above it and what follows up to the next heading of
 * the same or a higher level. Before the first heading, the text from the start up to that heading.
 */
export function sectionRange(doc: Node, pos: number): TextRange & { heading?: string } {
  const blocks = topLevelBlocks(doc);
  const at = Math.max(0, blocks.findLastIndex((block) => block.start <= pos && block.start < doc.content.size));
  const headingIndex = blocks.findLastIndex((block, i) => i <= at && headingLevel(block.node) !== undefined);
  const level = headingIndex >= 0 ? headingLevel(blocks[headingIndex]!.node)! : Infinity;
  const start = headingIndex >= 0 ? blocks[headingIndex]!.start : 0;
  const end = sectionEnd(doc, blocks, headingIndex, level);
  return { ...textRange(doc, start, end), ...(headingIndex >= 0 ? { heading: blocks[headingIndex]!.node.textContent } : {}) };
}

export interface SectionRange {
  /** Before the heading. */
  from: number;
  /** After the section's last block: the next heading of the same or a higher level, or the end. */
  to: number;
  level: number;
}

/** Headings compare as the writer reads them: case, spacing and trailing punctuation aside. */
const normalize = (text: string) =>
  text
    .normalize("NFC")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[.:;!?]+$/, "")
    .toLocaleLowerCase();

/** Two headings read the same (case, spacing and trailing punctuation aside); empty ones never do. */
export const sameHeading = (a: string, b: string): boolean => normalize(a) !== "" && normalize(a) === normalize(b);

/**
 * The section of the document under the first top-level heading that reads `heading`: the heading
 * and every block after it up to the next heading of the same or a higher level (a level-2
 * section keeps its level-3 subsections). Null when no heading matches.
 */
export function findSection(doc: Node, heading: string): SectionRange | null {
  const wanted = normalize(heading);
  if (!wanted) return null;
  const blocks = topLevelBlocks(doc);
  const index = blocks.findIndex((block) => headingLevel(block.node) !== undefined && normalize(block.node.textContent) === wanted);
  if (index < 0) return null;
  const level = headingLevel(blocks[index]!.node)!;
  return { from: blocks[index]!.start, to: sectionEnd(doc, blocks, index, level), level };
}
