import type { Metadata } from "next";
import { AppShell } from "@/components/app-shell/app-shell";
import { PageHeading } from "@/components/app-shell/page-heading";
import { ApiKeysManager } from "@/components/api-keys/api-keys-manager";
import { AccountDetails } from "@/components/settings/account-details";
import { DefaultStyleGuide } from "@/components/settings/default-style-guide";
import { DisplayNameForm } from "@/components/settings/display-name-form";
import { PasswordForm } from "@/components/settings/password-form";
import { PrivacySetting } from "@/components/settings/privacy-setting";
import { SettingsSection } from "@/components/settings/settings-section";
import { VariantsSetting } from "@/components/settings/variants-setting";
import { WebhookSettings } from "@/components/settings/webhook-settings";
import { accountJson } from "@/lib/server/account";
import { listKeys } from "@/lib/server/api-keys";
import { requirePageUser } from "@/lib/server/auth/session";
import { configuredRateLimits } from "@/lib/server/limits";

export const metadata: Metadata = { title: "Settings — Draftwise" };

export default async function SettingsPage() {
  const user = await requirePageUser("/settings");
  const account = accountJson(user);
  const keys = await listKeys({ user });
  // What a key without its own limits gets: shown beside each key and in the create form.
  const defaults = configuredRateLimits();
  return (
    <AppShell account={account} current="settings">
      <PageHeading title="Settings" description="Your account, your default style guide and variants, what Draftwise keeps, your API keys and webhooks." />
      <SettingsSection title="Account" id="settings-account">
        <AccountDetails account={account} />
        <DisplayNameForm initialName={account.name ?? ""} />
        {/* Guests and GitHub/Google accounts have no password to change. */}
        {user.passwordHash ? <PasswordForm /> : null}
      </SettingsSection>
      <SettingsSection title="Default style guide" id="settings-style-guide">
        <DefaultStyleGuide initial={account.style_guide} />
      </SettingsSection>
      <SettingsSection title="Variants" id="settings-variants">
        <VariantsSetting initial={account.variants} />
      </SettingsSection>
      <SettingsSection title="Privacy" id="settings-privacy">
        <PrivacySetting initialStoreContent={account.store_content} />
      </SettingsSection>
      <SettingsSection title="API keys" id="settings-api-keys">
        <ApiKeysManager initialKeys={keys} defaults={defaults} />
      </SettingsSection>
      <SettingsSection title="Webhooks" id="settings-webhooks">
        <WebhookSettings />
      </SettingsSection>
    </AppShell>
  );
}
