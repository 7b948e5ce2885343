import type { Node } from "@tiptap/pm/model";
import type { Transaction } from "@tiptap/pm/state";
import { limits } from "@/lib/contracts/limits";
import { suggestionMarkName } from "./suggestions/marks";
import { documentHeading } from "./outline-drafting";
import { findSection, sameHeading } from "./sections";

/** A top-level heading whose text an edit changed: what it read before and after. */
export interface HeadingRename {
  from: string;
  to: string;
}

/**
 * A heading's text as it stands without the AI changes still to review (their proposed insertions
 * left out), so a redraft under review doesn't retitle the section until it is accepted.
 */
function settledText(heading: Node): string {
  let text = "";
  heading.descendants((node) => {
    if (node.isText && !node.marks.some((m) => m.type.name === suggestionMarkName && m.attrs.kind === "insertion")) text += node.text;
  });
  return text;
}

/**
 * The top-level headings a transaction retitled in place (typing, deleting or replacing text in
 * them). Only the blocks the transaction touched are looked at, never the whole document. A heading
 * that is new, pasted or moved (its opening token didn't exist before), or was a paragraph, is not
 * a rename.
 */
export function headingRenames(tr: Transaction): HeadingRename[] {
  if (!tr.docChanged) return [];
  const { doc, before } = tr;
  const starts = new Set<number>();
  tr.mapping.maps.forEach((map, i) => {
    const rest = tr.mapping.slice(i + 1);
    map.forEach((_oldFrom, _oldTo, newFrom, newTo) => {
      const from = Math.min(rest.map(newFrom, -1), doc.content.size);
      const to = Math.min(rest.map(newTo, 1), doc.content.size);
      const $from = doc.resolve(from);
      // The start of the top-level block at `from` (resolving is cached; no walk over earlier blocks).
      let index = $from.index(0);
      for (let pos = $from.depth === 0 ? from : $from.before(1); index < doc.childCount && pos <= to; index++) {
        const node = doc.child(index);
        if (node.type.name === "heading") starts.add(pos);
        pos += node.nodeSize;
      }
    });
  });
  const inverse = tr.mapping.invert();
  const renames: HeadingRename[] = [];
  for (const start of starts) {
    const old = inverse.mapResult(start, 1);
    if (old.deleted) continue;
    const was = before.nodeAt(old.pos);
    const now = doc.nodeAt(start)!;
    if (was?.type.name !== "heading" || before.resolve(old.pos).depth !== 0) continue;
    const [from, to] = [settledText(was), settledText(now)];
    if (from !== to) renames.push({ from, to });
  }
  return renames;
}

/**
 * Outline sections after headings in the text were renamed: a section linked to a renamed heading
 * (its heading reads as the old text) takes the new text, so the link holds. Returns the same
 * array when nothing changed. (A heading past the outline's heading limit keeps its start there.)
 */
export function followRenames<S extends { heading: string }>(sections: S[], renames: HeadingRename[]): S[] {
  let next = sections;
  for (const rename of renames) {
    const { from } = rename;
    const to = rename.to.slice(0, limits.headingChars);
    const index = next.findIndex((s) => sameHeading(documentHeading(s.heading), documentHeading(from)));
    if (index < 0 || next[index]!.heading === to) continue;
    next = next.map((s, i) => (i === index ? { ...s, heading: to } : s));
  }
  return next;
}

/**
 * Where the text's heading of a section renamed in the outline (from `from` to `to`) gets the new
 * text: the range of its content and what goes there, or null when the section isn't in the text,
 * already reads so, or has AI changes under review in its heading (those stay the writer's call).
 */
export function headingRetitle(doc: Node, from: string, to: string): { from: number; to: number; text: string } | null {
  const text = documentHeading(to);
  const section = findSection(doc, documentHeading(from));
  if (!section) return null;
  const heading = doc.nodeAt(section.from)!;
  if (heading.textContent === text) return null;
  let reviewed = false;
  heading.descendants((node) => {
    if (node.marks.some((m) => m.type.name === suggestionMarkName)) reviewed = true;
  });
  if (reviewed) return null;
  return { from: section.from + 1, to: section.from + heading.nodeSize - 1, text };
}
