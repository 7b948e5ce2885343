import type { Metadata } from "next";
import { AppShell } from "@/components/app-shell/app-shell";
import { JobsView } from "@/components/jobs/jobs-view";
import { accountJson } from "@/lib/server/account";
import { requirePageUser } from "@/lib/server/auth/session";

export const metadata: Metadata = { title: "Jobs — Draftwise" };

export default async function JobsPage() {
  const user = await requirePageUser("/jobs");
  return (
    <AppShell account={accountJson(user)} current="jobs">
      <JobsView />
    </AppShell>
  );
}
