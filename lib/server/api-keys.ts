import "server-only";
import { createHash, randomInt } from "node:crypto";
import { apiKeyPattern, apiKeyPrefix, type ApiKeyJson, type CreateApiKeyInput, type CreatedApiKeyJson } from "@/lib/contracts/api-keys";
import { AppError } from "@/lib/errors";
import {
  countActiveApiKeys,
  findApiKeyByHash,
  getApiKey,
  insertApiKey,
  listApiKeys,
  revokeApiKey,
  touchApiKey,
  type ApiKeyRow,
} from "@/lib/server/db/queries/api-keys";
import { tokensUsedByKey } from "@/lib/server/db/queries/usage";
import { env } from "@/lib/server/env";
import { logger } from "@/lib/server/log";
import type { UserRow } from "@/lib/server/db/queries/users";

const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** `dw_` + 40 base62 characters from the CSPRNG. */
export function generateApiKey(): string {
  let body = "";
  for (let i = 0; i < 40; i++) body += alphabet[randomInt(alphabet.length)];
  return apiKeyPrefix + body;
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** Start of the current UTC day and month: when daily and monthly budgets reset. */
export function budgetPeriods(at = new Date()) {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  const month = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
  return {
    daily: { start: day, end: new Date(day.getTime() + 86_400_000) },
    monthly: { start: month, end: new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1)) },
  };
}

export interface BudgetState {
  limit: number;
  used: number;
  remaining: number;
  resets_at: string;
}

/** What the key's budgets have left, from its recorded usage (durable, shared by every instance). */
export async function keyBudget(key: ApiKeyRow): Promise<{ daily: BudgetState | null; monthly: BudgetState | null }> {
  const periods = budgetPeriods();
  const state = async (limit: number | undefined, period: { start: Date; end: Date }): Promise<BudgetState | null> => {
    if (limit === undefined) return null;
    const used = await tokensUsedByKey({ apiKeyId: key.id, since: period.start });
    return { limit, used, remaining: Math.max(0, limit - used), resets_at: period.end.toISOString() };
  };
  const [daily, monthly] = await Promise.all([
    state(key.limits.daily_tokens, periods.daily),
    state(key.limits.monthly_tokens, periods.monthly),
  ]);
  return { daily, monthly };
}

export function keyStatus(key: ApiKeyRow, at = new Date()): ApiKeyJson["status"] {
  if (key.revokedAt) return "revoked";
  if (key.expiresAt && key.expiresAt <= at) return "expired";
  return "active";
}

export async function apiKeyJson(key: ApiKeyRow): Promise<ApiKeyJson> {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    created_at: key.createdAt.toISOString(),
    expires_at: key.expiresAt?.toISOString() ?? null,
    last_used_at: key.lastUsedAt?.toISOString() ?? null,
    revoked_at: key.revokedAt?.toISOString() ?? null,
    status: keyStatus(key),
    limits: key.limits,
    budget: await keyBudget(key),
  };
}

/** Creates a key; the secret is in this one answer and nowhere else. */
export async function createApiKey({ user, input }: { user: Pick<UserRow, "id">; input: CreateApiKeyInput }): Promise<CreatedApiKeyJson> {
  const expiresAt = input.expires_at ? new Date(input.expires_at) : null;
  if (expiresAt && expiresAt.getTime() <= Date.now()) {
    throw new AppError("unprocessable_request", "expires_at must be in the future.", { param: "expires_at" });
  }
  if ((await countActiveApiKeys({ userId: user.id })) >= env.API_KEYS_PER_USER) {
    throw new AppError(
      "limit_reached",
      `You have ${env.API_KEYS_PER_USER} active API keys, the most an account may have. Revoke one you no longer use to create another.`,
      { param: "api_keys" },
    );
  }
  const key = generateApiKey();
  const row = await insertApiKey({
    userId: user.id,
    name: input.name,
    prefix: key.slice(0, apiKeyPrefix.length + 6),
    keyHash: hashApiKey(key),
    limits: input.limits ?? {},
    expiresAt,
  });
  return { ...(await apiKeyJson(row)), key };
}

export async function listKeys({ user }: { user: Pick<UserRow, "id"> }): Promise<ApiKeyJson[]> {
  return Promise.all((await listApiKeys({ userId: user.id })).map(apiKeyJson));
}

