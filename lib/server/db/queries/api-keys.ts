import "server-only";
import { and, count, desc, eq, gt, isNull, lt, or } from "drizzle-orm";
import { getDb } from "../client";
import { apiKeys, now, users, type ApiKeyLimits } from "../schema";
import type { UserRow } from "./users";

export type ApiKeyRow = typeof apiKeys.$inferSelect;

export async function insertApiKey({
  userId,
  name,
  prefix,
  keyHash,
  limits,
  expiresAt,
}: {
  userId: string;
  name: string;
  prefix: string;
  keyHash: string;
  limits: ApiKeyLimits;
  expiresAt: Date | null;
}): Promise<ApiKeyRow> {
  const db = await getDb();
  const [row] = await db.insert(apiKeys).values({ userId, name, prefix, keyHash, limits, expiresAt }).returning();
  return row!;
}

/** Keys that still work: not revoked, not expired. */
export async function countActiveApiKeys({ userId }: { userId: string }): Promise<number> {
  const db = await getDb();
  const [row] = await db
    .select({ n: count() })
    .from(apiKeys)
    .where(and(eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt), or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, now))));
  return row?.n ?? 0;
}

export async function listApiKeys({ userId }: { userId: string }): Promise<ApiKeyRow[]> {
  const db = await getDb();
  return db.select().from(apiKeys).where(eq(apiKeys.userId, userId)).orderBy(desc(apiKeys.createdAt));
}

export async function getApiKey({ userId, keyId }: { userId: string; keyId: string }): Promise<ApiKeyRow | undefined> {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.userId, userId)))
    .limit(1);
  return row;
}

/**
 * The lookup behind every API request, with the key's owner in the same query (one round trip
 * on the hot path): by hash only, so the key itself is never compared or stored.
 */
export async function findApiKeyByHash({ keyHash }: { keyHash: string }): Promise<{ apiKey: ApiKeyRow; user: UserRow } | undefined> {
  const db = await getDb();
  const [row] = await db
    .select({ apiKey: apiKeys, user: users })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .where(eq(apiKeys.keyHash, keyHash))
    .limit(1);
  return row;
}

/** Revoking twice keeps the first time. */
export async function revokeApiKey({ userId, keyId }: { userId: string; keyId: string }): Promise<ApiKeyRow | undefined> {
  const db = await getDb();
  await db
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)));
  return getApiKey({ userId, keyId });
}

/** At most one write a minute per key: `last_used_at` is for people, not for accounting. */
export async function touchApiKey({ keyId }: { keyId: string }): Promise<void> {
  const db = await getDb();
  const minuteAgo = new Date(Date.now() - 60_000);
  await db
    .update(apiKeys)
    .set({ lastUsedAt: now })
    .where(and(eq(apiKeys.id, keyId), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, minuteAgo))));
}
