import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb } from "../client";
import { documents } from "../schema";

/** Whether the document exists and belongs to the owner (trashed ones included). */
export async function ownsDocument({ ownerId, documentId }: { ownerId: string; documentId: string }): Promise<boolean> {
  const db = await getDb();
  const [row] = await db
    .select({ id: documents.id })
    .from(documents)
    .where(and(eq(documents.id, documentId), eq(documents.ownerId, ownerId)))
    .limit(1);
  return row !== undefined;
}
