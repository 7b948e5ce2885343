import "server-only";
import type { ChangePasswordInput } from "@/lib/contracts/account";
import { AppError } from "@/lib/errors";
import { updatePassword, type UserRow } from "@/lib/server/db/queries/users";
import { signInWaitMessage } from "@/lib/contracts/account";
import { clearSignInFailures, recordSignInFailure, signInWait, type SignInAttempt } from "./limits";
import { hashPassword, verifyPassword } from "./password";
import { renewSessionCookie } from "./session";

/**
 * POST /api/account/password: replaces the password after checking the current one (wrong
 * guesses count as failed sign-ins, with their delays). Every other session of the account
 * ends; this one is re-issued and stays.
 */
export async function changePassword({ user, input, attempt }: { user: UserRow; input: ChangePasswordInput; attempt: SignInAttempt }): Promise<void> {
  if (!user.passwordHash || !user.email) {
    throw new AppError("unprocessable_request", "This account has no password to change: it signs in with GitHub or Google, or is a guest.");
  }
  const guess = { ...attempt, email: user.email };
  const wait = signInWait(guess);
  if (wait) throw new AppError("rate_limited", signInWaitMessage(wait), { retryAfter: wait.retryAfter });
  if (!(await verifyPassword(input.current_password, user.passwordHash))) {
    recordSignInFailure(guess);
    throw new AppError("invalid_credentials", "The current password is not correct.", { param: "current_password" });
  }
  clearSignInFailures(guess);
  const version = await updatePassword({ userId: user.id, passwordHash: await hashPassword(input.new_password), from: user.sessionVersion });
  // Signed out elsewhere meanwhile: this session ended too.
  if (version === undefined) throw new AppError("unauthorized", "Your session ended: sign in again.");
  await renewSessionCookie(version);
}
