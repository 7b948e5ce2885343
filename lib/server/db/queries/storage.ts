import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "../client";
import { conversations, documents, documentVersions, messages, users } from "../schema";

/**
 * What an account stores, in bytes as PostgreSQL holds them (pg_column_size: after its
 * compression, and without reading large values back): its documents (trash included), their
 * versions and its chat messages. `document` is the share of one document's current state.
 */
interface StorageUse {
  isGuest: boolean;
  bytes: number;
  document: number;
}

const rowBytes = (alias: string) => sql.raw(`coalesce(sum(pg_column_size(${alias}.title) + pg_column_size(${alias}.content) + pg_column_size(${alias}.text)), 0)`);

export async function storageUse({ ownerId, documentId }: { ownerId: string; documentId?: string }): Promise<StorageUse | undefined> {
  const db = await getDb();
  const result = (await db.execute(sql`
    select u.is_guest as "isGuest",
      (select ${rowBytes("d")} from ${documents} d where d.owner_id = u.id) as documents,
      (select ${rowBytes("v")} from ${documentVersions} v where v.owner_id = u.id) as versions,
      -- Through conversations: messages have no index of their own on the owner.
      (select coalesce(sum(pg_column_size(m.content)), 0) from ${messages} m join ${conversations} c on c.id = m.conversation_id where c.owner_id = u.id) as messages,
      ${documentId ? sql`(select ${rowBytes("d")} from ${documents} d where d.id = ${documentId} and d.owner_id = u.id)` : sql`0`} as document
    from ${users} u where u.id = ${ownerId}`)) as unknown as {
    rows: Array<{ isGuest: boolean; documents: string | number; versions: string | number; messages: string | number; document: string | number }>;
  };
  const row = result.rows[0];
  if (!row) return undefined;
  return {
    isGuest: row.isGuest,
    bytes: Number(row.documents) + Number(row.versions) + Number(row.messages),
    document: Number(row.document),
  };
}
