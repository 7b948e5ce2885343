import "server-only";
import { AppError } from "@/lib/errors";
import { getUserById, type UserRow } from "@/lib/server/db/queries/users";
import { auth } from "./config";

/** The signed-in user (guests included), or undefined. Reads the account so a removed one no longer counts. */
export async function currentUser(): Promise<UserRow | undefined> {
  const session = await auth();
  if (!session?.user.id) return undefined;
  return getUserById({ userId: session.user.id });
}

/** Every data route starts here: 401 without a session. */
export async function requireUser(): Promise<UserRow> {
  const user = await currentUser();
  if (!user) throw new AppError("unauthorized", "Sign in to continue: this route needs a session cookie.");
  return user;
}
