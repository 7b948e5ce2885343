import "server-only";
import { redirect } from "next/navigation";
import { AppError } from "@/lib/errors";
import { getUserById, type UserRow } from "@/lib/server/db/queries/users";
import { notePrincipal } from "@/lib/server/http";
import { auth } from "./config";

/** The signed-in user (guests included), or undefined. Reads the account so a removed one no longer counts. */
export async function currentUser(): Promise<UserRow | undefined> {
  const session = await auth();
  if (!session?.user.id) return undefined;
  return getUserById({ userId: session.user.id });
}

/** Every data route starts here: 401 without a session. Given the request, it may then read its body (lib/server/http.ts). */
export async function requireUser(req?: Request): Promise<UserRow> {
  const user = await currentUser();
  if (!user) throw new AppError("unauthorized", "Sign in to continue: this route needs a session cookie.");
  if (req) notePrincipal(req, { user });
  return user;
}

/**
 * For pages: the visitor's account. A first visit has none, so it goes through
 * /api/auth/guest, which makes a guest account and comes back to `path`.
 */
export async function requirePageUser(path: string): Promise<UserRow> {
  const user = await currentUser();
  if (!user) redirect(`/api/auth/guest?redirect=${encodeURIComponent(path)}`);
  return user;
}
