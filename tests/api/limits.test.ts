import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { ApiKeyJson, CreatedApiKeyJson } from "@/lib/contracts/api-keys";
import { startApp, type AppServer } from "../fixtures/app-server";
import { databaseRows } from "../fixtures/database";
import { uuidPattern } from "./api-key-helpers";
import { expectError, waitFor } from "./helpers";
import { Session, guestSession, registeredSession } from "./session";

// Limits are per user and per key, so every test works with a fresh guest (and fresh keys)
// on one instance with low defaults; instances of their own prove Redis-specific behaviour.
// Ports 3400–3419 belong to this file.

const modelEnv = () => ({
  OPENAI_BASE_URL: inject("upstreamUrl"),
  OPENAI_MODEL: "fake-model",
  MODEL_RETRY_BASE_MS: "20",
  MODEL_RETRY_MAX_DELAY_MS: "200",
});

const defaults = { RATE_LIMIT_RPM: "3", RATE_LIMIT_RPH: "1000", RATE_LIMIT_TPM: "3000", RATE_LIMIT_CONCURRENT: "2" };

interface Caller {
  session: Session;
  key?: string;
}

/** POST /api/write as the session, or with the key when there is one. */
function write(app: AppServer, caller: Caller, text: string, extra: Record<string, unknown> = {}, init: RequestInit = {}) {
  const body = JSON.stringify({ action: "improve", text, ...extra });
  if (!caller.key) return caller.session.fetch("/api/write", { method: "POST", headers: { "Content-Type": "application/json" }, body, ...init });
  return fetch(`${app.url}/api/write`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${caller.key}` },
    body,
    ...init,
  });
}

/** What the limits reserve for a request (as estimateRequestTokens: JSON characters / 4, plus max_tokens or 512). */
const estimateOf = (body: Record<string, unknown>) => Math.ceil(JSON.stringify(body).length / 4) + ((body.max_tokens as number | undefined) ?? 512);

async function createKey(session: Session, limits: Record<string, number> = {}): Promise<CreatedApiKeyJson> {
  const res = await session.json("/api/keys", { name: "limits test", limits });
  expect(res.status).toBe(201);
  return ((await res.json()) as { key: CreatedApiKeyJson }).key;
}

async function keyState(session: Session, id: string): Promise<ApiKeyJson> {
  return ((await (await session.fetch(`/api/keys/${id}`)).json()) as { key: ApiKeyJson }).key;
}

/** Waits until the key's recorded usage has grown past `than` (usage is written as the call settles). */
function usedAbove(session: Session, id: string, than: number) {
  return waitFor(async () => {
    const used = (await keyState(session, id)).budget.daily?.used ?? 0;
    return used > than ? used : undefined;
  }, 5_000);
}

function expectLimitHeaders(res: Response) {
  expect(res.headers.get("ratelimit-policy")).toMatch(/"user-rpm";q=\d+;w=60/);
  expect(res.headers.get("ratelimit")).toMatch(/"user-rpm";r=\d+;t=\d+/);
  for (const name of ["requests", "tokens"]) {
    expect(res.headers.get(`x-ratelimit-limit-${name}`)).toMatch(/^\d+$/);
    expect(res.headers.get(`x-ratelimit-remaining-${name}`)).toMatch(/^\d+$/);
    expect(res.headers.get(`x-ratelimit-reset-${name}`)).toMatch(/^(\d+ms|(\d+h)?(\d+m)?\d+s)$/);
  }
}

describe("rate limits and budgets", () => {
  let app: AppServer;

  beforeAll(async () => {
    app = await startApp(3400, { ...modelEnv(), ...defaults });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("refuses the request over the per-minute limit with 429, naming the limit, with Retry-After and rate-limit headers", async () => {
    const session = await guestSession(app.url);
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await write(app, { session }, "Hello [[tokens=3]]");
      expect(res.status).toBe(200);
      expectLimitHeaders(res);
      remaining.push(res.headers.get("x-ratelimit-remaining-requests")!);
      await res.text();
    }
    expect(remaining).toEqual(["2", "1", "0"]);

    const res = await write(app, { session }, "Hello [[tokens=3]]");
    const retryAfter = Number(res.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expectLimitHeaders(res);
    expect(res.headers.get("ratelimit-policy")).toContain('"user-rpm";q=3;w=60');
    expect(res.headers.get("ratelimit")).toContain(`"user-rpm";r=0;t=${retryAfter}`);
    expect(res.headers.get("x-ratelimit-limit-requests")).toBe("3");
    expect(res.headers.get("x-ratelimit-remaining-requests")).toBe("0");
    const error = await expectError(res, 429, "rate_limited", "rpm");
    expect(error.message).toBe(`Rate limit reached: 3 requests per minute for your account. Retry after ${retryAfter} s.`);
  });

  it("applies the per-key limit where the key overrides the default, and reports it as the key's", async () => {
    const session = await guestSession(app.url);
    const key = await createKey(session, { rpm: 1 });
    const first = await write(app, { session, key: key.key }, "Hello [[tokens=3]]");
    expect(first.status).toBe(200);
    expect(first.headers.get("ratelimit-policy")).toContain('"key-rpm";q=1;w=60');
    expect(first.headers.get("x-ratelimit-limit-requests")).toBe("1");
    await first.text();
    const second = await write(app, { session, key: key.key }, "Hello [[tokens=3]]");
    const error = await expectError(second, 429, "rate_limited", "rpm");
    expect(error.message).toMatch(/^Rate limit reached: 1 request per minute for this API key\. Retry after \d+ s\.$/);
    // The user's own allowance (3 a minute) is not used up: the session still gets through.
    const viaSession = await write(app, { session }, "Hello [[tokens=3]]");
    expect(viaSession.status).toBe(200);
    await viaSession.text();
  });

  it("counts a key's requests against its user too, so a session of the same user is limited by them", async () => {
    const session = await guestSession(app.url);
    const key = await createKey(session);
    for (let i = 0; i < 3; i++) {
      const res = await write(app, { session, key: key.key }, "Hello [[tokens=3]]");
      expect(res.status).toBe(200);
      await res.text();
    }
    const error = await expectError(await write(app, { session }, "Hello [[tokens=3]]"), 429, "rate_limited", "rpm");
    expect(error.message).toContain("for your account");
  });

  it("reserves a call's estimated tokens, refuses another over the tokens-per-minute limit, and charges the real usage once it ends", async () => {
    const session = await guestSession(app.url);
    const held = await write(app, { session }, "Hello [[tokens=8]] [[delay=150]]", { max_tokens: 2_000 });
    expect(held.status).toBe(200);
    const remainingAfterFirst = Number(held.headers.get("x-ratelimit-remaining-tokens"));
    expect(remainingAfterFirst).toBeLessThan(1_000);

    const refused = await write(app, { session }, "Hello [[tokens=3]]", { max_tokens: 2_000 });
    expect(refused.headers.get("x-ratelimit-limit-tokens")).toBe("3000");
    const error = await expectError(refused, 429, "rate_limited", "tpm");
    expect(error.message).toMatch(/^Rate limit reached: 3000 tokens per minute for your account \(this request may use up to \d+\)\. Retry after \d+ s\.$/);

    await held.text();
    // The real usage (a short prompt, 8 tokens out) replaces the ~2,000-token estimate.
    const next = await waitFor(async () => {
      const res = await write(app, { session }, "Hello [[tokens=3]]", { max_tokens: 2_000 });
      if (res.status === 200) return res;
      await res.body?.cancel();
      return undefined;
    });
    expect(Number(next.headers.get("x-ratelimit-remaining-tokens"))).toBeLessThan(1_000);
    await next.text();
  });

  it("refuses a request that alone asks for more tokens than the per-minute limit", async () => {
    const session = await guestSession(app.url);
    const error = await expectError(await write(app, { session }, "Hello", { max_tokens: 3_500 }), 429, "rate_limited", "tpm");
    expect(error.message).toMatch(/more than the limit of 3000 tokens per minute for your account/);
  });

  it("holds a concurrency slot while a stream is open and frees it when the client cancels", async () => {
    const session = await guestSession(app.url);
    const streams = await Promise.all([1, 2].map(() => write(app, { session }, "Hello [[tokens=40]] [[delay=150]]")));
    for (const res of streams) expect(res.status).toBe(200);
    // Whichever got the second slot was told none is left.
    const left = streams.map((res) => /"user-concurrent";r=(\d+)/.exec(res.headers.get("ratelimit") ?? "")?.[1]).sort();
    expect(left).toEqual(["0", "1"]);

    const refused = await write(app, { session }, "Hello [[tokens=3]]");
    expect(refused.headers.get("retry-after")).toBe("1");
    const error = await expectError(refused, 429, "rate_limited", "concurrent");
    expect(error.message).toBe("Rate limit reached: 2 concurrent streams for your account. Retry when one of them has finished.");

    const reader = streams[0]!.body!.getReader();
    await reader.read();
    await reader.cancel();
    // The third stream would be refused again if the cancelled one still held its slot.
    const third = await waitFor(async () => {
      const res = await write(app, { session }, "Hello [[tokens=3]]");
      if (res.status === 200) return res;
      await res.body?.cancel();
      return undefined;
    });
    await third.text();
    await streams[1]!.body!.cancel();
  });

  it("refuses a call over the key's daily budget with 429 insufficient_quota, the remaining budget shrinking before", async () => {
    const session = await guestSession(app.url);
    const key = await createKey(session, { daily_tokens: 1_500 });
    const text = "Hello [[tokens=100]]";
    const estimate = estimateOf({ action: "improve", text });

    const first = await write(app, { session, key: key.key }, text);
    expect(first.status).toBe(200);
    expect(first.headers.get("x-budget-remaining-tokens-daily")).toBe(String(1_500 - estimate));
    expect(first.headers.get("x-budget-remaining-tokens-monthly")).toBeNull();
    await first.text();
    const usedOnce = await usedAbove(session, key.id, 0);

    const second = await write(app, { session, key: key.key }, text);
    expect(second.status).toBe(200);
    expect(second.headers.get("x-budget-remaining-tokens-daily")).toBe(String(1_500 - usedOnce - estimate));
    await second.text();
    const used = await usedAbove(session, key.id, usedOnce);

    // Recorded usage plus this call's estimate (its max_tokens) would pass the budget.
    const refused = await write(app, { session, key: key.key }, "Hello [[tokens=3]]", { max_tokens: 1_400 });
    expect(refused.headers.get("x-budget-remaining-tokens-daily")).toBe(String(1_500 - used));
    expect(refused.headers.get("ratelimit-policy")).toContain('"key-daily-tokens";q=1500;qu="tokens";w=86400');
    expect(refused.headers.get("ratelimit")).toContain(`"key-daily-tokens";r=${1_500 - used};t=`);
    const retryAfter = Number(refused.headers.get("retry-after"));
    const midnight = new Date();
    midnight.setUTCHours(24, 0, 0, 0);
    expect(Math.abs(retryAfter - (midnight.getTime() - Date.now()) / 1000)).toBeLessThan(5);
    const error = await expectError(refused, 429, "insufficient_quota", "daily_tokens");
    expect(error.message).toMatch(new RegExp(`^Token budget reached: this API key's daily budget is 1500 tokens, ${used} are used, and this request may use up to \\d+\\. It resets at \\S+Z\\.$`));

    // The keys page shows the same.
    expect((await keyState(session, key.id)).budget.daily).toMatchObject({ limit: 1_500, used, remaining: 1_500 - used });
  });

  it("charges a stream the client aborted to the key's budget, so the next call sees it", async () => {
    const session = await guestSession(app.url);
    const key = await createKey(session, { daily_tokens: 100_000, monthly_tokens: 1_000_000 });
    const controller = new AbortController();
    const res = await write(app, { session, key: key.key }, "Abort me [[tokens=200]] [[delay=50]] [[tag=limits-abort]]", {}, { signal: controller.signal });
    expect(res.status).toBe(200);
    const before = Number(res.headers.get("x-budget-remaining-tokens-daily"));
    expect(res.headers.get("x-budget-remaining-tokens-monthly")).toBe(String(1_000_000 - (100_000 - before)));
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    await expect(reader.cancel()).rejects.toMatchObject({ name: "AbortError" });

    const used = await usedAbove(session, key.id, 0);
    const next = await write(app, { session, key: key.key }, "Hello [[tokens=3]]");
    expect(next.status).toBe(200);
    const estimate = estimateOf({ action: "improve", text: "Hello [[tokens=3]]" });
    expect(next.headers.get("x-budget-remaining-tokens-daily")).toBe(String(100_000 - used - estimate));
    await next.text();
    abortedKeyId = key.id;
  });

  let abortedKeyId: string | undefined;

  // Last: on the embedded database this stops the instance to read its rows.
  it("records the aborted call in usage_records against the key, as aborted", async () => {
    expect(abortedKeyId).toMatch(uuidPattern);
    const rows = (await databaseRows(app)).usage_records!.map((r) => JSON.parse(r) as Record<string, unknown>);
    const aborted = rows.filter((r) => r.api_key_id === abortedKeyId && r.outcome === "aborted");
    expect(aborted).toHaveLength(1);
    expect(Number(aborted[0]!.completion_tokens)).toBeGreaterThan(0);
    expect(Number(aborted[0]!.completion_tokens)).toBeLessThan(200);
  });
});