export const apiKeyNotFound = () => new AppError("not_found", "No API key with this id.", { param: "id" });

export async function revokeKey({ user, keyId }: { user: Pick<UserRow, "id">; keyId: string }): Promise<ApiKeyJson> {
  const row = await revokeApiKey({ userId: user.id, keyId });
  forgetVerifiedKeys();
  if (!row) throw apiKeyNotFound();
  return apiKeyJson(row);
}

export async function getKey({ user, keyId }: { user: Pick<UserRow, "id">; keyId: string }): Promise<ApiKeyJson> {
  const row = await getApiKey({ userId: user.id, keyId });
  if (!row) throw apiKeyNotFound();
  return apiKeyJson(row);
}

interface VerifiedKey {
  apiKey: ApiKeyRow;
  user: UserRow;
  /** Trusted until then (epoch ms). */
  until: number;
}

interface KeyCache {
  entries: Map<string, VerifiedKey>;
  /** Bumped by every forget: a lookup that started before it must not be cached after it. */
  generation: number;
}

const maxCachedKeys = 10_000;
// Shared through globalThis: the route that revokes a key and the routes that verify keys are
// separate bundles, each with its own copy of this module.
const cacheSymbol = Symbol.for("draftwise.verifiedKeys");
const keyCache = (): KeyCache => ((globalThis as { [cacheSymbol]?: KeyCache })[cacheSymbol] ??= { entries: new Map(), generation: 0 });

/** Drops every verified key this process holds (a key was revoked, or an owner changed). */
export function forgetVerifiedKeys(): void {
  const cache = keyCache();
  cache.entries.clear();
  cache.generation++;
}

/**
 * The key behind a request and its owner, or a 401: malformed, unknown and revoked keys all
 * read as `invalid_api_key` (telling them apart would help guessing); an expired key says so.
 * A verified key is trusted for API_KEY_CACHE_TTL_MS: the lookup is the only database read
 * on a model call's path, and the embedded database runs on the request thread.
 */
export async function verifyApiKey(key: string): Promise<{ apiKey: ApiKeyRow; user: UserRow }> {
  if (!apiKeyPattern.test(key)) {
    throw new AppError("invalid_api_key", "The API key is malformed: Draftwise keys look like dw_ followed by 40 letters and digits.");
  }
  const keyHash = hashApiKey(key);
  const cache = keyCache();
  const now = Date.now();
  let verified = cache.entries.get(keyHash);
  if (!verified || verified.until <= now) {
    const generation = cache.generation;
    const found = await findApiKeyByHash({ keyHash });
    if (!found || found.apiKey.revokedAt) {
      cache.entries.delete(keyHash);
      throw new AppError("invalid_api_key");
    }
    verified = { ...found, until: now + env.API_KEY_CACHE_TTL_MS };
    if (env.API_KEY_CACHE_TTL_MS > 0 && generation === cache.generation) {
      cache.entries.delete(keyHash);
      if (cache.entries.size >= maxCachedKeys) cache.entries.delete(cache.entries.keys().next().value!);
      cache.entries.set(keyHash, verified);
    }
  }
  const row = verified.apiKey;
  if (keyStatus(row) === "expired") throw new AppError("expired_api_key");
  // last_used_at is for people: one write a minute per key keeps it off the hot path.
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > 60_000) {
    row.lastUsedAt = new Date(now);
    void touchApiKey({ keyId: row.id }).catch((error: unknown) => logger.error({ err: error, keyId: row.id }, "api keys: recording key use failed"));
  }
  return { apiKey: row, user: verified.user };
}

/**
 * The key a request carries, from `Authorization: Bearer …` or `X-API-Key: …`; undefined when
 * it carries neither. Another Authorization scheme is a malformed key, not a missing one.
 */
export function apiKeyFromRequest(req: Request): string | undefined {
  const authorization = req.headers.get("authorization")?.trim();
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) {
      throw new AppError("invalid_api_key", "Send the API key as Authorization: Bearer <key> or as X-API-Key: <key>.");
    }
    return match[1];
  }
  return req.headers.get("x-api-key")?.trim() || undefined;
}
