import "server-only";
import type { DocumentContent, ExportFormat, ExportSuggestions } from "@/lib/contracts/documents";
import { documentToHtml, documentToMarkdown } from "@/lib/documents/convert";
import { autoTitle } from "@/lib/documents/title";
import { settleSuggestions } from "@/lib/editor/suggestions/resolve";
import { findDocument } from "@/lib/server/db/queries/documents";
import { documentNotFound } from "@/lib/server/documents";
import { reportOfRow } from "./authorship";
import { documentToDocx } from "./docx";

/** A document as a file to download: Markdown, HTML or Word. */

const contentTypes: Record<ExportFormat, string> = {
  md: "text/markdown; charset=utf-8",
  html: "text/html; charset=utf-8",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
};

/** A file name from the title: no path separators, control or reserved characters ("…" of a cut title dropped). */
export function exportFileName(title: string, format: string): string {
  const base = title
    .normalize("NFC")
    .replace(/[\p{Cc}\p{Cf}/\\?%*:|"<>…]/gu, " ")
    .replace(/\s+/g, " ")
    .replace(/^[\s.]+|[\s.]+$/g, "")
    .slice(0, 100)
    .trim();
  return `${base || "document"}.${format}`;
}

/** `attachment` with an ASCII fallback name and the exact UTF-8 one (RFC 6266 / RFC 5987). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\x20-\x7e]/g, "_")
    .replace(/["\\]/g, "_");
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export async function exportDocument({
  ownerId,
  documentId,
  format,
  suggestions = format === "docx" ? "tracked" : "original",
  authorship,
}: {
  ownerId: string;
  documentId: string;
  format: ExportFormat;
  /** Pending AI suggestions: settled as the original or accepted, or (DOCX) kept as Word tracked changes. */
  suggestions?: ExportSuggestions;
  /** DOCX: append the authorship record, with instruction texts only when the account stores prompts. */
  authorship?: { storeContent: boolean };
}): Promise<{ body: string | Uint8Array<ArrayBuffer>; contentType: string; fileName: string }> {
  const row = await findDocument({ ownerId, documentId });
  if (!row) throw documentNotFound();
  const saved = row.content as DocumentContent;
  const content = suggestions === "tracked" ? saved : settleSuggestions(saved, suggestions);
  // An automatic title is the document's own opening words: it is never added above them again.
  const title = row.titleSet ? row.title : autoTitle({ content: saved });
  const heading = row.titleSet;
  const body =
    format === "md"
      ? documentToMarkdown(content, heading ? title : undefined)
      : format === "html"
        ? documentToHtml(content, title, { heading })
        : new Uint8Array(await documentToDocx(content, title, undefined, { heading, ...(authorship ? { authorship: reportOfRow(row, authorship.storeContent) } : {}) }));
  return { body, contentType: contentTypes[format], fileName: exportFileName(title, format) };
}
