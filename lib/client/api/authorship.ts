import type { AuthorshipFormat, AuthorshipReport } from "@/lib/contracts/authorship";
import { requestJson, type JsonResult } from "./request-json";

/** The studio's download of a document's authorship record (a file named after the title). */
export function authorshipUrl(documentId: string, format: AuthorshipFormat): string {
  return `/api/documents/${documentId}/authorship?format=${format}`;
}

export function getAuthorship(documentId: string, signal?: AbortSignal): Promise<JsonResult<AuthorshipReport>> {
  return requestJson<AuthorshipReport>(authorshipUrl(documentId, "json"), { signal });
}
