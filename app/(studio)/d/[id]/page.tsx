import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AppError } from "@/lib/errors";
import { accountJson } from "@/lib/server/account";
import { requirePageUser } from "@/lib/server/auth/session";
import { openDocument, parseDocumentId } from "@/lib/server/documents";
import { StudioLoader } from "@/components/studio/studio-loader";

export const metadata: Metadata = { title: "Draftwise — AI writing studio" };

interface DocumentPageProps {
  params: Promise<{ id: string }>;
}

async function loadDocument(ownerId: string, id: string) {
  try {
    return await openDocument({ ownerId, documentId: parseDocumentId(id) });
  } catch (error) {
    if (AppError.is(error) && error.code === "not_found") notFound();
    throw error;
  }
}

/** The studio on one document; another writer's id is as missing as an unknown one. */
export default async function DocumentPage({ params }: DocumentPageProps) {
  const { id } = await params;
  const user = await requirePageUser(`/d/${encodeURIComponent(id)}`);
  const opened = await loadDocument(user.id, id);
  const { email, name, is_guest, store_content, style_guide, variants } = accountJson(user);
  // Keyed by id: another document is a fresh studio, never the last one's editor state.
  return <StudioLoader key={opened.document.id} document={opened.document} account={{ email, name, is_guest, store_content, style_guide, variants }} />;
}
