import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { MemoryStore } from "@/lib/server/limits/memory-store";
import { RedisStore } from "@/lib/server/limits/redis-store";
import type { LimitStore, WindowSpec } from "@/lib/server/limits/store";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const unique = () => `test-${Math.random().toString(36).slice(2, 10)}`;
const requests = (key: string, limit: number, windowMs = 60_000): WindowSpec => ({ key, limit, windowMs, cost: 1, enforce: true });

const redisUrl = process.env.TEST_REDIS_URL;
const clients: Redis[] = [];
afterAll(async () => {
  await Promise.all(clients.map((c) => c.quit()));
});

const stores: Array<[string, () => LimitStore]> = [["memory", () => new MemoryStore()]];
if (redisUrl) {
  stores.push([
    "redis",
    () => {
      const client = new Redis(redisUrl);
      clients.push(client);
      return new RedisStore(client);
    },
  ]);
}

// The same behaviour from both stores: the Redis half runs when TEST_REDIS_URL is set (npm test's PostgreSQL pass).
describe.each(stores)("limit store (%s)", (_name, makeStore) => {
  const store = makeStore();
  const id = () => crypto.randomUUID();

  it("counts requests in a window and refuses the one over the limit without charging it", async () => {
    const key = unique();
    for (let i = 1; i <= 3; i++) {
      const result = await store.acquire({ id: id(), leaseMs: 60_000, windows: [requests(key, 3)], leases: [] });
      expect(result.refused).toBeUndefined();
      expect(result.windows[0]!.count).toBe(i);
    }
    const refused = await store.acquire({ id: id(), leaseMs: 60_000, windows: [requests(key, 3)], leases: [] });
    expect(refused.refused).toEqual({ kind: "window", index: 0 });
    expect(refused.windows[0]!.count).toBe(3);
  });

  it("starts the window at the first request, so it resets exactly one window later", async () => {
    const key = unique();
    const first = await store.acquire({ id: id(), leaseMs: 60_000, windows: [requests(key, 1, 60_000)], leases: [] });
    expect(first.windows[0]!.start).toBe(first.now);
    await sleep(20);
    const second = await store.acquire({ id: id(), leaseMs: 60_000, windows: [requests(key, 1, 60_000)], leases: [] });
    expect(second.refused).toEqual({ kind: "window", index: 0 });
    expect(second.windows[0]!.start).toBe(first.now);
    // So it resets one window after the first request, however long the second one came after it.
    expect(second.now).toBeGreaterThan(first.now);
  });

  it("opens a fresh window once the old one has ended", async () => {
    const key = unique();
    await store.acquire({ id: id(), leaseMs: 60_000, windows: [requests(key, 1, 150)], leases: [] });
    expect((await store.acquire({ id: id(), leaseMs: 60_000, windows: [requests(key, 1, 150)], leases: [] })).refused).toEqual({ kind: "window", index: 0 });
    await sleep(200);
    const later = await store.acquire({ id: id(), leaseMs: 60_000, windows: [requests(key, 1, 150)], leases: [] });
    expect(later.refused).toBeUndefined();
    expect(later.windows[0]!.count).toBe(1);
  });

  it("checks every limit before charging any: a refused lease leaves the windows untouched", async () => {
    const [win, slot] = [unique(), unique()];
    const request = () => ({ id: id(), leaseMs: 60_000, windows: [requests(win, 10)], leases: [{ key: slot, limit: 1, base: 0, cost: 1 }] });
    expect((await store.acquire(request())).refused).toBeUndefined();
    const refused = await store.acquire(request());
    expect(refused.refused).toEqual({ kind: "lease", index: 0 });
    expect(refused.windows[0]!.count).toBe(1);
    const again = await store.acquire({ id: id(), leaseMs: 60_000, windows: [requests(win, 10)], leases: [] });
    expect(again.windows[0]!.count).toBe(2);
  });

  it("reports a window without checking or charging it when told not to enforce it", async () => {
    const key = unique();
    const spec: WindowSpec = { key, limit: 5, windowMs: 60_000, cost: 6, enforce: true };
    expect((await store.acquire({ id: id(), leaseMs: 60_000, windows: [spec], leases: [] })).refused).toEqual({ kind: "window", index: 0 });
    const peek = await store.acquire({ id: id(), leaseMs: 60_000, windows: [{ ...spec, cost: 0, enforce: false }], leases: [] });
    expect(peek.refused).toBeUndefined();
    expect(peek.windows[0]!.count).toBe(0);
  });

  it("holds concurrency slots up to the limit and frees one on release", async () => {
    const key = unique();
    const slot = { key, limit: 2, base: 0, cost: 1 };
    const [a, b, c] = [id(), id(), id()];
    expect((await store.acquire({ id: a, leaseMs: 60_000, windows: [], leases: [slot] })).leases).toEqual([1]);
    expect((await store.acquire({ id: b, leaseMs: 60_000, windows: [], leases: [slot] })).leases).toEqual([2]);
    expect((await store.acquire({ id: c, leaseMs: 60_000, windows: [], leases: [slot] })).refused).toEqual({ kind: "lease", index: 0 });
    await store.release(a, [{ key, cost: 1 }]);
    await store.release(a, [{ key, cost: 1 }]);
    const granted = await store.acquire({ id: c, leaseMs: 60_000, windows: [], leases: [slot] });
    expect(granted.refused).toBeUndefined();
    expect(granted.leases).toEqual([2]);
  });

  it("frees the slot of a holder that stopped renewing (a crashed instance) when its lease expires", async () => {
    const key = unique();
    const slot = { key, limit: 1, base: 0, cost: 1 };
    await store.acquire({ id: id(), leaseMs: 150, windows: [], leases: [slot] });
    expect((await store.acquire({ id: id(), leaseMs: 150, windows: [], leases: [slot] })).refused).toEqual({ kind: "lease", index: 0 });
    await sleep(200);
    expect((await store.acquire({ id: id(), leaseMs: 150, windows: [], leases: [slot] })).refused).toBeUndefined();
  });

  it("keeps a renewed lease past its first expiry, and never revives a released one", async () => {
    const key = unique();
    const slot = { key, limit: 1, base: 0, cost: 1 };
    const holder = id();
    await store.acquire({ id: holder, leaseMs: 250, windows: [], leases: [slot] });
    await sleep(150);
    await store.renew(holder, [{ key, cost: 1 }], 250);
    await sleep(150);
    expect((await store.acquire({ id: id(), leaseMs: 250, windows: [], leases: [slot] })).refused).toEqual({ kind: "lease", index: 0 });
    await store.release(holder, [{ key, cost: 1 }]);
    await store.renew(holder, [{ key, cost: 1 }], 250);
    expect((await store.acquire({ id: id(), leaseMs: 250, windows: [], leases: [slot] })).refused).toBeUndefined();
  });

  it("counts a budget's recorded usage plus every reservation in flight against its limit", async () => {
    const key = unique();
    const budget = (cost: number) => ({ key, limit: 100, base: 60, cost });
    const first = id();
    expect((await store.acquire({ id: first, leaseMs: 60_000, windows: [], leases: [budget(30)] })).leases).toEqual([30]);
    const refused = await store.acquire({ id: id(), leaseMs: 60_000, windows: [], leases: [budget(15)] });
    expect(refused.refused).toEqual({ kind: "lease", index: 0 });
    expect(refused.leases).toEqual([30]);
    expect((await store.acquire({ id: id(), leaseMs: 60_000, windows: [], leases: [budget(10)] })).leases).toEqual([40]);
    await store.release(first, [{ key, cost: 30 }]);
    expect((await store.acquire({ id: id(), leaseMs: 60_000, windows: [], leases: [budget(15)] })).leases).toEqual([25]);
  });

  it("replaces a token estimate with the real usage in the window it went into", async () => {
    const key = unique();
    const tokens = (cost: number): WindowSpec => ({ key, limit: 1_000, windowMs: 60_000, cost, enforce: true });
    const first = await store.acquire({ id: id(), leaseMs: 60_000, windows: [tokens(600)], leases: [] });
    expect((await store.acquire({ id: id(), leaseMs: 60_000, windows: [tokens(600)], leases: [] })).refused).toEqual({ kind: "window", index: 0 });
    await store.adjust({ key, start: first.windows[0]!.start, windowMs: 60_000 }, 120 - 600);
    const second = await store.acquire({ id: id(), leaseMs: 60_000, windows: [tokens(600)], leases: [] });
    expect(second.refused).toBeUndefined();
    expect(second.windows[0]!.count).toBe(720);
    await store.adjust({ key, start: first.windows[0]!.start, windowMs: 60_000 }, -5_000);
    expect((await store.acquire({ id: id(), leaseMs: 60_000, windows: [{ ...tokens(0), enforce: false }], leases: [] })).windows[0]!.count).toBe(0);
  });

  it("charges only the extra tokens, to the current window, when the estimate's window has ended", async () => {
    const key = unique();
    const tokens = (cost: number): WindowSpec => ({ key, limit: 1_000, windowMs: 150, cost, enforce: true });
    const first = await store.acquire({ id: id(), leaseMs: 60_000, windows: [tokens(100)], leases: [] });
    await sleep(200);
    const ref = { key, start: first.windows[0]!.start, windowMs: 150 };
    await store.adjust(ref, -50);
    await store.adjust(ref, 70);
    const now = await store.acquire({ id: id(), leaseMs: 60_000, windows: [{ ...tokens(0), enforce: false }], leases: [] });
    expect(now.windows[0]!.count).toBe(70);
  });

  it("grants the last slots to exactly as many simultaneous requests as the limit allows", async () => {
    const key = unique();
    const results = await Promise.all(
      Array.from({ length: 12 }, () => store.acquire({ id: id(), leaseMs: 60_000, windows: [requests(`${key}-w`, 100)], leases: [{ key, limit: 3, base: 0, cost: 1 }] })),
    );
    expect(results.filter((r) => !r.refused)).toHaveLength(3);
  });
});

