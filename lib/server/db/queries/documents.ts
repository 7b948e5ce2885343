import "server-only";
import { and, count, desc, eq, ilike, isNotNull, isNull, not, or, sql } from "drizzle-orm";
import { getDb, type Db } from "../client";
import { conversations, documents, documentVersions, now } from "../schema";

export type DocumentRow = typeof documents.$inferSelect;
export type VersionRow = typeof documentVersions.$inferSelect;
type VersionSource = VersionRow["source"];

/** A row for lists: the text is cut short, it only feeds the snippet. */
export type DocumentSummaryRow = Omit<DocumentRow, "content" | "ownerId" | "text" | "outline" | "styleGuide"> & { textStart: string };
export type VersionSummaryRow = Omit<VersionRow, "content" | "text" | "ownerId" | "documentId"> & { chars: number };

/** What a save writes: `text` is always the plain text of `content`. */
export interface DocumentFields {
  title: string;
  /** The writer typed the title; otherwise it follows the content. */
  titleSet?: boolean;
  content: unknown;
  text: string;
  /** The document's outline (null: none); left as it is when absent. */
  outline?: unknown;
}

interface Snapshot {
  label: string;
  source: VersionSource;
}

/** A save based on an older version is refused; the current state goes back to the client. */
export type SaveResult = { status: "saved"; document: DocumentRow } | { status: "conflict"; current: DocumentRow } | { status: "not_found" };

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** Without a named snapshot, a save keeps one when the newest is older than this. */
const autosaveIntervalMs = 10 * 60 * 1000;

const summaryColumns = {
  id: documents.id,
  title: documents.title,
  titleSet: documents.titleSet,
  version: documents.version,
  deletedAt: documents.deletedAt,
  createdAt: documents.createdAt,
  updatedAt: documents.updatedAt,
  textStart: sql<string>`left(${documents.text}, 400)`,
};

/** The condition every query of one document has: it is this one, and the owner's. */
export const ownDocument = (ownerId: string, documentId: string) => and(eq(documents.id, documentId), eq(documents.ownerId, ownerId));

/** `%`, `_` and `\` are LIKE wildcards (backslash is PostgreSQL's default escape): match them literally. */
function containsPattern(query: string): string {
  return `%${query.replace(/[\\%_]/g, "\\$&")}%`;
}

async function insertSnapshot(tx: Tx, document: DocumentRow, snapshot: Snapshot): Promise<void> {
  await tx
    .insert(documentVersions)
    .values({
      documentId: document.id,
      ownerId: document.ownerId,
      version: document.version,
      title: document.title,
      titleSet: document.titleSet,
      content: document.content,
      text: document.text,
      label: snapshot.label,
      source: snapshot.source,
    })
    // A version is kept once: a second snapshot of the same state adds nothing.
    .onConflictDoNothing();
}

const labelledSources: VersionSource[] = ["ai", "restore", "merge", "manual"];

/**
 * Keeps a document's newest `keep` automatic versions and deletes the older ones. The labelled
 * ones stay, and so does an autosave taken just before a labelled version (the state an AI edit,
 * a restore or a merge replaced): it is what undoes that change from the history.
 */
async function pruneAutosaves(tx: Tx, documentId: string, keep: number): Promise<void> {
  await tx.execute(sql`
    delete from ${documentVersions} where ${documentVersions.id} in (
      select id from (
        select v.id, row_number() over (order by v.version desc) as newest
        from ${documentVersions} v
        where v.document_id = ${documentId} and v.source = 'autosave'
          and not exists (
            select 1 from ${documentVersions} l
            where l.document_id = v.document_id and l.version = v.version + 1
              and l.source in (${sql.join(labelledSources.map((s) => sql`${s}`), sql`, `)})
          )
      ) ranked
      where newest > ${keep}
    )`);
}

export async function countDocuments({ ownerId }: { ownerId: string }): Promise<number> {
  const db = await getDb();
  const [row] = await db.select({ n: count() }).from(documents).where(eq(documents.ownerId, ownerId));
  return row?.n ?? 0;
}

