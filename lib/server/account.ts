import "server-only";
import type { AccountJson, AccountSettingsInput } from "@/lib/contracts/account";
import { forgetVerifiedKeys } from "@/lib/server/api-keys";
import { updateUserSettings, type UserRow } from "@/lib/server/db/queries/users";

/**
 * Saves the account's settings. Verified API keys carry their owner's row, so they are
 * forgotten: the next API call already sees the change (the privacy switch above all).
 */
export async function updateAccount({ user, settings }: { user: UserRow; settings: AccountSettingsInput }): Promise<UserRow> {
  const updated = await updateUserSettings({ userId: user.id, storeContent: settings.store_content, name: settings.name });
  forgetVerifiedKeys();
  return updated ?? user;
}

export function accountJson(user: UserRow): AccountJson {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    is_guest: user.isGuest,
    store_content: user.storeContent,
    created_at: user.createdAt.toISOString(),
  };
}
