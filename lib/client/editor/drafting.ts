import type { Editor } from "@tiptap/core";
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import type { EditorState } from "@tiptap/pm/state";
import type { OutlineSection } from "@/lib/contracts/outline";
import { limits } from "@/lib/contracts/limits";
import { contextText, documentHeading, draftPlace } from "@/lib/editor/outline-drafting";
import { findSection } from "@/lib/editor/sections";
import type { AuthorshipAttrs } from "@/lib/editor/authorship/marks";
import { markAuthorshipTransaction } from "@/lib/editor/authorship/record";
import { directRunRecord, writtenByAi } from "./authorship";
import { markdownToBlocks } from "./content";
import { setTrackedRange, trackRange, trackedRange } from "./tracked-ranges";

/** The authorship record of the section being drafted in each editor: drafted text is AI-written, accepted by drafting it. */
const drafts = new WeakMap<Editor, AuthorshipAttrs>();

function isEmptyParagraph(node: ProseMirrorNode | null): node is ProseMirrorNode {
  return node?.type.name === "paragraph" && node.content.size === 0;
}

/**
 * Puts section `index` of the outline in the document where it belongs (lib/editor/outline-drafting.ts):
 * a section already there (stopped half-way, or drafted from here) keeps its heading and gets a fresh
 * empty paragraph in place of its body; a new one goes in as an H2 and an empty paragraph, after the
 * outline's earlier sections. An empty document also gets the article title as H1. Returns the rest
 * of the document, for the model's context. The headings it puts in and the text drafted are marked AI-written.
 */
export function beginSection(editor: Editor, headings: string[], index: number, title?: string, model?: string): string {
  const { state } = editor;
  const { schema, doc } = state;
  const place = draftPlace(doc, headings, index);
  const paragraph = schema.nodes.paragraph!.create();
  const nodes: ProseMirrorNode[] = [];
  let sectionStart = place.from;
  if (place.kind === "replace") {
    sectionStart = place.heading;
  } else {
    const empty = doc.childCount === 1 && isEmptyParagraph(doc.firstChild);
    if (empty && title?.trim()) nodes.push(schema.nodes.heading!.create({ level: 1 }, schema.text(title.trim())));
    nodes.push(schema.nodes.heading!.create({ level: 2 }, schema.text(documentHeading(headings[index] ?? ""))));
  }
  nodes.push(paragraph);

  // The section's own heading marks where it goes, between the text before and after it.
  const context = [contextText(doc, 0, sectionStart), `## ${documentHeading(headings[index] ?? "")}`, contextText(doc, place.to, doc.content.size)]
    .filter((t) => t.trim())
    .join("\n\n");
  const record = directRunRecord(editor, { action: "draft-section", model, instruction: `Draft “${documentHeading(headings[index] ?? "")}” from the outline` });
  drafts.set(editor, record);
  const tr = state.tr.replaceWith(place.from, place.to, nodes);
  const sectionEnd = place.from + nodes.reduce((size, node) => size + node.nodeSize, 0);
  writtenByAi(tr, place.from, sectionEnd, record);
  if (place.kind === "insert") sectionStart = sectionEnd - nodes.at(-2)!.nodeSize - paragraph.nodeSize;
  const proseStart = sectionEnd - paragraph.nodeSize + 1;
  trackRange(tr, "section", { from: sectionStart, to: sectionEnd });
  trackRange(tr, "draft", { from: proseStart, to: proseStart });
  editor.view.dispatch(tr);
  const headingElement = editor.view.nodeDOM(sectionStart);
  if (headingElement instanceof HTMLElement) headingElement.scrollIntoView({ block: "nearest" });
  return context;
}

/** Streams text into the section's paragraph as it arrives. */
export function appendDraftText(editor: Editor, text: string): void {
  if (editor.isDestroyed) return;
  const draft = trackedRange(editor.state, "draft");
  if (!draft || !text) return;
  const record = drafts.get(editor);
  const { schema } = editor.state;
  const marks = record ? [schema.marks.authorship!.create(record)] : [];
  editor.view.dispatch(markAuthorshipTransaction(editor.state.tr.insert(draft.to, schema.text(text, marks))));
}

/** Replaces the streamed plain text with its Markdown rendering (paragraphs, lists, emphasis). */
export function finishSection(editor: Editor, markdown: string): void {
  if (editor.isDestroyed) return;
  const draft = trackedRange(editor.state, "draft");
  if (!draft) return;
  const tr = editor.state.tr;
  const $from = tr.doc.resolve(draft.from);
  const stillOneParagraph = $from.parent.type.name === "paragraph" && $from.end() === draft.to;
  const record = drafts.get(editor);
  if (stillOneParagraph && markdown.trim() !== "") {
    const blocks = markdownToBlocks(editor.state.schema, markdown.trim());
    tr.replaceWith($from.before(), $from.after(), blocks);
    if (record) writtenByAi(tr, $from.before(), $from.before() + blocks.size, record);
  }
  trackRange(tr, "draft", null);
  editor.view.dispatch(tr);
}

export function endDrafting(editor: Editor): void {
  drafts.delete(editor);
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
