import type { Editor } from "@tiptap/core";
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import type { EditorState } from "@tiptap/pm/state";
import type { OutlineSection } from "@/lib/contracts/outline";
import { limits } from "@/lib/contracts/limits";
import { findSection } from "@/lib/editor/sections";
import { markdownToBlocks } from "./content";
import { setTrackedRange, trackRange, trackedRange } from "./tracked-ranges";

function isEmptyParagraph(node: ProseMirrorNode | null): node is ProseMirrorNode {
  return node?.type.name === "paragraph" && node.content.size === 0;
}

/**
 * Appends a section's H2 and an empty paragraph for its prose at the end of the document,
 * in place of a trailing empty paragraph; an empty document also gets the article title as
 * H1. Returns the text before the section, for the model's context.
 */
export function beginSection(editor: Editor, heading: string, title?: string): string {
  const { state } = editor;
  const { schema, doc } = state;
  const trailing = isEmptyParagraph(doc.lastChild) ? doc.lastChild : null;
  const empty = trailing !== null && doc.childCount === 1;
  const nodes: ProseMirrorNode[] = [];
  if (empty && title?.trim()) nodes.push(schema.nodes.heading!.create({ level: 1 }, schema.text(title.trim())));
  const headingNode = schema.nodes.heading!.create({ level: 2 }, schema.text(heading.trim() || "Untitled section"));
  const paragraph = schema.nodes.paragraph!.create();
  nodes.push(headingNode, paragraph);

  const at = doc.content.size - (trailing?.nodeSize ?? 0);
  const before = doc.textBetween(0, at, "\n\n");
  const tr = state.tr.replaceWith(at, doc.content.size, nodes);
  const sectionEnd = at + nodes.reduce((size, node) => size + node.nodeSize, 0);
  const sectionStart = sectionEnd - headingNode.nodeSize - paragraph.nodeSize;
  const proseStart = sectionEnd - paragraph.nodeSize + 1;
  trackRange(tr, "section", { from: sectionStart, to: sectionEnd });
  trackRange(tr, "draft", { from: proseStart, to: proseStart });
  editor.view.dispatch(tr);
  const headingElement = editor.view.nodeDOM(sectionStart);
  if (headingElement instanceof HTMLElement) headingElement.scrollIntoView({ block: "nearest" });
  return before;
}

/** Streams text into the section's paragraph as it arrives. */
export function appendDraftText(editor: Editor, text: string): void {
  if (editor.isDestroyed) return;
  const draft = trackedRange(editor.state, "draft");
  if (!draft) return;
  editor.view.dispatch(editor.state.tr.insertText(text, draft.to));
}

/** Replaces the streamed plain text with its Markdown rendering (paragraphs, lists, emphasis). */
export function finishSection(editor: Editor, markdown: string): void {
  if (editor.isDestroyed) return;
  const draft = trackedRange(editor.state, "draft");
  if (!draft) return;
  const tr = editor.state.tr;
  const $from = tr.doc.resolve(draft.from);
  const stillOneParagraph = $from.parent.type.name === "paragraph" && $from.end() === draft.to;
  if (stillOneParagraph && markdown.trim() !== "") {
    tr.replaceWith($from.before(), $from.after(), markdownToBlocks(editor.state.schema, markdown.trim()));
  }
  trackRange(tr, "draft", null);
  editor.view.dispatch(tr);
}

/** Removes the section drafted last (heading and prose), before drafting it again. */
export function removeSection(editor: Editor): void {
  if (editor.isDestroyed) return;
  const section = trackedRange(editor.state, "section");
  if (!section) return;
  const tr = editor.state.tr.delete(section.from, section.to);
  trackRange(tr, "section", null);
  trackRange(tr, "draft", null);
  editor.view.dispatch(tr);
}

export function endDrafting(editor: Editor): void {
  setTrackedRange(editor, "draft", null);
  setTrackedRange(editor, "section", null);
}

/**
 * An outline section's part of the document, for a redraft: whole blocks, heading included, so the
 * answer's Markdown comes back as blocks (a heading stays a heading) rather than merging into the
 * heading's line. Null when the heading isn't there.
 */
export function redraftTarget(state: EditorState, heading: string): { from: number; to: number } | null {
  const section = findSection(state.doc, heading);
  return section ? { from: section.from, to: section.to } : null;
}

/** The edit instruction of a redraft: the outline's heading and key points, within the instruction limit. */
export function redraftInstruction(section: OutlineSection): string {
  const head = `Redraft this section of the article from its outline as finished prose. Keep its heading line exactly as it is. Cover these key points, keeping what already serves them:`;
  const points = section.keyPoints.map((point) => `\n- ${point}`).join("");
  return `${head}${points}`.slice(0, limits.instructionChars).replace(/[\uD800-\uDBFF]$/, "");
}
