import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb } from "../client";
import { apiKeys, conversations, documents, documentVersions, jobs, messages, now, oauthAccounts, usageRecords, users, webhookDeliveries, webhookSecrets } from "../schema";

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
}): Promise<UserRow | "email_taken"> {
  const db = await getDb();
  try {
    if (guestId) {
      const [upgraded] = await db
        .update(users)
        .set({ email, passwordHash, name: name || null, isGuest: false, updatedAt: now })
        .where(and(eq(users.id, guestId), eq(users.isGuest, true)))
        .returning();
      if (upgraded) return upgraded;
    }
    const [created] = await db.insert(users).values({ email, passwordHash, name: name || null }).returning();
    return created!;
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

/** A guest who signs in to an existing account brings their work along; the empty guest is removed. */
export async function moveGuestData({ guestId, userId }: { guestId: string; userId: string }): Promise<void> {
  if (guestId === userId) return;
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [guest] = await tx.select().from(users).where(and(eq(users.id, guestId), eq(users.isGuest, true)));
    if (!guest) return;
    await tx.update(documents).set({ ownerId: userId }).where(eq(documents.ownerId, guestId));
    await tx.update(documentVersions).set({ ownerId: userId }).where(eq(documentVersions.ownerId, guestId));
    await tx.update(conversations).set({ ownerId: userId }).where(eq(conversations.ownerId, guestId));
    await tx.update(messages).set({ ownerId: userId }).where(eq(messages.ownerId, guestId));
    await tx.update(usageRecords).set({ userId }).where(eq(usageRecords.userId, guestId));
    await tx.update(apiKeys).set({ userId }).where(eq(apiKeys.userId, guestId));
    await tx.update(jobs).set({ ownerId: userId }).where(eq(jobs.ownerId, guestId));
    await tx.update(webhookDeliveries).set({ ownerId: userId }).where(eq(webhookDeliveries.ownerId, guestId));
    // The guest's webhook secret comes along only if the account has none: an account's own secret stays.
    const [accountSecret] = await tx.select({ ownerId: webhookSecrets.ownerId }).from(webhookSecrets).where(eq(webhookSecrets.ownerId, userId));
    if (!accountSecret) await tx.update(webhookSecrets).set({ ownerId: userId }).where(eq(webhookSecrets.ownerId, guestId));
    await tx.delete(users).where(eq(users.id, guestId));
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
export async function resolveOAuthUser({ profile, guestId }: { profile: OAuthProfile; guestId?: string }): Promise<UserRow | "email_taken"> {
  const db = await getDb();
  const [linked] = await db
    .select({ user: users })
    .from(oauthAccounts)
    .innerJoin(users, eq(users.id, oauthAccounts.userId))
    .where(and(eq(oauthAccounts.provider, profile.provider), eq(oauthAccounts.providerAccountId, profile.providerAccountId)));
  if (linked) return linked.user;
  const email = profile.email?.trim().toLowerCase() || null;
  if (email && (await getUserByEmail({ email }))) return "email_taken";
  return db.transaction(async (tx) => {
    const fields = { email, name: profile.name ?? null, image: profile.image ?? null, isGuest: false, updatedAt: now };
    let [user] = guestId
      ? await tx.update(users).set(fields).where(and(eq(users.id, guestId), eq(users.isGuest, true))).returning()
      : [];
    user ??= (await tx.insert(users).values(fields).returning())[0]!;
    await tx.insert(oauthAccounts).values({ provider: profile.provider, providerAccountId: profile.providerAccountId, userId: user.id });
    return user;
  });
}

export async function updateUserSettings({
  userId,
  storeContent,
  name,
}: {
  userId: string;
  storeContent?: boolean;
  name?: string;
}): Promise<UserRow | undefined> {
  const db = await getDb();
  const [row] = await db
    .update(users)
    .set({ ...(storeContent !== undefined ? { storeContent } : {}), ...(name !== undefined ? { name: name || null } : {}), updatedAt: now })
    .where(eq(users.id, userId))
    .returning();
  return row;
}
