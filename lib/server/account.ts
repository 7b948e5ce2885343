import "server-only";
import type { AccountJson, AccountSettingsInput, ChangePasswordInput } from "@/lib/contracts/account";
import { AppError } from "@/lib/errors";
import { forgetVerifiedKeys } from "@/lib/server/api-keys";
import { clearSignInFailures, recordSignInFailure, signInRetryAfter } from "@/lib/server/auth/limits";
import { hashPassword, verifyPassword } from "@/lib/server/auth/password";
import { renewSessionCookie } from "@/lib/server/auth/session";
import { updatePassword, updateUserSettings, type UserRow } from "@/lib/server/db/queries/users";

/**
 * Saves the account's settings. Verified API keys carry their owner's row, so they are
 * forgotten: the next API call already sees the change (the privacy switch above all).
 */
export async function updateAccount({ user, settings }: { user: UserRow; settings: AccountSettingsInput }): Promise<UserRow> {
  const updated = await updateUserSettings({ userId: user.id, storeContent: settings.store_content, name: settings.name });
  forgetVerifiedKeys();
  return updated ?? user;
}

/**
 * Replaces the password after checking the current one (wrong guesses count as failed sign-ins,
 * with their lockout). Every other session of the account ends; this one is re-issued and stays.
 */
export async function changePassword({ user, input, ip }: { user: UserRow; input: ChangePasswordInput; ip: string }): Promise<void> {
  if (!user.passwordHash || !user.email) {
    throw new AppError("unprocessable_request", "This account has no password to change: it signs in with GitHub or Google, or is a guest.");
  }
  const retryAfter = signInRetryAfter({ ip, email: user.email });
  if (retryAfter > 0) throw new AppError("rate_limited", "Too many wrong passwords. Try again later.", { retryAfter });
  if (!(await verifyPassword(input.current_password, user.passwordHash))) {
    recordSignInFailure({ ip, email: user.email });
    throw new AppError("invalid_credentials", "The current password is not correct.", { param: "current_password" });
  }
  clearSignInFailures({ email: user.email });
  const version = await updatePassword({ userId: user.id, passwordHash: await hashPassword(input.new_password), from: user.sessionVersion });
  // Signed out elsewhere meanwhile: this session ended too.
  if (version === undefined) throw new AppError("unauthorized", "Your session ended: sign in again.");
  await renewSessionCookie(version);
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
