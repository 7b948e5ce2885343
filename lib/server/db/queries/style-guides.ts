import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "../client";
import { documents, now, users } from "../schema";
import { ownDocument } from "./documents";

/** A document's own style guide (null: it follows the owner's default), or undefined when it isn't the owner's (trashed ones included). */
export async function findDocumentStyleGuide({ ownerId, documentId }: { ownerId: string; documentId: string }): Promise<{ styleGuide: unknown } | undefined> {
  const db = await getDb();
  const [row] = await db
    .select({ styleGuide: documents.styleGuide })
    .from(documents)
    .where(ownDocument(ownerId, documentId))
    .limit(1);
  return row;
}

/** Sets (or with null clears) a document's own guide; not a version of its text, so its version stays. */
export async function setDocumentStyleGuide({
  ownerId,
  documentId,
  styleGuide,
}: {
  ownerId: string;
  documentId: string;
  styleGuide: unknown;
}): Promise<{ styleGuide: unknown } | undefined> {
  const db = await getDb();
  const [row] = await db
    .update(documents)
    .set({ styleGuide, updatedAt: now })
    .where(ownDocument(ownerId, documentId))
    .returning({ styleGuide: documents.styleGuide });
  return row;
}

/** Sets (or with null clears) the account's default guide. */
export async function setAccountStyleGuide({ userId, styleGuide }: { userId: string; styleGuide: unknown }): Promise<{ styleGuide: unknown } | undefined> {
  const db = await getDb();
  const [row] = await db.update(users).set({ styleGuide, updatedAt: now }).where(eq(users.id, userId)).returning({ styleGuide: users.styleGuide });
  return row;
}