describe("rate limits when the store is unreachable", () => {
  let app: AppServer;

  beforeAll(async () => {
    // Nothing listens on port 9: the limits can't be checked, so nothing metered runs.
    app = await startApp(3412, { ...modelEnv(), REDIS_URL: "redis://127.0.0.1:9" });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("answers 503 limits_unavailable quickly, with Retry-After, instead of letting calls through or hanging", async () => {
    // Guest creation is counted in the same store, so it fails closed too: no guest is made.
    await expect(guestSession(app.url)).rejects.toThrow(/guest sign-in failed/);
    const { session } = await registeredSession(app.url);
    for (let i = 0; i < 2; i++) {
      const started = Date.now();
      const res = await write(app, { session }, "Hello [[tokens=3]]");
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(res.headers.get("retry-after")).toBe("5");
      await expectError(res, 503, "limits_unavailable");
    }
  });
});

/** A Redis server of this test's own, so it can be stopped and started again. */
function redisServer(port: number) {
  let child: ChildProcess | undefined;
  return {
    url: `redis://127.0.0.1:${port}`,
    async start() {
      child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore", detached: true });
      await waitFor(async () => {
        const probe = spawnSync("redis-cli", ["-p", String(port), "ping"], { encoding: "utf8" });
        return probe.stdout.trim() === "PONG" ? true : undefined;
      }, 10_000);
    },
    async kill() {
      if (!child || child.exitCode !== null) return;
      const exited = new Promise((resolve) => child!.once("exit", resolve));
      process.kill(-child.pid!, "SIGKILL");
      await exited;
    },
  };
}

describe.skipIf(!process.env.TEST_REDIS_URL)("rate limits when Redis goes away and comes back (needs TEST_REDIS_URL)", () => {
  const redis = redisServer(56391);
  let app: AppServer;

  beforeAll(async () => {
    await redis.start();
    app = await startApp(3416, { ...modelEnv(), REDIS_URL: redis.url });
  });
  afterAll(async () => {
    await app?.stop();
    await redis.kill();
  });

  it("answers 503 while Redis is down and meters calls again once it is back", async () => {
    const session = await guestSession(app.url);
    const ok = await write(app, { session }, "Hello [[tokens=3]]");
    expect(ok.status).toBe(200);
    await ok.text();

    await redis.kill();
    const started = Date.now();
    await expectError(await write(app, { session }, "Hello [[tokens=3]]"), 503, "limits_unavailable");
    expect(Date.now() - started).toBeLessThan(3_000);

    // A restarted Redis has lost the scripts too: they are loaded again.
    await redis.start();
    const back = await waitFor(async () => {
      const res = await write(app, { session }, "Hello [[tokens=3]]");
      if (res.status === 200) return res;
      await res.body?.cancel();
      return undefined;
    }, 10_000);
    expect(back.headers.get("ratelimit")).toContain('"user-rpm"');
    await back.text();
  });
});

const shared = Boolean(process.env.TEST_DATABASE_URL && process.env.TEST_REDIS_URL);

// Two processes can't open one embedded database, so this needs PostgreSQL as well as Redis;
// npm test's PostgreSQL pass sets both (TEST_DATABASE_URL, TEST_REDIS_URL).
describe.skipIf(!shared)("rate limits across two instances sharing Redis and PostgreSQL (needs TEST_DATABASE_URL and TEST_REDIS_URL)", () => {
  let first: AppServer;
  let second: AppServer;

  beforeAll(async () => {
    const env = { ...modelEnv(), ...defaults, RATE_LIMIT_RPM: "4", RATE_LIMIT_CONCURRENT: "1" };
    first = await startApp(3410, env);
    // One after the other: the first has migrated the database the second joins.
    second = await startApp(3411, { ...env, DATABASE_URL: first.databaseUrl! });
  });
  afterAll(async () => {
    await Promise.all([first?.stop(), second?.stop()]);
  });

  it("holds one requests-per-minute limit for both", async () => {
    const session = await guestSession(first.url);
    const key = (await createKey(session)).key;
    const statuses: number[] = [];
    for (const app of [first, second, first, second, first, second]) {
      const res = await write(app, { session, key }, "Hello [[tokens=3]]");
      statuses.push(res.status);
      await res.text();
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
  });

  it("holds one concurrency limit for both: a stream on one takes the slot from the other until it ends", async () => {
    const session = await guestSession(first.url);
    const key = (await createKey(session)).key;
    const stream = await write(first, { session, key }, "Hello [[tokens=40]] [[delay=100]]");
    expect(stream.status).toBe(200);
    await expectError(await write(second, { session, key }, "Hello [[tokens=3]]"), 429, "rate_limited", "concurrent");
    await stream.text();
    const after = await waitFor(async () => {
      const res = await write(second, { session, key }, "Hello [[tokens=3]]");
      if (res.status === 200) return res;
      await res.body?.cancel();
      return undefined;
    });
    await after.text();
  });
});
