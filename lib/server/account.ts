import "server-only";
import type { AccountJson, AccountSettingsInput } from "@/lib/contracts/account";
import { forgetVerifiedKeys } from "@/lib/server/api-keys";
import { setAccountStyleGuide } from "@/lib/server/db/queries/style-guides";
import { updateUserSettings, type UserRow } from "@/lib/server/db/queries/users";
import { checkStorage, jsonBytes } from "@/lib/server/storage";
import { storedStyleGuide } from "@/lib/server/style-guide";

/**
 * Saves the account's settings. Verified API keys carry their owner's row, so they are
 * forgotten: the next API call already sees the change (the privacy switch above all).
 */
export async function updateAccount({ user, settings }: { user: UserRow; settings: AccountSettingsInput }): Promise<UserRow> {
  if (settings.style_guide !== undefined) {
    await checkStorage({ ownerId: user.id, part: "account-style-guide", adding: jsonBytes(settings.style_guide) });
  }
  const updated = await updateUserSettings({ userId: user.id, storeContent: settings.store_content, name: settings.name, variants: settings.variants });
  const guide = settings.style_guide !== undefined ? await setAccountStyleGuide({ userId: user.id, styleGuide: settings.style_guide }) : undefined;
  forgetVerifiedKeys();
  return { ...(updated ?? user), ...(guide ? { styleGuide: guide.styleGuide } : {}) };
}

export function accountJson(user: UserRow): AccountJson {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    is_guest: user.isGuest,
    store_content: user.storeContent,
    style_guide: storedStyleGuide(user.styleGuide),
    variants: user.variants,
    created_at: user.createdAt.toISOString(),
  };
}
