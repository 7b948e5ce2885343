import type { Editor } from "@tiptap/core";
import { DOMParser as ProseMirrorParser, type Fragment, type Schema, type Slice } from "@tiptap/pm/model";
import { limits } from "@/lib/contracts/limits";
import { markdownToHtml } from "@/lib/client/markdown";

/** Parses HTML in an inert document: nothing in it loads or runs. */
function inertBody(html: string): HTMLElement {
  return new window.DOMParser().parseFromString(`<!doctype html><body>${html}</body>`, "text/html").body;
}

/** Model Markdown as an open slice, so a one-paragraph answer merges into the text around it (like a paste). */
export function markdownToSlice(schema: Schema, markdown: string): Slice {
  return ProseMirrorParser.fromSchema(schema).parseSlice(inertBody(markdownToHtml(markdown)));
}

/** Model Markdown as whole blocks, for inserting between paragraphs. */
export function markdownToBlocks(schema: Schema, markdown: string): Fragment {
  return ProseMirrorParser.fromSchema(schema).parse(inertBody(markdownToHtml(markdown))).content;
}

/** The document as plain text, paragraphs separated by blank lines. */
export function documentText(editor: Editor): string {
  return editor.getText({ blockSeparator: "\n\n" });
}

/** Keeps a long document within the request limit: its opening and its end matter most. */
export function clampDocument(text: string, max: number = limits.documentChars): string {
  if (text.length <= max) return text;
  const marker = "\n\n[…]\n\n";
  const half = Math.floor((max - marker.length) / 2);
  return `${text.slice(0, half)}${marker}${text.slice(-half)}`;
}

