import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { fastFailRedisOptions } from "@/lib/server/redis";
import { MemoryResumableStore } from "@/lib/server/resumable/memory-store";
import { RedisResumableStore } from "@/lib/server/resumable/redis-store";
import type { ResumableStore, StoreOptions } from "@/lib/server/resumable/store";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const decoder = new TextDecoder();
const ref = (ownerId = crypto.randomUUID()) => ({ streamId: `chat-${Math.random().toString(36).slice(2, 10)}`, ownerId });

/** Reads a body as it arrives; `text` grows, `ended` resolves at its end. */
function collect(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  const out = { text: "", done: false, ended: undefined as unknown as Promise<string>, cancel: () => reader.cancel() };
  out.ended = (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      out.text += decoder.decode(value, { stream: true });
    }
    out.done = true;
    return out.text;
  })();
  return out;
}

async function until(probe: () => boolean, timeoutMs = 2_000) {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await sleep(10);
  }
}

const redisUrl = process.env.TEST_REDIS_URL;
const clients: Redis[] = [];
afterAll(async () => {
  await Promise.all(clients.map((c) => c.quit().catch(() => {})));
});

/** A store as one instance holds it: with Redis, its own command and subscriber connections. */
type MakeStore = (options: StoreOptions) => ResumableStore;
const makeMemory: MakeStore = (options) => new MemoryResumableStore(options);
const makeRedis: MakeStore = (options) => {
  const client = new Redis(redisUrl!, fastFailRedisOptions);
  const subscriber = client.duplicate();
  clients.push(client, subscriber);
  return new RedisResumableStore(client, subscriber, options);
};

const stores: Array<[string, MakeStore]> = [["memory", makeMemory]];
if (redisUrl) stores.push(["redis", makeRedis]);

const options = { graceMs: 300, finishedTtlMs: 400 };

// The same behaviour from both stores; the Redis half runs when TEST_REDIS_URL is set (npm test's PostgreSQL pass).
describe.each(stores)("resumable streams (%s store)", (_name, makeStore) => {
  const store = makeStore(options);

  it("replays everything written so far to a client that reattaches, then follows live to the end", async () => {
    const r = ref();
    const sink = await store.start({ ...r, clientSignal: new AbortController().signal });
    const first = collect(sink.body);
    sink.write("data: a\n\n");
    sink.write("data: b\n\n");
    await until(() => first.text.length === 18);
    const resumed = collect((await store.resume(r))!);
    sink.write("data: c\n\n");
    await sleep(50);
    sink.write("data: d\n\n");
    sink.close();
    const whole = "data: a\n\ndata: b\n\ndata: c\n\ndata: d\n\n";
    expect(await first.ended).toBe(whole);
    expect(await resumed.ended).toBe(whole);
  });

  it("keeps generating when the first client goes away, and a client that comes back gets the whole answer", async () => {
    const r = ref();
    const sink = await store.start({ ...r, clientSignal: new AbortController().signal });
    const first = collect(sink.body);
    sink.write("one ");
    await until(() => first.text === "one ");
    await first.cancel();
    sink.write("two ");
    await sleep(100);
    expect(sink.signal.aborted).toBe(false);
    const resumed = collect((await store.resume(r))!);
    sink.write("three");
    sink.close();
    expect(await resumed.ended).toBe("one two three");
  });

  it("does not abort while a client is attached, and aborts once none has been for the grace period", async () => {
    const r = ref();
    const client = new AbortController();
    const sink = await store.start({ ...r, clientSignal: client.signal });
    const first = collect(sink.body);
    sink.write("x");
    await sleep(options.graceMs + 150);
    expect(sink.signal.aborted).toBe(false);
    client.abort();
    await first.ended;
    await until(() => sink.signal.aborted, options.graceMs + 1_000);
    expect((sink.signal.reason as Error).message).toMatch(/no client/i);
    sink.close();
  });

  it("stops a generation at once, and is false when there is none", async () => {
    const r = ref();
    const sink = await store.start({ ...r, clientSignal: new AbortController().signal });
    const first = collect(sink.body);
    expect(await store.stop(r)).toBe(true);
    expect(sink.signal.aborted).toBe(true);
    expect((sink.signal.reason as Error).message).toMatch(/stopped/i);
    sink.close();
    await first.ended;
    expect(await store.stop(r)).toBe(false);
    expect(await store.stop(ref())).toBe(false);
  });

  it("never shows one owner's generation to another", async () => {
    const r = ref();
    const sink = await store.start({ ...r, clientSignal: new AbortController().signal });
    void collect(sink.body);
    sink.write("secret");
    const other = { ...r, ownerId: crypto.randomUUID() };
    expect(await store.resume(other)).toBeNull();
    expect(await store.stop(other)).toBe(false);
    expect(sink.signal.aborted).toBe(false);
    sink.close();
  });

  it("replays a finished answer whole for a short while, then answers nothing", async () => {
    const r = ref();
    const sink = await store.start({ ...r, clientSignal: new AbortController().signal });
    void collect(sink.body);
    sink.write("all ");
    sink.write("of it");
    sink.close();
    expect(await collect((await store.resume(r))!).ended).toBe("all of it");
    await sleep(options.finishedTtlMs + 200);
    expect(await store.resume(r)).toBeNull();
  });

  it("forgets a stopped answer when it ends (the stored, stopped copy is the truth)", async () => {
    const r = ref();
    const sink = await store.start({ ...r, clientSignal: new AbortController().signal });
    void collect(sink.body);
    sink.write("part");
    await store.stop(r);
    expect(await store.resume(r)).toBeNull();
    sink.close();
    await sleep(50);
    expect(await store.resume(r)).toBeNull();
  });

  it("resumes the newest generation of a chat id", async () => {
    const r = ref();
    const old = await store.start({ ...r, clientSignal: new AbortController().signal });
    void collect(old.body);
    old.write("old");
    old.close();
    const fresh = await store.start({ ...r, clientSignal: new AbortController().signal });
    void collect(fresh.body);
    fresh.write("new");
    const resumed = collect((await store.resume(r))!);
    fresh.close();
    expect(await resumed.ended).toBe("new");
  });

  it("a newer generation under the same id takes over even while the older one still runs", async () => {
    const r = ref();
    const old = await store.start({ ...r, clientSignal: new AbortController().signal });
    const oldClient = collect(old.body);
    old.write("old ");
    const fresh = await store.start({ ...r, clientSignal: new AbortController().signal });
    void collect(fresh.body);
    fresh.write("new ");
    old.write("older");
    old.close();
    const resumed = collect((await store.resume(r))!);
    fresh.write("newer");
    fresh.close();
    expect(await resumed.ended).toBe("new newer");
    expect(await oldClient.ended).toBe("old older");
  });

  it("ends a resumed body when its client goes away, without ending the generation", async () => {
    const r = ref();
    const sink = await store.start({ ...r, clientSignal: new AbortController().signal });
    const first = collect(sink.body);
    const leaving = new AbortController();
    const resumed = collect((await store.resume({ ...r, signal: leaving.signal }))!);
    sink.write("a");
    await until(() => resumed.text === "a");
    leaving.abort();
    await resumed.ended;
    sink.write("b");
    sink.close();
    expect(await first.ended).toBe("ab");
    expect(sink.signal.aborted).toBe(false);
  });
});

