import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { decode, encode } from "next-auth/jwt";
import { AppError } from "@/lib/errors";
import { getUserById, type UserRow } from "@/lib/server/db/queries/users";
import { env } from "@/lib/server/env";
import { notePrincipal } from "@/lib/server/http";
import { auth, sessionMaxAgeSeconds } from "./config";
import { authSecret } from "./secret";

/**
 * The signed-in user (guests included), or undefined. Reads the account (a row read anyway), so a
 * removed one no longer counts, nor does a cookie issued before the account's last sign-out,
 * password change or sign-up from a guest (its session version is behind).
 */
export async function currentUser(): Promise<UserRow | undefined> {
  const session = await auth();
  if (!session?.user.id) return undefined;
  const user = await getUserById({ userId: session.user.id });
  return user?.sessionVersion === session.user.sessionVersion ? user : undefined;
}

/** Every data route starts here: 401 without a session. Given the request, it may then read its body (lib/server/http.ts). */
export async function requireUser(req?: Request): Promise<UserRow> {
  const user = await currentUser();
  if (!user) throw new AppError("unauthorized", "Sign in to continue: this route needs a session cookie.");
  if (req) notePrincipal(req, { user });
  return user;
}

/**
 * Why `user` may not act for the server as a whole (`action`: what it tried), or undefined when
 * it may: the accounts in ADMIN_EMAILS, or with none set any signed-in account, never a guest.
 */
export function adminRefusal(user: UserRow, action: string): string | undefined {
  if (env.ADMIN_EMAILS.length > 0) {
    const admin = !user.isGuest && user.email !== null && env.ADMIN_EMAILS.includes(user.email);
    return admin ? undefined : `Only this server's administrators (the accounts in ADMIN_EMAILS) can ${action}.`;
  }
  return user.isGuest ? `Guests can't ${action}: sign up or sign in first.` : undefined;
}

/** For routes that change the server for everyone: 401 without a session, 403 admin_only for anyone else. */
export async function requireAdmin(action: string): Promise<UserRow> {
  const user = await requireUser();
  const refusal = adminRefusal(user, action);
  if (refusal) throw new AppError("admin_only", refusal);
  return user;
}

const sessionCookieNames = ["__Secure-authjs.session-token", "authjs.session-token"];

/**
 * Re-issues this request's session cookie under `sessionVersion`: after a password change bumped
 * the version, this browser stays signed in while every other session ends.
 */
export async function renewSessionCookie(sessionVersion: number): Promise<void> {
  const jar = await cookies();
  const name = sessionCookieNames.find((n) => jar.has(n));
  const value = name ? jar.get(name)?.value : undefined;
  if (!name || !value) return;
  const secret = authSecret();
  const token = await decode({ token: value, secret, salt: name });
  if (!token) return;
  const renewed = await encode({ token: { ...token, sv: sessionVersion }, secret, salt: name, maxAge: sessionMaxAgeSeconds });
  jar.set(name, renewed, { httpOnly: true, sameSite: "lax", path: "/", secure: name.startsWith("__Secure-"), maxAge: sessionMaxAgeSeconds });
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
