import type { Metadata } from "next";
import { AppShell } from "@/components/app-shell/app-shell";
import { firstParam, type SearchParams } from "@/components/app-shell/search-params";
import { parseUsagePeriod } from "@/components/usage/usage-periods";
import { UsageView } from "@/components/usage/usage-view";
import { accountJson } from "@/lib/server/account";
import { requirePageUser } from "@/lib/server/auth/session";

export const metadata: Metadata = { title: "Usage — Draftwise" };

export default async function UsagePage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requirePageUser("/usage");
  const period = parseUsagePeriod(firstParam((await searchParams).days));
  return (
    <AppShell account={accountJson(user)} current="usage">
      <UsageView initialDays={period} />
    </AppShell>
  );
}
