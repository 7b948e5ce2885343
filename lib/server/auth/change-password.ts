import "server-only";
import type { ChangePasswordInput } from "@/lib/contracts/account";
import { AppError } from "@/lib/errors";
import { updatePassword, type UserRow } from "@/lib/server/db/queries/users";
import { clearSignInFailures, recordSignInFailure, signInRetryAfter } from "./limits";
import { hashPassword, verifyPassword } from "./password";
import { renewSessionCookie } from "./session";

/**
 * POST /api/account/password: replaces the password after checking the current one (wrong
 * guesses count as failed sign-ins, with their lockout). Every other session of the account
 * ends; this one is re-issued and stays.
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