describe.skipIf(!redisUrl)("limit store (redis): keys", () => {
  it("prefixes every key with draftwise: and lets windows expire with Redis", async () => {
    const client = new Redis(redisUrl!);
    clients.push(client);
    const store = new RedisStore(client);
    const key = unique();
    await store.acquire({ id: crypto.randomUUID(), leaseMs: 60_000, windows: [requests(key, 5, 5_000)], leases: [{ key: `${key}-slot`, limit: 1, base: 0, cost: 1 }] });
    expect(await client.exists(`draftwise:${key}`, `draftwise:${key}-slot`)).toBe(2);
    expect(await client.exists(key)).toBe(0);
    const ttl = await client.pttl(`draftwise:${key}`);
    expect(ttl).toBeGreaterThan(4_000);
    expect(ttl).toBeLessThanOrEqual(5_000);
  });
});

describe("limit store (redis): unreachable", () => {
  it("fails fast instead of waiting for a server that isn't there", async () => {
    const { fastFailRedisOptions } = await import("@/lib/server/redis");
    const client = new Redis("redis://127.0.0.1:9", fastFailRedisOptions);
    client.on("error", () => {});
    const store = new RedisStore(client);
    const started = Date.now();
    await expect(store.acquire({ id: crypto.randomUUID(), leaseMs: 1_000, windows: [requests(unique(), 1)], leases: [] })).rejects.toThrow(/ECONNREFUSED/);
    expect(Date.now() - started).toBeLessThan(2_500);
    client.disconnect();
  });
});
