import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import { getDb, type Db } from "../client";
import { apiKeys, conversations, documents, documentVersions, messages, now, oauthAccounts, usageRecords, users, webhookSecrets } from "../schema";

export type UserRow = typeof users.$inferSelect;

export async function getUserById({ userId }: { userId: string }): Promise<UserRow | undefined> {
  const db = await getDb();
  const [row] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  return row;
}

export async function getUserByEmail({ email }: { email: string }): Promise<UserRow | undefined> {
  const db = await getDb();
  const [row] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  return row;
}

/** The account with this email, created without a password (an API-only account) when there is none. */
export async function ensureUserByEmail({ email }: { email: string }): Promise<{ user: UserRow; created: boolean }> {
  const db = await getDb();
  const [created] = await db.insert(users).values({ email }).onConflictDoNothing({ target: users.email }).returning();
  if (created) return { user: created, created: true };
  return { user: (await getUserByEmail({ email }))!, created: false };
}

export async function createGuestUser(): Promise<UserRow> {
  const db = await getDb();
  const [row] = await db.insert(users).values({ isGuest: true }).returning();
  return row!;
}

/** An account made from a guest: its guest API keys revoked (how many were live, for the notice). */
export interface NewAccount {
  user: UserRow;
  revokedGuestKeys: number;
}

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/**
 * A guest's credentials don't pass to the account it becomes or joins: anyone who had the
 * guest's browser could have minted them. Its live API keys are revoked and its webhook secret
 * dropped; returns how many keys were live.
 */
async function retireGuestCredentials(tx: Tx, guestId: string): Promise<number> {
  const revoked = await tx
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.userId, guestId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  await tx.delete(webhookSecrets).where(eq(webhookSecrets.ownerId, guestId));
  return revoked.length;
}

/** The guest turned into an account in place; its session version is bumped, so a copied guest cookie stops working. */
async function upgradeGuest(tx: Tx, guestId: string, fields: Partial<typeof users.$inferInsert>): Promise<NewAccount | undefined> {
  const [user] = await tx
    .update(users)
    .set({ ...fields, isGuest: false, sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: now })
    .where(and(eq(users.id, guestId), eq(users.isGuest, true)))
    .returning();
  return user && { user, revokedGuestKeys: await retireGuestCredentials(tx, guestId) };
}

/** Creates an account, or, when `guestId` is given, turns that guest into it so its documents stay. */
export async function createUserWithPassword({
  email,
  passwordHash,
  name,
  guestId,
}: {
  email: string;
  passwordHash: string;
  name?: string;
  guestId?: string;
}): Promise<NewAccount | "email_taken"> {
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      const fields = { email, passwordHash, name: name || null };
      const upgraded = guestId ? await upgradeGuest(tx, guestId, fields) : undefined;
      if (upgraded) return upgraded;
      const [created] = await tx.insert(users).values(fields).returning();
      return { user: created!, revokedGuestKeys: 0 };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return "email_taken";
    throw error;
  }
}

function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === "23505") return true;
  }
  return false;
}

/**
 * A guest who signs in to an existing account brings their writing along (documents,
 * conversations, usage); its API keys are revoked, not moved, and the guest is removed with
 * its jobs and webhook secret. Returns how many of its keys were live.
 */
export async function moveGuestData({ guestId, userId }: { guestId: string; userId: string }): Promise<number> {
  if (guestId === userId) return 0;
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [guest] = await tx.select().from(users).where(and(eq(users.id, guestId), eq(users.isGuest, true)));
    if (!guest) return 0;
    const revoked = await retireGuestCredentials(tx, guestId);
    await tx.update(documents).set({ ownerId: userId }).where(eq(documents.ownerId, guestId));
    await tx.update(documentVersions).set({ ownerId: userId }).where(eq(documentVersions.ownerId, guestId));
    await tx.update(conversations).set({ ownerId: userId }).where(eq(conversations.ownerId, guestId));
    await tx.update(messages).set({ ownerId: userId }).where(eq(messages.ownerId, guestId));
    await tx.update(usageRecords).set({ userId }).where(eq(usageRecords.userId, guestId));
    await tx.delete(users).where(eq(users.id, guestId));
    return revoked;
  });
}

export interface OAuthProfile {
  provider: string;
  providerAccountId: string;
  email?: string | null;
  name?: string | null;
  image?: string | null;
}

/**
 * The account behind an OAuth sign-in: the linked one, else the guest signing up (kept with
 * its documents), else a new account. An email that already has a password account is not
 * linked automatically: that would let anyone who controls the email at the provider take it over.
 */
export async function resolveOAuthUser({ profile, guestId }: { profile: OAuthProfile; guestId?: string }): Promise<NewAccount | "email_taken"> {
  const db = await getDb();
  const [linked] = await db
    .select({ user: users })
    .from(oauthAccounts)
    .innerJoin(users, eq(users.id, oauthAccounts.userId))
    .where(and(eq(oauthAccounts.provider, profile.provider), eq(oauthAccounts.providerAccountId, profile.providerAccountId)));
  if (linked) return { user: linked.user, revokedGuestKeys: 0 };
  const email = profile.email?.trim().toLowerCase() || null;
  if (email && (await getUserByEmail({ email }))) return "email_taken";
  return db.transaction(async (tx) => {
    const fields = { email, name: profile.name ?? null, image: profile.image ?? null };
    const account = (guestId ? await upgradeGuest(tx, guestId, fields) : undefined) ?? {
      user: (await tx.insert(users).values(fields).returning())[0]!,
      revokedGuestKeys: 0,
    };
    await tx.insert(oauthAccounts).values({ provider: profile.provider, providerAccountId: profile.providerAccountId, userId: account.user.id });
    return account;
  });
}

export async function updateUserSettings({
  userId,
  storeContent,
  name,
  variants,
}: {
  userId: string;
  storeContent?: boolean;
  name?: string;
  variants?: number;
}): Promise<UserRow | undefined> {
  const db = await getDb();
  const [row] = await db
    .update(users)
    .set({
      ...(storeContent !== undefined ? { storeContent } : {}),
      ...(name !== undefined ? { name: name || null } : {}),
      ...(variants !== undefined ? { variants } : {}),
      updatedAt: now,
    })
    .where(eq(users.id, userId))
    .returning();
  return row;
}

/**
 * Ends every session of the user issued under `from` (the caller's own version): sign-out and a
 * password change. A cookie already out of date changes nothing. Returns the new version, or
 * undefined when `from` was no longer current.
 */
export async function bumpSessionVersion({ userId, from }: { userId: string; from: number }): Promise<number | undefined> {
  const db = await getDb();
  const [row] = await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: now })
    .where(and(eq(users.id, userId), eq(users.sessionVersion, from)))
    .returning({ sessionVersion: users.sessionVersion });
  return row?.sessionVersion;
}

/** A new password; ends the user's other sessions (the version is bumped as by sign-out). */
export async function updatePassword({ userId, passwordHash, from }: { userId: string; passwordHash: string; from: number }): Promise<number | undefined> {
  const db = await getDb();
  const [row] = await db
    .update(users)
    .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: now })
    .where(and(eq(users.id, userId), eq(users.sessionVersion, from)))
    .returning({ sessionVersion: users.sessionVersion });
  return row?.sessionVersion;
}