/** A new document at version 1, with its "Created" snapshot. */
export async function insertDocument({ ownerId, fields }: { ownerId: string; fields: DocumentFields }): Promise<DocumentRow> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(documents).values({ ownerId, ...fields }).returning();
    await insertSnapshot(tx, row!, { label: "Created", source: "create" });
    return row!;
  });
}

/** Never saved, no text, no title of the writer's, no conversation: a new document nobody touched. */
const untouched = () =>
  and(
    eq(documents.version, 1),
    eq(documents.titleSet, false),
    sql`btrim(${documents.text}) = ''`,
    sql`not exists (select 1 from ${conversations} where ${conversations.documentId} = ${documents.id})`,
  );

/**
 * Live or trashed documents, newest change first; `query` matches title or text, case-insensitively.
 * A new document nobody touched isn't listed (the studio deletes it when left; a closed tab may leave one).
 */
export async function listDocuments({
  ownerId,
  query,
  trash,
  limit,
  includeUntouched = false,
}: {
  ownerId: string;
  query?: string;
  trash: boolean;
  limit: number;
  includeUntouched?: boolean;
}): Promise<DocumentSummaryRow[]> {
  const db = await getDb();
  const pattern = query ? containsPattern(query) : undefined;
  return db
    .select(summaryColumns)
    .from(documents)
    .where(
      and(
        eq(documents.ownerId, ownerId),
        trash ? isNotNull(documents.deletedAt) : isNull(documents.deletedAt),
        pattern ? or(ilike(documents.title, pattern), ilike(documents.text, pattern)) : undefined,
        includeUntouched ? undefined : not(untouched()!),
      ),
    )
    .orderBy(desc(documents.updatedAt), desc(documents.id))
    .limit(limit);
}

export async function findDocument({ ownerId, documentId }: { ownerId: string; documentId: string }): Promise<DocumentRow | undefined> {
  const db = await getDb();
  const [row] = await db.select().from(documents).where(ownDocument(ownerId, documentId));
  return row;
}

/**
 * Optimistic concurrency: the update only applies to `baseVersion`. A snapshot is kept when one
 * is asked for (the replaced state too, if it had none, so an AI edit can be undone from the
 * history), or when the newest snapshot is older than the autosave interval.
 */
export async function updateDocument({
  ownerId,
  documentId,
  baseVersion,
  changes,
  autoTitle,
  snapshot,
  keepAutosaves,
}: {
  ownerId: string;
  documentId: string;
  baseVersion: number;
  changes: Partial<DocumentFields>;
  /**
   * The title the new content gives itself, given the document's stored outline (its title counts
   * when the content opens with no heading): stored unless the writer named the document (or `changes` names it).
   */
  autoTitle?: (storedOutline: unknown) => string;
  snapshot?: Snapshot;
  /** Automatic versions kept per document (pruneAutosaves). */
  keepAutosaves: number;
}): Promise<SaveResult> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const follows = autoTitle !== undefined && changes.title === undefined;
    const [before] = snapshot || follows ? await tx.select().from(documents).where(ownDocument(ownerId, documentId)) : [];
    const followTitle = follows ? { title: sql<string>`case when ${documents.titleSet} then ${documents.title} else ${autoTitle(before?.outline ?? null)} end` } : {};
    const [saved] = await tx
      .update(documents)
      .set({ ...changes, ...followTitle, version: sql`${documents.version} + 1`, updatedAt: now })
      .where(and(ownDocument(ownerId, documentId), eq(documents.version, baseVersion)))
      .returning();
    if (!saved) {
      const [current] = await tx.select().from(documents).where(ownDocument(ownerId, documentId));
      return current ? { status: "conflict", current } : { status: "not_found" };
    }
    if (snapshot) {
      if (before?.version === baseVersion) await insertSnapshot(tx, before, { label: "Autosave", source: "autosave" });
      await insertSnapshot(tx, saved, snapshot);
    } else {
      const [newest] = await tx
        .select({ createdAt: documentVersions.createdAt })
        .from(documentVersions)
        .where(and(eq(documentVersions.documentId, documentId), eq(documentVersions.ownerId, ownerId)))
        .orderBy(desc(documentVersions.createdAt))
        .limit(1);
      // Both times come from the database's clock.
      if (!newest || saved.updatedAt.getTime() - newest.createdAt.getTime() >= autosaveIntervalMs) {
        await insertSnapshot(tx, saved, { label: "Autosave", source: "autosave" });
      }
    }
    await pruneAutosaves(tx, documentId, keepAutosaves);
    return { status: "saved", document: saved };
  });
}

