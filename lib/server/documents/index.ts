import "server-only";
import type { ConversationSummaryJson } from "@/lib/contracts/conversations";
import {
  emptyDocument,
  type CreateDocumentInput,
  type DocumentContent,
  type DocumentJson,
  type DocumentSummaryJson,
  type ListDocumentsQuery,
  type UpdateDocumentInput,
  type VersionJson,
  type VersionSummaryJson,
} from "@/lib/contracts/documents";
import { outlineTitle, type DocumentOutline } from "@/lib/contracts/document-outline";
import type { StyleGuide } from "@/lib/contracts/style-guide";
import { cutAtWord } from "@/lib/text";
import { documentToText } from "@/lib/documents/convert";
import { autoTitle } from "@/lib/documents/title";
import { documentProblem } from "@/lib/documents/validate";
import { AppError } from "@/lib/errors";
import { listConversations } from "@/lib/server/db/queries/conversations";
import {
  countDocuments,
  deleteTrashedDocument,
  discardUntouchedDocument,
  findDocument,
  findVersion,
  insertDocument,
  listDocuments,
  listVersions,
  nameCurrentVersion,
  renameVersion,
  restoreVersion,
  trashDocument,
  untrashDocument,
  updateDocument,
  updateOutline,
  type DocumentFields,
  type DocumentRow,
  type DocumentSummaryRow,
  type SaveResult,
  type VersionRow,
  type VersionSummaryRow,
} from "@/lib/server/db/queries/documents";
import { setDocumentStyleGuide } from "@/lib/server/db/queries/style-guides";
import { env } from "@/lib/server/env";
import { parseId } from "@/lib/server/http";
import { checkStorage, documentBytes, jsonBytes } from "@/lib/server/storage";
import { storedStyleGuide } from "@/lib/server/style-guide";

const snippetChars = 160;

/** Route params of `/api/documents/{id}/versions/{versionId}…`. */
export interface VersionParams {
  params: Promise<{ id: string; versionId: string }>;
}

/** The answer for a document that doesn't exist or isn't the caller's. */
export const documentNotFound = () => new AppError("not_found", "There is no such document.");

/** A document id from a route: anything but a UUID is a document that does not exist. */
export const parseDocumentId = (value: string): string => parseId(value, documentNotFound);


const iso = (date: Date | null) => (date ? date.toISOString() : null);

function summaryJson(row: DocumentSummaryRow): DocumentSummaryJson {
  return {
    id: row.id,
    title: row.title,
    title_source: row.titleSet ? "writer" : "automatic",
    snippet: cutAtWord(row.textStart, snippetChars),
    version: row.version,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
    deleted_at: iso(row.deletedAt),
  };
}

function documentJson(row: DocumentRow): DocumentJson {
  return {
    ...summaryJson({ ...row, textStart: row.text.slice(0, 400) }),
    content: row.content as DocumentContent,
    outline: (row.outline as DocumentOutline | null) ?? null,
    style_guide: storedStyleGuide(row.styleGuide),
  };
}

function versionSummaryJson(row: VersionSummaryRow): VersionSummaryJson {
  return {
    id: row.id,
    version: row.version,
    title: row.title,
    title_source: row.titleSet ? "writer" : "automatic",
    label: row.label,
    source: row.source,
    chars: row.chars,
    created_at: row.createdAt.toISOString(),
  };
}

function versionJson(row: VersionRow): VersionJson {
  return { ...versionSummaryJson({ ...row, chars: row.text.length }), content: row.content as DocumentContent };
}

/**
 * The plain text of a document, refused unless the editor's schema allows it (400 naming the
 * path, e.g. `content.content.3.attrs.level`) and past DOCUMENT_MAX_CHARS.
 */
function checkedText(content: DocumentContent): string {
  const problem = documentProblem(content);
  if (problem) {
    const param = ["content", ...problem.path].join(".");
    throw new AppError("invalid_request", `${param}: ${problem.message}`, { param });
  }
  const text = documentToText(content);
  if (text.length > env.DOCUMENT_MAX_CHARS) {
    throw new AppError(
      "document_too_large",
      `The document has ${text.length.toLocaleString("en-US")} characters; the limit is ${env.DOCUMENT_MAX_CHARS.toLocaleString("en-US")}.`,
      { param: "content" },
    );
  }
  return text;
}

