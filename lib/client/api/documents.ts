import type { DocumentOutline } from "@/lib/contracts/document-outline";
import type { StyleGuide } from "@/lib/contracts/style-guide";
import type { DocumentJson, DocumentSummaryJson, VersionConflictJson } from "@/lib/contracts/documents";
import { requestJson, type JsonResult } from "./request-json";

type DocumentResult = JsonResult<{ document: DocumentJson }>;

export function toSummary({ content: _content, outline: _outline, style_guide: _styleGuide, ...summary }: DocumentJson): DocumentSummaryJson {
  return summary;
}

/** The most the list asks for (the API's maximum); past it, search finds the older ones. */
export const listLimit = 100;

export function listDocuments({ q, trash, signal }: { q: string; trash: boolean; signal: AbortSignal }) {
  const params = new URLSearchParams({ limit: String(listLimit) });
  if (q) params.set("q", q);
  if (trash) params.set("trash", "true");
  return requestJson<{ documents: DocumentSummaryJson[] }>(`/api/documents?${params}`, { signal });
}

export const createDocument = () => requestJson<{ document: DocumentJson }>("/api/documents", { body: {} });

const patchTitle = (id: string, baseVersion: number, title: string): Promise<DocumentResult> =>
  requestJson(`/api/documents/${id}`, { method: "PATCH", body: { base_version: baseVersion, title } });

/**
 * Renames a document. Only the title changes, so a version conflict (the document was saved
 * elsewhere meanwhile) is safe to retry once on the newest version.
 */
export async function renameDocument(document: DocumentSummaryJson, title: string): Promise<DocumentResult> {
  const first = await patchTitle(document.id, document.version, title);
  if (first.ok || first.error.code !== "version_conflict") return first;
  const current = (first.body as Partial<VersionConflictJson> | undefined)?.current;
  const latest = current ?? (await getDocument(document.id));
  return latest ? patchTitle(document.id, latest.version, title) : first;
}

async function getDocument(id: string): Promise<DocumentJson | undefined> {
  const result = await requestJson<{ document: DocumentJson }>(`/api/documents/${id}`);
  return result.ok ? result.data.document : undefined;
}

export const trashDocument = (id: string): Promise<DocumentResult> => requestJson(`/api/documents/${id}`, { method: "DELETE" });

export const restoreDocument = (id: string): Promise<DocumentResult> => requestJson(`/api/documents/${id}/restore`, { method: "POST" });

export const deleteDocumentForever = (id: string) => requestJson<void>(`/api/documents/${id}?permanent=true`, { method: "DELETE" });

/** Saves a document's outline; `keepalive` lets it finish while the page unloads. True once the server has it. */
export async function saveOutline(id: string, outline: DocumentOutline | null, { keepalive = false } = {}): Promise<boolean> {
  try {
    const response = await fetch(`/api/documents/${id}/outline`, {
      method: "PUT",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ outline }),
      keepalive,
    });
    return response.ok;
  } catch {
    return false;
  }
}

/** `PUT /api/documents/{id}/style-guide`: the document's own guide (`{}`: none), or null to follow the account default. */
export const saveDocumentStyleGuide = (id: string, styleGuide: StyleGuide | null) =>
  requestJson<{ style_guide: StyleGuide | null }>(`/api/documents/${id}/style-guide`, { method: "PUT", body: { style_guide: styleGuide } });