/**
 * Saves a document's outline alone: not a version of its text, so neither the version nor the
 * history changes (an outline edit never makes the editor's next save a conflict).
 */
export async function updateOutline({
  ownerId,
  documentId,
  outline,
  autoTitleOf,
}: {
  ownerId: string;
  documentId: string;
  outline: unknown;
  /** The automatic title of the stored content with this outline. */
  autoTitleOf: (content: unknown) => string;
}): Promise<DocumentRow | undefined> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(documents).where(ownDocument(ownerId, documentId));
    if (!current) return undefined;
    // An automatic title may follow the outline's (when the text opens with no heading).
    const title = current.titleSet ? current.title : autoTitleOf(current.content);
    const [row] = await tx.update(documents).set({ outline, title, updatedAt: now }).where(ownDocument(ownerId, documentId)).returning();
    return row;
  });
}

/** Moves a document to the trash (or leaves it there); its version and content are untouched. */
export async function trashDocument({ ownerId, documentId }: { ownerId: string; documentId: string }): Promise<DocumentRow | undefined> {
  const db = await getDb();
  const [row] = await db
    .update(documents)
    .set({ deletedAt: sql`coalesce(${documents.deletedAt}, now())` })
    .where(ownDocument(ownerId, documentId))
    .returning();
  return row;
}

export async function untrashDocument({ ownerId, documentId }: { ownerId: string; documentId: string }): Promise<DocumentRow | undefined> {
  const db = await getDb();
  const [row] = await db.update(documents).set({ deletedAt: null }).where(ownDocument(ownerId, documentId)).returning();
  return row;
}

/**
 * Deletes a new document nobody touched: never saved (version 1), no text, no title of the writer's,
 * no conversation. True when it was deleted.
 */
export async function discardUntouchedDocument({ ownerId, documentId }: { ownerId: string; documentId: string }): Promise<boolean> {
  const db = await getDb();
  const deleted = await db
    .delete(documents)
    .where(and(ownDocument(ownerId, documentId), untouched()))
    .returning({ id: documents.id });
  return deleted.length > 0;
}

/** Deletes a trashed document with its versions and conversations; a live one is refused. */
export async function deleteTrashedDocument({
  ownerId,
  documentId,
}: {
  ownerId: string;
  documentId: string;
}): Promise<"deleted" | "not_trashed" | "not_found"> {
  const db = await getDb();
  const deleted = await db
    .delete(documents)
    .where(and(ownDocument(ownerId, documentId), isNotNull(documents.deletedAt)))
    .returning({ id: documents.id });
  if (deleted.length) return "deleted";
  return (await findDocument({ ownerId, documentId })) ? "not_trashed" : "not_found";
}

export async function listVersions({ ownerId, documentId }: { ownerId: string; documentId: string }): Promise<VersionSummaryRow[]> {
  const db = await getDb();
  return db
    .select({
      id: documentVersions.id,
      version: documentVersions.version,
      title: documentVersions.title,
      titleSet: documentVersions.titleSet,
      label: documentVersions.label,
      source: documentVersions.source,
      createdAt: documentVersions.createdAt,
      chars: sql<number>`char_length(${documentVersions.text})`.mapWith(Number),
    })
    .from(documentVersions)
    .where(and(eq(documentVersions.documentId, documentId), eq(documentVersions.ownerId, ownerId)))
    .orderBy(desc(documentVersions.version));
}

export async function findVersion({
  ownerId,
  documentId,
  versionId,
}: {
  ownerId: string;
  documentId: string;
  versionId: string;
}): Promise<VersionRow | undefined> {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(documentVersions)
    .where(and(eq(documentVersions.id, versionId), eq(documentVersions.documentId, documentId), eq(documentVersions.ownerId, ownerId)));
  return row;
}

