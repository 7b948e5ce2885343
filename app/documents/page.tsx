import type { Metadata } from "next";
import { AppShell } from "@/components/app-shell/app-shell";
import { firstParam, type SearchParams } from "@/components/app-shell/search-params";
import { DocumentsView } from "@/components/documents/documents-view";
import { accountJson } from "@/lib/server/account";
import { requirePageUser } from "@/lib/server/auth/session";

export const metadata: Metadata = { title: "Documents — Draftwise" };

export default async function DocumentsPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requirePageUser("/documents");
  const params = await searchParams;
  const trash = firstParam(params.trash);
  return (
    <AppShell account={accountJson(user)} current="documents">
      <DocumentsView initialTrash={trash === "true" || trash === "1"} initialQuery={firstParam(params.q) ?? ""} />
    </AppShell>
  );
}
