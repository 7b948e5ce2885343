import type { Node } from "@tiptap/pm/model";

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
