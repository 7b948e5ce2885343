import "server-only";
import { styleGuideSchema, type StyleGuide, type StyleGuideRef } from "@/lib/contracts/style-guide";
import { documentNotFound } from "@/lib/server/conversations";
import { findDocumentStyleGuide } from "@/lib/server/db/queries/style-guides";
import type { UserRow } from "@/lib/server/db/queries/users";
import { AppError } from "@/lib/errors";

/** Whose guide a call follows when its request names none and has no document: the studio's account default, or (the API's) none. */
export type StyleGuideFallback = "default" | "none";

/** A stored guide as the contract reads it; anything else (never written by us) counts as none. */
export function storedStyleGuide(value: unknown): StyleGuide | null {
  if (value === null || value === undefined) return null;
  const parsed = styleGuideSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** A document's guide as its AI calls follow it: its own, else its owner's default. Undefined: not the owner's document. */
async function documentGuide(user: UserRow, documentId: string): Promise<StyleGuide | null | undefined> {
  const row = await findDocumentStyleGuide({ ownerId: user.id, documentId });
  if (!row) return undefined;
  return row.styleGuide === null ? storedStyleGuide(user.styleGuide) : storedStyleGuide(row.styleGuide);
}

/**
 * The style guide a model call follows, and the check that its document id is the caller's
 * (404 otherwise, as every route's `document_id`). `requested` (the API's `style_guide`) wins;
 * then the document's guide; then `fallback`: the studio's calls follow the account default,
 * the API's follow none unless asked.
 */
export async function resolveStyleGuide({
  user,
  documentId,
  requested,
  fallback,
}: {
  user: UserRow;
  documentId?: string;
  requested?: StyleGuideRef;
  fallback: StyleGuideFallback;
}): Promise<StyleGuide | null> {
  const ofDocument = documentId ? await documentGuide(user, documentId) : null;
  if (ofDocument === undefined) throw documentNotFound();
  if (requested === "none") return null;
  if (requested === "default") return storedStyleGuide(user.styleGuide);
  if (typeof requested === "string") {
    const named = await documentGuide(user, requested);
    if (named === undefined) throw new AppError("not_found", "No document with this id.", { param: "style_guide" });
    return named;
  }
  if (requested) return requested;
  if (documentId) return ofDocument;
  return fallback === "default" ? storedStyleGuide(user.styleGuide) : null;
}