describe.skipIf(!redisUrl)("resumable streams across instances sharing Redis (needs TEST_REDIS_URL)", () => {
  const a = redisUrl ? makeRedis(options) : undefined;
  const b = redisUrl ? makeRedis(options) : undefined;

  it("resumes on instance B a generation running on instance A: the whole text, once, in order", async () => {
    const r = ref();
    const sink = await a!.start({ ...r, clientSignal: new AbortController().signal });
    const first = collect(sink.body);
    const parts = Array.from({ length: 200 }, (_, i) => `data: {"delta":"${i} "}\n\n`);
    for (const part of parts.slice(0, 100)) sink.write(part);
    await sleep(60);
    const resumed = collect((await b!.resume(r))!);
    // Writes while B reads the log: none may be lost or doubled.
    for (const part of parts.slice(100)) {
      sink.write(part);
      if (Math.random() < 0.1) await sleep(1);
    }
    sink.close();
    const whole = parts.join("");
    expect(await first.ended).toBe(whole);
    expect(await resumed.ended).toBe(whole);
  });

  it("stops from instance B a generation running on instance A", async () => {
    const r = ref();
    const sink = await a!.start({ ...r, clientSignal: new AbortController().signal });
    void collect(sink.body);
    expect(await b!.stop(r)).toBe(true);
    await until(() => sink.signal.aborted);
    sink.close();
    expect(await b!.stop(r)).toBe(false);
  });

  it("a follower on instance B keeps A's generation alive; when it leaves, the grace period runs out", async () => {
    const r = ref();
    const client = new AbortController();
    const sink = await a!.start({ ...r, clientSignal: client.signal });
    void collect(sink.body);
    sink.write("x");
    const leaving = new AbortController();
    const resumed = collect((await b!.resume({ ...r, signal: leaving.signal }))!);
    await until(() => resumed.text === "x");
    client.abort();
    await sleep(options.graceMs + 200);
    expect(sink.signal.aborted).toBe(false);
    leaving.abort();
    await until(() => sink.signal.aborted, options.graceMs + 1_000);
    sink.close();
  });

  it("replays a finished answer on another instance, and nothing for another owner", async () => {
    const r = ref();
    const sink = await a!.start({ ...r, clientSignal: new AbortController().signal });
    void collect(sink.body);
    sink.write("done ");
    sink.write("here");
    sink.close();
    await sleep(30);
    expect(await collect((await b!.resume(r))!).ended).toBe("done here");
    expect(await b!.resume({ ...r, ownerId: crypto.randomUUID() })).toBeNull();
  });
});

describe("resumable streams when Redis is unreachable", () => {
  it("still answers, resumable on this instance, and stop works", async () => {
    const client = new Redis("redis://127.0.0.1:9", { ...fastFailRedisOptions, lazyConnect: true });
    client.on("error", () => {});
    const subscriber = client.duplicate();
    subscriber.on("error", () => {});
    clients.push(client, subscriber);
    const store = new RedisResumableStore(client, subscriber, options);
    const r = ref();
    const sink = await store.start({ ...r, clientSignal: new AbortController().signal });
    const first = collect(sink.body);
    sink.write("still ");
    const resumed = collect((await store.resume(r))!);
    sink.write("here");
    expect(await store.stop(r)).toBe(true);
    expect(sink.signal.aborted).toBe(true);
    sink.close();
    expect(await first.ended).toBe("still here");
    expect(await resumed.ended).toBe("still here");
    client.disconnect();
    subscriber.disconnect();
  });
});

describe("resumable streams in memory", () => {
  it("holds nothing once its finished answers have expired", async () => {
    const store = new MemoryResumableStore({ graceMs: 300, finishedTtlMs: 100 });
    for (let i = 0; i < 20; i++) {
      const sink = await store.start({ ...ref(), clientSignal: new AbortController().signal });
      void collect(sink.body);
      sink.write("text");
      sink.close();
    }
    expect(store.size).toBe(20);
    await until(() => store.size === 0, 1_000);
  });
});