function saved(result: SaveResult): DocumentJson {
  if (result.status === "not_found") throw documentNotFound();
  if (result.status === "conflict") {
    throw new AppError("version_conflict", `The document is at version ${result.current.version} now; merge your changes into it and save again.`, {
      extra: { current: documentJson(result.current) },
    });
  }
  return documentJson(result.document);
}

/** `includeUntouched`: new documents nobody edited too (the list leaves them out). */
export async function searchDocuments({
  ownerId,
  q,
  trash,
  limit,
  includeUntouched,
}: { ownerId: string; includeUntouched?: boolean } & ListDocumentsQuery): Promise<DocumentSummaryJson[]> {
  const rows = await listDocuments({ ownerId, query: q || undefined, trash, limit, includeUntouched });
  return rows.map(summaryJson);
}

/** The title content gives itself (lib/documents/title.ts). */
const titleOf = (content: unknown, outlineTitle?: string) => autoTitle({ content: content as DocumentContent, outlineTitle });

/**
 * A new document at version 1. Without a title of the writer's, its title follows its content:
 * the heading it opens with, else its first line ("Untitled" while empty).
 */
export async function createDocument({
  ownerId,
  input,
  outlineTitle,
}: {
  ownerId: string;
  input: CreateDocumentInput;
  /** The title of the outline it was drafted from: the automatic title when the content opens with no heading. */
  outlineTitle?: string;
}): Promise<DocumentJson> {
  const content = input.content ?? emptyDocument;
  const text = checkedText(content);
  if ((await countDocuments({ ownerId })) >= env.DOCUMENTS_PER_USER) {
    throw new AppError(
      "document_limit_reached",
      `You have reached the limit of ${env.DOCUMENTS_PER_USER.toLocaleString("en-US")} documents. Documents in the trash count too: delete some forever to make room.`,
    );
  }
  const titleSet = Boolean(input.title);
  const title = input.title || titleOf(content, outlineTitle);
  // The document and its "Created" version.
  await checkStorage({ ownerId, adding: 2 * documentBytes({ title, content, text }) });
  return documentJson(await insertDocument({ ownerId, fields: { title, titleSet, content, text } }));
}

export async function openDocument({
  ownerId,
  documentId,
}: {
  ownerId: string;
  documentId: string;
}): Promise<{ document: DocumentJson; conversations: ConversationSummaryJson[] }> {
  const row = await findDocument({ ownerId, documentId });
  if (!row) throw documentNotFound();
  const conversations = await listConversations({ ownerId, documentId });
  return {
    document: documentJson(row),
    conversations: conversations.map((c) => ({
      id: c.id,
      document_id: c.documentId,
      title: c.title,
      created_at: c.createdAt.toISOString(),
      updated_at: c.updatedAt.toISOString(),
    })),
  };
}

/**
 * A save (autosave, rename or accepted AI edit). New content renames a document whose title is
 * automatic; a title sets the writer's own, and an empty one makes it automatic again.
 */
export async function saveDocument({
  ownerId,
  documentId,
  input,
}: {
  ownerId: string;
  documentId: string;
  input: UpdateDocumentInput;
}): Promise<DocumentJson> {
  const changes: Partial<DocumentFields> = {};
  const outlineOf = (stored: unknown) => outlineTitle((input.outline !== undefined ? input.outline : stored) as DocumentOutline | null);
  const contentTitle = input.content === undefined ? undefined : (stored: unknown) => titleOf(input.content, outlineOf(stored));
  if (input.title) Object.assign(changes, { title: input.title, titleSet: true });
  else if (input.title === "") {
    // Cleared: the title follows the content again (the saved content when none is sent).
    const row = await findDocument({ ownerId, documentId });
    if (!row) throw documentNotFound();
    Object.assign(changes, { title: titleOf(input.content ?? row.content, outlineOf(row.outline)), titleSet: false });
  }
  if (input.content !== undefined) {
    changes.content = input.content;
    changes.text = checkedText(input.content);
    await checkStorage({ ownerId, documentId, adding: documentBytes(changes) });
  }
  if (input.outline !== undefined) {
    await checkStorage({ ownerId, documentId, part: "outline", adding: jsonBytes(input.outline) });
    changes.outline = input.outline;
  }
  return saved(
    await updateDocument({
      ownerId,
      documentId,
      baseVersion: input.base_version,
      changes,
      autoTitle: contentTitle,
      snapshot: input.snapshot,
      keepAutosaves: env.AUTOSAVE_VERSIONS_PER_DOCUMENT,
    }),
  );
}

