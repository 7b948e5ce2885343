import type { Node } from "@tiptap/pm/model";
import type { EditorState, Transaction } from "@tiptap/pm/state";
import { findSection } from "./sections";

/** Where an outline section stands: shown on its card, and what drafting does with it. */
export type SectionState = "not-drafted" | "drafting" | "drafted" | "locked";

export interface DraftableSection {
  heading: string;
  drafted: boolean;
  locked: boolean;
}

/** The heading a section gets (and is found by) in the document. */
export const documentHeading = (heading: string) => heading.trim() || "Untitled section";

export function sectionState(section: DraftableSection, drafting: boolean, inText: boolean): SectionState {
  if (drafting) return "drafting";
  if (section.locked) return "locked";
  return section.drafted && inText ? "drafted" : "not-drafted";
}

/**
 * The first section from `from` on that drafting should write: not locked, and not already
 * drafted into the text. -1 when none is left. A section stopped or failed half-way isn't
 * drafted yet, so a resume starts there again (its partial text is replaced, never appended).
 */
export function nextSectionToDraft(sections: DraftableSection[], from: number, inText: (heading: string) => boolean): number {
  for (let index = Math.max(0, from); index < sections.length; index++) {
    const section = sections[index]!;
    if (!section.locked && !(section.drafted && inText(documentHeading(section.heading)))) return index;
  }
  return -1;
}

/**
 * Where section `index` of the outline goes in the document. Already there (by its heading): its
 * body, under the heading, is replaced. Otherwise it is inserted after the nearest earlier outline
 * section found in the text, else before the nearest later one, else at the end, where a trailing
 * empty paragraph makes room for it.
 */
export type DraftPlace = { kind: "replace"; heading: number; from: number; to: number } | { kind: "insert"; from: number; to: number };

export function draftPlace(doc: Node, headings: string[], index: number): DraftPlace {
  const own = findSection(doc, documentHeading(headings[index] ?? ""));
  // A section that reads like the article's H1 title is not that title's whole text.
  if (own && own.level > 1) return { kind: "replace", heading: own.from, from: own.from + doc.nodeAt(own.from)!.nodeSize, to: own.to };
  let at: number | undefined;
  for (let i = index - 1; i >= 0 && at === undefined; i--) at = findSection(doc, documentHeading(headings[i]!))?.to;
  for (let i = index + 1; i < headings.length && at === undefined; i++) at = findSection(doc, documentHeading(headings[i]!))?.from;
  at ??= doc.content.size;
  const last = doc.lastChild;
  if (at === doc.content.size && last?.type.name === "paragraph" && last.content.size === 0) {
    return { kind: "insert", from: at - last.nodeSize, to: at };
  }
  return { kind: "insert", from: at, to: at };
}

/**
 * The top-level blocks in [from, to) (block boundaries) as drafting's context: plain text, with
 * headings marked as Markdown (`## Heading`) so the server can tell the sections apart.
 */
export function contextText(doc: Node, from: number, to: number): string {
  const parts: string[] = [];
  doc.forEach((node, offset) => {
    if (offset < from || offset + node.nodeSize > to) return;
    const text = node.textBetween(0, node.content.size, "\n\n");
    if (node.type.name === "heading") parts.push(`${"#".repeat(Number(node.attrs.level ?? 1))} ${text}`);
    else if (text.trim()) parts.push(text);
  });
  return parts.join("\n\n");
}

/**
 * Moves the text of the section headed `heading` to just before (`-1`) or after (`1`) the section
 * headed `other`, in one transaction (one undo step). Null when either isn't in the text, one
 * holds the other, or the text is already in that order.
 */
export function moveSectionText(state: EditorState, heading: string, other: string, direction: -1 | 1): Transaction | null {
  const { doc } = state;
  const moving = findSection(doc, documentHeading(heading));
  const target = findSection(doc, documentHeading(other));
  if (!moving || !target) return null;
  const overlap = moving.from < target.to && target.from < moving.to;
  if (overlap) return null;
  if (direction < 0 ? moving.from < target.from : moving.from > target.from) return null;
  const slice = doc.slice(moving.from, moving.to);
  const tr = state.tr.delete(moving.from, moving.to);
  tr.insert(tr.mapping.map(direction < 0 ? target.from : target.to), slice.content);
  return tr;
}