/**
 * Writes an old version's content as the next version ("Restored version N"), and its title when
 * `restoreTitle`; otherwise a title the writer set stays and an automatic one follows the restored
 * content. The state it replaces is snapshotted first when it has no snapshot, so nothing is lost.
 */
export async function restoreVersion({
  ownerId,
  documentId,
  versionId,
  baseVersion,
  restoreTitle = false,
  autoTitleOf,
  keepAutosaves,
}: {
  ownerId: string;
  documentId: string;
  versionId: string;
  baseVersion?: number;
  restoreTitle?: boolean;
  /** The automatic title of some content with the document's stored outline (without it: the version's stored title). */
  autoTitleOf?: (content: unknown, storedOutline: unknown) => string;
  keepAutosaves: number;
}): Promise<SaveResult> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(documents).where(ownDocument(ownerId, documentId));
    if (!current) return { status: "not_found" };
    const [version] = await tx
      .select()
      .from(documentVersions)
      .where(and(eq(documentVersions.id, versionId), eq(documentVersions.documentId, documentId), eq(documentVersions.ownerId, ownerId)));
    if (!version) return { status: "not_found" };
    if (baseVersion !== undefined && baseVersion !== current.version) return { status: "conflict", current };
    await insertSnapshot(tx, current, { label: `Before restoring version ${version.version}`, source: "autosave" });
    const titleSet = restoreTitle ? version.titleSet : current.titleSet;
    const title = !titleSet ? (autoTitleOf?.(version.content, current.outline) ?? version.title) : restoreTitle ? version.title : current.title;
    const [saved] = await tx
      .update(documents)
      .set({ title, titleSet, content: version.content, text: version.text, version: sql`${documents.version} + 1`, updatedAt: now })
      .where(and(ownDocument(ownerId, documentId), eq(documents.version, current.version)))
      .returning();
    if (!saved) {
      const [latest] = await tx.select().from(documents).where(ownDocument(ownerId, documentId));
      return latest ? { status: "conflict", current: latest } : { status: "not_found" };
    }
    await insertSnapshot(tx, saved, { label: `Restored version ${version.version}`, source: "restore" });
    await pruneAutosaves(tx, documentId, keepAutosaves);
    return { status: "saved", document: saved };
  });
}

/**
 * Keeps the document's current state as a version named `label` (kept by pruning); when that state
 * is kept already, its version gets the name.
 */
export async function nameCurrentVersion({
  ownerId,
  documentId,
  label,
}: {
  ownerId: string;
  documentId: string;
  label: string;
}): Promise<VersionSummaryRow | undefined> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [document] = await tx.select().from(documents).where(ownDocument(ownerId, documentId));
    if (!document) return undefined;
    const [row] = await tx
      .insert(documentVersions)
      .values({
        documentId,
        ownerId,
        version: document.version,
        title: document.title,
        titleSet: document.titleSet,
        content: document.content,
        text: document.text,
        label,
        source: "manual",
      })
      .onConflictDoUpdate({ target: [documentVersions.documentId, documentVersions.version], set: { label, source: "manual" } })
      .returning();
    return row && versionSummary(row);
  });
}

/** Renames a kept version; an automatic one becomes a named one, so pruning keeps it. */
export async function renameVersion({
  ownerId,
  documentId,
  versionId,
  label,
}: {
  ownerId: string;
  documentId: string;
  versionId: string;
  label: string;
}): Promise<VersionSummaryRow | undefined> {
  const db = await getDb();
  const [row] = await db
    .update(documentVersions)
    .set({ label, source: sql`case when ${documentVersions.source} = 'autosave' then 'manual' else ${documentVersions.source} end` })
    .where(and(eq(documentVersions.id, versionId), eq(documentVersions.documentId, documentId), eq(documentVersions.ownerId, ownerId)))
    .returning();
  return row && versionSummary(row);
}

function versionSummary({ content: _content, text, ownerId: _ownerId, documentId: _documentId, ...rest }: VersionRow): VersionSummaryRow {
  return { ...rest, chars: text.length };
}
