import "server-only";
import type { AuthorshipReport } from "@/lib/contracts/authorship";
import type { DocumentContent } from "@/lib/contracts/documents";
import { autoTitle } from "@/lib/documents/title";
import { authorshipReport } from "@/lib/editor/authorship/report";
import { findDocument, type DocumentRow } from "@/lib/server/db/queries/documents";
import { documentNotFound } from "@/lib/server/documents";

/** The authorship record of a saved document row (the API's answer, the downloads, the DOCX appendix). */
export function reportOfRow(row: DocumentRow, storeContent: boolean, generatedAt = new Date()): AuthorshipReport {
  const doc = row.content as DocumentContent;
  return authorshipReport({ doc, documentId: row.id, title: row.titleSet ? row.title : autoTitle({ content: doc }), storeContent, generatedAt });
}

/** One of the owner's documents' record; another's or a missing one is 404. `storeContent`: the account's setting. */
export async function documentAuthorship({ ownerId, documentId, storeContent }: { ownerId: string; documentId: string; storeContent: boolean }): Promise<AuthorshipReport> {
  const row = await findDocument({ ownerId, documentId });
  if (!row) throw documentNotFound();
  return reportOfRow(row, storeContent);
}
