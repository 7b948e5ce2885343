import type { DocumentContent } from "@/lib/contracts/documents";
import { canonical } from "@/lib/documents/merge";
import { readStored, storageKeys, writeStored } from "@/lib/client/storage";

/** A document state as this tab sees it. */
export interface DraftState {
  title: string;
  content: DocumentContent;
}

/**
 * Edits not yet confirmed by the server, kept in localStorage before every save so that
 * nothing typed is lost: offline, on a failed save, or when the tab closes mid-save.
 */
export interface PendingChanges extends DraftState {
  /** The server version the edits started from, and that version's state (the merge base). */
  base_version: number;
  base_title: string;
  base_content: DocumentContent;
  /**
   * Saves sent on this base but not answered (a tab closing mid-save never hears back): when the
   * server's version turns out to be exactly that save, it is the new base, not a conflict.
   */
  sent?: { base_version: number; keys: string[] };
  saved_at: string;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;
const isDoc = (value: unknown): value is DocumentContent => isObject(value) && value.type === "doc";

export function readPending(documentId: string): PendingChanges | undefined {
  const stored = readStored(storageKeys.pendingChanges(documentId));
  if (!isObject(stored)) return undefined;
  const { title, content, base_version, base_title, base_content } = stored;
  const valid =
    typeof title === "string" &&
    isDoc(content) &&
    typeof base_version === "number" &&
    typeof base_title === "string" &&
    isDoc(base_content);
  return valid ? (stored as unknown as PendingChanges) : undefined;
}

/** False when the browser refuses (quota, private mode): the edits then live only in the tab. */
export function writePending(documentId: string, pending: PendingChanges): boolean {
  return writeStored(storageKeys.pendingChanges(documentId), pending);
}

export function removePending(documentId: string): void {
  writeStored(storageKeys.pendingChanges(documentId), undefined);
}

/** A short fingerprint of a document's content, to recognise a save that reached the server. */
export function contentKey(content: DocumentContent): string {
  const text = canonical(content.content ?? []);
  // FNV-1a, 32 bits, plus the length: plenty to tell apart two states of one document.
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return `${text.length}:${(hash >>> 0).toString(16)}`;
}
