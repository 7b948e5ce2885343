import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { updateAccount } from "@/lib/server/account";
import { createApiKey, forgetVerifiedKeys, revokeKey, verifyApiKey } from "@/lib/server/api-keys";
import { getDb } from "@/lib/server/db/client";
import { createUserWithPassword } from "@/lib/server/db/queries/users";
import { apiKeys, usageRecords } from "@/lib/server/db/schema";
import { recordCall } from "@/lib/server/usage";
import type { CallOutcome } from "@/lib/server/ai/client";

async function owner() {
  const created = await createUserWithPassword({ email: `key-${Math.random().toString(36).slice(2, 10)}@example.test`, passwordHash: "scrypt$x" });
  if (created === "email_taken") throw new Error("unexpected");
  return created.user;
}

/** Revokes a key the way another instance (or the CLI) would: in the database, not through this process. */
async function revokeElsewhere(keyId: string) {
  const db = await getDb();
  await db.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, keyId));
}

const code = (promise: Promise<unknown>) => promise.then(() => "ok", (error: { code?: string }) => error.code);

afterEach(() => {
  vi.useRealTimers();
  forgetVerifiedKeys();
});

describe("verified API keys", () => {
  it("come back with their owner from one lookup", async () => {
    const user = await owner();
    const { key, id } = await createApiKey({ user, input: { name: "k" } });
    const verified = await verifyApiKey(key);
    expect(verified.apiKey.id).toBe(id);
    expect(verified.user).toMatchObject({ id: user.id, email: user.email });
  });

  it("stop working at once when revoked on this instance", async () => {
    const user = await owner();
    const { key, id } = await createApiKey({ user, input: { name: "k" } });
    await verifyApiKey(key); // now cached
    await revokeKey({ user, keyId: id });
    expect(await code(verifyApiKey(key))).toBe("invalid_api_key");
  });

  it("are trusted for API_KEY_CACHE_TTL_MS (5 s) after a revocation elsewhere, then refused", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const user = await owner();
    const { key, id } = await createApiKey({ user, input: { name: "k" } });
    await verifyApiKey(key);
    await revokeElsewhere(id);
    vi.setSystemTime(Date.now() + 4_000);
    expect(await code(verifyApiKey(key))).toBe("ok");
    vi.setSystemTime(Date.now() + 1_500);
    expect(await code(verifyApiKey(key))).toBe("invalid_api_key");
  });

  it("carry their owner's new settings on the very next call after the account changes them (the privacy switch)", async () => {
    const user = await owner();
    const { key } = await createApiKey({ user, input: { name: "k" } });
    expect((await verifyApiKey(key)).user.storeContent).toBe(true);
    await updateAccount({ user, settings: { store_content: false } });
    expect((await verifyApiKey(key)).user.storeContent).toBe(false);
  });

  it("are not cached when unknown or revoked: restoring nothing can't make them work", async () => {
    const user = await owner();
    const { key, id } = await createApiKey({ user, input: { name: "k" } });
    await revokeElsewhere(id);
    expect(await code(verifyApiKey(key))).toBe("invalid_api_key");
    expect(await code(verifyApiKey(key))).toBe("invalid_api_key");
  });

  it("still expire on time while cached", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const user = await owner();
    const expires = new Date(Date.now() + 60_000);
    const { key } = await createApiKey({ user, input: { name: "k", expires_at: expires.toISOString() } });
    await verifyApiKey(key);
    vi.setSystemTime(expires.getTime() + 1);
    expect(await code(verifyApiKey(key))).toBe("expired_api_key");
  });
});

/** The usage rows on record for a user, read straight from the table. */
async function usageRowsOf(userId: string) {
  const db = await getDb();
  return db.select().from(usageRecords).where(eq(usageRecords.userId, userId));
}

describe("usage records", () => {
  const outcome = (n: number): CallOutcome => ({
    status: "ok",
    model: "m",
    text: "",
    inputTokens: n,
    outputTokens: 1,
    estimated: false,
    latencyMs: 5,
    ttftMs: 1,
    attempts: 1,
  });

  it("written together when calls settle together: every one lands, and each is on record before its caller is told", async () => {
    const user = await owner();
    const seenAtNotice: number[] = [];
    const checks: Array<Promise<void>> = [];
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        recordCall(
          {
            user,
            route: "/api/v1/chat",
            onUsage: () => {
              checks.push(usageRowsOf(user.id).then((rows) => void seenAtNotice.push(rows.some((r) => r.promptTokens === i) ? 1 : 0)));
            },
          },
          outcome(i),
        ),
      ),
    );
    await Promise.all(checks);
    const rows = await usageRowsOf(user.id);
    expect(rows.map((r) => r.promptTokens).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(seenAtNotice).toEqual(Array(40).fill(1));
  });
});