/** The outline alone (the studio's outline panel): last write wins, the text's version is untouched. */
export async function saveOutline({
  ownerId,
  documentId,
  outline,
}: {
  ownerId: string;
  documentId: string;
  outline: DocumentOutline | null;
}): Promise<DocumentOutline | null> {
  await checkStorage({ ownerId, documentId, part: "outline", adding: jsonBytes(outline) });
  const row = await updateOutline({ ownerId, documentId, outline, autoTitleOf: (content) => titleOf(content, outlineTitle(outline)) });
  if (!row) throw documentNotFound();
  return (row.outline as DocumentOutline | null) ?? null;
}

/** The document's own style guide (`{}`: none at all), or null to follow the account default; not a version of the text. */
export async function saveDocumentStyleGuide({
  ownerId,
  documentId,
  styleGuide,
}: {
  ownerId: string;
  documentId: string;
  styleGuide: StyleGuide | null;
}): Promise<StyleGuide | null> {
  await checkStorage({ ownerId, documentId, part: "style-guide", adding: jsonBytes(styleGuide) });
  const row = await setDocumentStyleGuide({ ownerId, documentId, styleGuide });
  if (!row) throw documentNotFound();
  return storedStyleGuide(row.styleGuide);
}

export async function moveToTrash({ ownerId, documentId }: { ownerId: string; documentId: string }): Promise<DocumentJson> {
  const row = await trashDocument({ ownerId, documentId });
  if (!row) throw documentNotFound();
  return documentJson(row);
}

export async function restoreFromTrash({ ownerId, documentId }: { ownerId: string; documentId: string }): Promise<DocumentJson> {
  const row = await untrashDocument({ ownerId, documentId });
  if (!row) throw documentNotFound();
  return documentJson(row);
}

export async function deleteForever({ ownerId, documentId }: { ownerId: string; documentId: string }): Promise<void> {
  const outcome = await deleteTrashedDocument({ ownerId, documentId });
  if (outcome === "not_found") throw documentNotFound();
  if (outcome === "not_trashed") {
    throw new AppError("invalid_request", "Only a document in the trash can be deleted forever: move it to the trash first.", {
      param: "permanent",
    });
  }
}

export async function documentVersions({ ownerId, documentId }: { ownerId: string; documentId: string }): Promise<VersionSummaryJson[]> {
  if (!(await findDocument({ ownerId, documentId }))) throw documentNotFound();
  return (await listVersions({ ownerId, documentId })).map(versionSummaryJson);
}

export async function documentVersion({
  ownerId,
  documentId,
  versionId,
}: {
  ownerId: string;
  documentId: string;
  versionId: string;
}): Promise<VersionJson> {
  const row = await findVersion({ ownerId, documentId, versionId });
  if (!row) throw versionNotFound();
  return versionJson(row);
}

export async function restoreDocumentVersion(options: {
  ownerId: string;
  documentId: string;
  versionId: string;
  baseVersion?: number;
  /** Also take the version's title; by default the document keeps its own. */
  restoreTitle?: boolean;
}): Promise<DocumentJson> {
  // A restore copies a version (stored already): refused only once the account is full.
  await checkStorage({ ownerId: options.ownerId, adding: 0 });
  return saved(await restoreVersion({ ...options, autoTitleOf: (content, stored) => titleOf(content, outlineTitle(stored as DocumentOutline | null)), keepAutosaves: env.AUTOSAVE_VERSIONS_PER_DOCUMENT }));
}

const versionNotFound = () => new AppError("not_found", "There is no such version of this document.");

/** "Name this version": the current state kept under the writer's label. */
export async function nameVersion({ ownerId, documentId, label }: { ownerId: string; documentId: string; label: string }): Promise<VersionSummaryJson> {
  const row = await nameCurrentVersion({ ownerId, documentId, label });
  if (!row) throw documentNotFound();
  return versionSummaryJson(row);
}

export async function relabelVersion(options: { ownerId: string; documentId: string; versionId: string; label: string }): Promise<VersionSummaryJson> {
  const row = await renameVersion(options);
  if (!row) throw versionNotFound();
  return versionSummaryJson(row);
}

/** Leaving a new document without touching it deletes it, so "New document" leaves nothing behind. */
export async function discardIfUntouched({ ownerId, documentId }: { ownerId: string; documentId: string }): Promise<{ discarded: boolean }> {
  if (await discardUntouchedDocument({ ownerId, documentId })) return { discarded: true };
  if (!(await findDocument({ ownerId, documentId }))) throw documentNotFound();
  return { discarded: false };
}
