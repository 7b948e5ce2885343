import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "../client";
import { conversations, documents, documentVersions, messages, users } from "../schema";

/**
 * What an account stores, in bytes as PostgreSQL holds them (pg_column_size: after its
 * compression, and without reading large values back): its documents (trash included) with
 * their outlines and style guides, their versions, its chat messages and its default style guide.
 * `document` is the share of what the write replaces (`part`): a document's text (title, content
 * and plain text), its outline or style guide, or the account's default style guide.
 */
interface StorageUse {
  isGuest: boolean;
  bytes: number;
  document: number;
}

const rowBytes = (alias: string) => sql.raw(`coalesce(sum(pg_column_size(${alias}.title) + pg_column_size(${alias}.content) + pg_column_size(${alias}.text)), 0)`);
// Nullable columns: pg_column_size(null) is null, which would null the whole row's sum.
const extraBytes = (alias: string) => sql.raw(`coalesce(sum(coalesce(pg_column_size(${alias}.outline), 0) + coalesce(pg_column_size(${alias}.style_guide), 0)), 0)`);
const columnBytes = (alias: string, column: "outline" | "style_guide") => sql.raw(`coalesce(sum(pg_column_size(${alias}.${column})), 0)`);

/** What a write replaces: a document's text (title, content, plain text), outline or style guide, or the account's default style guide. */
export type StoragePart = "text" | "outline" | "style-guide" | "account-style-guide";

const documentShare = (part: StoragePart) =>
  part === "outline" ? columnBytes("d", "outline") : part === "style-guide" ? columnBytes("d", "style_guide") : rowBytes("d");

export async function storageUse({
  ownerId,
  documentId,
  part = "text",
}: {
  ownerId: string;
  documentId?: string;
  part?: StoragePart;
}): Promise<StorageUse | undefined> {
  const db = await getDb();
  const result = (await db.execute(sql`
    select u.is_guest as "isGuest",
      (select ${rowBytes("d")} + ${extraBytes("d")} from ${documents} d where d.owner_id = u.id) as documents,
      (select ${rowBytes("v")} from ${documentVersions} v where v.owner_id = u.id) as versions,
      -- Through conversations: messages have no index of their own on the owner.
      (select coalesce(sum(pg_column_size(m.content)), 0) from ${messages} m join ${conversations} c on c.id = m.conversation_id where c.owner_id = u.id) as messages,
      coalesce(pg_column_size(u.style_guide), 0) as "accountStyleGuide",
      ${
        part === "account-style-guide"
          ? sql`coalesce(pg_column_size(u.style_guide), 0)`
          : documentId
            ? sql`(select ${documentShare(part)} from ${documents} d where d.id = ${documentId} and d.owner_id = u.id)`
            : sql`0`
      } as document
    from ${users} u where u.id = ${ownerId}`)) as unknown as {
    rows: Array<{
      isGuest: boolean;
      documents: string | number;
      versions: string | number;
      messages: string | number;
      accountStyleGuide: string | number;
      document: string | number;
    }>;
  };
  const row = result.rows[0];
  if (!row) return undefined;
  return {
    isGuest: row.isGuest,
    bytes: Number(row.documents) + Number(row.versions) + Number(row.messages) + Number(row.accountStyleGuide),
    document: Number(row.document),
  };
}
