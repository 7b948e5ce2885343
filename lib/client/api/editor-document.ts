import type {
  DocumentContent,
  DocumentJson,
  ExportFormat,
  ExportSuggestions,
  UpdateDocumentInput,
  VersionJson,
  VersionSummaryJson,
} from "@/lib/contracts/documents";
import { readApiError, type ApiError } from "./error";
import { requestJson, type JsonResult } from "./request-json";

/** How a save ended: each outcome has its own recovery (retry, merge, or tell the writer). */
export type SaveOutcome =
  | { kind: "saved"; document: DocumentJson }
  | { kind: "conflict"; current: DocumentJson }
  | { kind: "offline" }
  /** `retryAfterMs`: refused for now (too many saves a minute), worth sending again then. */
  | { kind: "failed"; error: ApiError; retryAfterMs?: number };

// keepalive requests (sent while the page unloads) may carry at most 64 KiB.
const KEEPALIVE_MAX_BYTES = 60_000;

const jsonHeaders = { "Content-Type": "application/json" };

/** Gateways answering for an unreachable app count as offline: retrying is the right move. */
const unreachable = (status: number) => status === 502 || status === 503 || status === 504;

export async function saveDocument(id: string, body: UpdateDocumentInput, { keepalive = false } = {}): Promise<SaveOutcome> {
  const json = JSON.stringify(body);
  let response: Response;
  try {
    response = await fetch(`/api/documents/${id}`, {
      method: "PATCH",
      headers: jsonHeaders,
      body: json,
      keepalive: keepalive && json.length <= KEEPALIVE_MAX_BYTES,
    });
  } catch {
    return { kind: "offline" };
  }
  if (response.ok) return { kind: "saved", document: ((await response.json()) as { document: DocumentJson }).document };
  if (response.status === 409) {
    const conflict = (await response.json().catch(() => null)) as { current?: DocumentJson } | null;
    if (conflict?.current) return { kind: "conflict", current: conflict.current };
  }
  if (unreachable(response.status)) return { kind: "offline" };
  const retryAfter = Number(response.headers.get("retry-after"));
  const retryAfterMs = response.status === 429 && retryAfter > 0 ? retryAfter * 1000 : undefined;
  return { kind: "failed", error: await readApiError(response), ...(retryAfterMs ? { retryAfterMs } : {}) };
}

function orThrow<T>(result: JsonResult<T>): T {
  if (!result.ok) throw result.error;
  return result.data;
}

export async function createDocument(input: { title: string; content: DocumentContent }): Promise<DocumentJson> {
  return orThrow(await requestJson<{ document: DocumentJson }>("/api/documents", { body: input })).document;
}

export async function listVersions(id: string, signal?: AbortSignal): Promise<VersionSummaryJson[]> {
  return orThrow(await requestJson<{ versions: VersionSummaryJson[] }>(`/api/documents/${id}/versions`, { signal })).versions;
}

export async function getVersion(id: string, versionId: string, signal?: AbortSignal): Promise<VersionJson> {
  return orThrow(await requestJson<{ version: VersionJson }>(`/api/documents/${id}/versions/${versionId}`, { signal })).version;
}

/** Keeps the current state as a version named `label`. */
export async function nameVersion(id: string, label: string): Promise<VersionSummaryJson> {
  return orThrow(await requestJson<{ version: VersionSummaryJson }>(`/api/documents/${id}/versions`, { body: { label } })).version;
}

export async function renameVersion(id: string, versionId: string, label: string): Promise<VersionSummaryJson> {
  return orThrow(await requestJson<{ version: VersionSummaryJson }>(`/api/documents/${id}/versions/${versionId}`, { method: "PATCH", body: { label } }))
    .version;
}

/** Leaving a new document nobody edited: the server deletes it if it is still untouched. Sent as the page changes, so keepalive. */
export async function discardIfUntouched(id: string): Promise<void> {
  await fetch(`/api/documents/${id}?if_untouched=true`, { method: "DELETE", keepalive: true }).catch(() => undefined);
}

/** Restores a version as the newest one; `conflict` when the document changed since `baseVersion`. */
export async function restoreVersion(
  id: string,
  versionId: string,
  baseVersion: number,
  restoreTitle = false,
): Promise<{ kind: "restored"; document: DocumentJson } | { kind: "conflict"; current: DocumentJson }> {
  const result = await requestJson<{ document: DocumentJson }>(`/api/documents/${id}/versions/${versionId}/restore`, {
    body: { base_version: baseVersion, ...(restoreTitle ? { restore_title: true } : {}) },
  });
  if (result.ok) return { kind: "restored", document: result.data.document };
  const current = result.status === 409 ? (result.body as { current?: DocumentJson } | undefined)?.current : undefined;
  if (current) return { kind: "conflict", current };
  throw result.error;
}

export function exportUrl(id: string, format: ExportFormat, suggestions?: ExportSuggestions, authorship?: "appendix"): string {
  return `/api/documents/${id}/export?format=${format}${suggestions ? `&suggestions=${suggestions}` : ""}${authorship ? `&authorship=${authorship}` : ""}`;
}
