import type { Metadata } from "next";
import { AppShell } from "@/components/app-shell/app-shell";
import { PageHeading } from "@/components/app-shell/page-heading";
import { AccountDetails } from "@/components/settings/account-details";
import { DisplayNameForm } from "@/components/settings/display-name-form";
import { PrivacySetting } from "@/components/settings/privacy-setting";
import { SettingsSection } from "@/components/settings/settings-section";
import { accountJson } from "@/lib/server/account";
import { requirePageUser } from "@/lib/server/auth/session";

export const metadata: Metadata = { title: "Settings — Draftwise" };

export default async function SettingsPage() {
  const account = accountJson(await requirePageUser("/settings"));
  return (
    <AppShell account={account} current="settings">
      <PageHeading title="Settings" description="Your account and what Draftwise keeps." />
      <SettingsSection title="Account" id="settings-account">
        <AccountDetails account={account} />
        <DisplayNameForm initialName={account.name ?? ""} />
      </SettingsSection>
      <SettingsSection title="Privacy" id="settings-privacy">
        <PrivacySetting initialStoreContent={account.store_content} />
      </SettingsSection>
    </AppShell>
  );
}
