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

/**
 * The section around `pos`: the heading at or above it and what follows up to the next heading of
 * the same or a higher level. Before the first heading, the text from the start up to that heading.
 */
export function sectionRange(doc: Node, pos: number): TextRange & { heading?: string } {
  const blocks: { node: Node; start: number }[] = [];
  doc.forEach((node, offset) => blocks.push({ node, start: offset }));
  const at = Math.max(0, blocks.findLastIndex((block) => block.start <= pos && block.start < doc.content.size));
  const headingIndex = blocks.findLastIndex((block, i) => i <= at && headingLevel(block.node) !== undefined);
  const level = headingIndex >= 0 ? headingLevel(blocks[headingIndex]!.node)! : Infinity;
  const endIndex = blocks.findIndex((block, i) => {
    const next = headingLevel(block.node);
    return i > headingIndex && next !== undefined && next <= level;
  });
  const start = headingIndex >= 0 ? blocks[headingIndex]!.start : 0;
  const end = endIndex >= 0 ? blocks[endIndex]!.start : doc.content.size;
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

/**
 * The section of the document under the first top-level heading that reads `heading`: the heading
 * and every block after it up to the next heading of the same or a higher level (a level-2
 * section keeps its level-3 subsections). Null when no heading matches.
 */
export function findSection(doc: Node, heading: string): SectionRange | null {
  const wanted = normalize(heading);
  if (!wanted) return null;
  let section: SectionRange | null = null;
  let offset = 0;
  for (let i = 0; i < doc.childCount; offset += doc.child(i).nodeSize, i++) {
    const node = doc.child(i);
    if (node.type.name !== "heading") continue;
    const level = node.attrs.level as number;
    if (section && level <= section.level) return { ...section, to: offset };
    if (!section && normalize(node.textContent) === wanted) section = { from: offset, to: doc.content.size, level };
  }
  return section;
}
