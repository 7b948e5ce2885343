import "server-only";
import { AppError } from "@/lib/errors";
import { storageUse, type StoragePart } from "@/lib/server/db/queries/storage";
import { env } from "@/lib/server/env";

const megabytes = (bytes: number) => `${(bytes / 1_000_000).toLocaleString("en-US", { maximumFractionDigits: 1 })} MB`;

/** Bytes a document's state takes when written (an upper bound of what PostgreSQL stores). */
export function documentBytes({ title, content, text }: { title?: string; content?: unknown; text?: string }): number {
  return Buffer.byteLength(title ?? "") + Buffer.byteLength(content === undefined ? "" : JSON.stringify(content)) + Buffer.byteLength(text ?? "");
}

/** Bytes an outline or a style guide takes when written (JSON). */
export function jsonBytes(value: unknown): number {
  return value === null || value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value));
}

/**
 * Refuses a write that would take the account past its storage quota (STORAGE_QUOTA_BYTES_PER_USER,
 * or _PER_GUEST): 413 storage_quota_exceeded. `adding` is what the write stores (0: it is only
 * refused once the account is full); a save that doesn't grow the `part` it writes (a document's
 * text, outline or style guide, or the account's default style guide) always passes, so a full
 * account can still cut what it stores.
 */
export async function checkStorage({
  ownerId,
  adding,
  documentId,
  part,
}: {
  ownerId: string;
  adding: number;
  documentId?: string;
  part?: StoragePart;
}): Promise<void> {
  const use = await storageUse({ ownerId, documentId, part });
  if (!use) return;
  if ((documentId !== undefined || part === "account-style-guide") && adding <= use.document) return;
  const quota = use.isGuest ? env.STORAGE_QUOTA_BYTES_PER_GUEST : env.STORAGE_QUOTA_BYTES_PER_USER;
  if (adding > 0 ? use.bytes + adding <= quota : use.bytes < quota) return;
  throw new AppError(
    "storage_quota_exceeded",
    `Storage full: this account stores ${megabytes(use.bytes)} of its ${megabytes(quota)}${adding > 0 ? `, and this change adds up to ${megabytes(adding)}` : ""}. ` +
      "Delete documents you no longer need (empty the trash too) to make room.",
    { param: "storage" },
  );
}
