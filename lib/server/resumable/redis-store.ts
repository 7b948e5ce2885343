import "server-only";
import { once } from "node:events";
import type { Redis } from "ioredis";
import { logger } from "@/lib/server/log";
import { CoalescingBody, type StreamSink } from "@/lib/server/delivery/sink";
import { Generation } from "./generation";
import { MemoryResumableStore, refKey } from "./memory-store";
import type { ResumableStore, StoreOptions, StreamRef } from "./store";

// Layout in Redis (every key starts with draftwise:stream:):
//   {ownerId}:{streamId}   → the id of the ref's current generation (a fresh UUID per start)
//   log:{generation}       → list of entries: "s" (start), "d<text>" (a batch of writes), "e" (end)
//   data:{generation}      → channel: every entry as it is pushed, as "<index>|<entry>"
//   ctl:{generation}       → channel to the producing instance: "stop", "attach <id>", "detach <id>"
// The producer pushes and publishes in batches (one pipeline per flush), never per write.
// A follower subscribes first, then reads the log, and places entries by their index, so the
// race between replay and live is settled without loss or duplicates.

const prefix = "draftwise:stream:";
const pointerKey = (ref: StreamRef) => `${prefix}${ref.ownerId}:${ref.streamId}`;
const logKey = (generation: string) => `${prefix}log:${generation}`;
const dataChannel = (generation: string) => `${prefix}data:${generation}`;
const controlChannel = (generation: string) => `${prefix}ctl:${generation}`;

/** Writes within this window go to Redis as one entry (one RPUSH and one PUBLISH). */
const flushMs = 25;
/** A running generation's keys expire this long after its producer's last sign of life (a crashed instance). */
const activeTtlMs = 30_000;
const keepaliveMs = 10_000;
/** A follower on another instance repeats "attach" this often; three missed ones and it counts as gone. */
const heartbeatMs = 5_000;
/** How long a request waits for a (re)connecting Redis. */
const readyTimeoutMs = 1_000;

/** KEYS: the pointer. ARGV: generation, ttl ms (0 deletes). Only while the pointer is still this generation's. */
const settleLua = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  if tonumber(ARGV[2]) == 0 then return redis.call('DEL', KEYS[1]) end
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
`;

/** Queues the settle script on a pipeline (defined on the client by the store). */
function settle(pipeline: ReturnType<Redis["pipeline"]>, ref: StreamRef, generation: string, ttlMs: number) {
  (pipeline as unknown as Record<string, (...args: unknown[]) => unknown>).draftwiseStreamSettle!(pointerKey(ref), generation, ttlMs);
}

async function ready(client: Redis): Promise<void> {
  if (client.status === "ready") return;
  if (client.status === "wait") void client.connect().catch(() => {});
  await once(client, "ready", { signal: AbortSignal.timeout(readyTimeoutMs) });
}

let reported = false;
/** One log line per outage, not one per chunk. */
function report(error: unknown, what: string) {
  if (reported) return;
  reported = true;
  logger.warn({ err: error }, `resumable streams: ${what} failed (Redis)`);
  setTimeout(() => (reported = false), 60_000).unref();
}

/** Channel subscriptions of this process, multiplexed over one subscriber connection. */
class Subscriptions {
  private readonly handlers = new Map<string, Set<(message: string) => void>>();
  private readonly subscribed = new Map<string, Promise<unknown>>();

  constructor(private readonly connection: Redis) {
    connection.on("message", (channel: string, message: string) => {
      const handlers = this.handlers.get(channel);
      if (handlers) for (const handler of handlers) handler(message);
    });
  }

  /** Resolves once messages on `channel` reach `handler`; returns the unsubscribe. */
  async subscribe(channel: string, handler: (message: string) => void): Promise<() => void> {
    let handlers = this.handlers.get(channel);
    if (!handlers) {
      handlers = new Set();
      this.handlers.set(channel, handlers);
      this.subscribed.set(
        channel,
        ready(this.connection).then(() => this.connection.subscribe(channel)),
      );
    }
    handlers.add(handler);
    const set = handlers;
    const unsubscribe = () => {
      set.delete(handler);
      if (set.size > 0 || this.handlers.get(channel) !== set) return;
      this.handlers.delete(channel);
      this.subscribed.delete(channel);
      void this.connection.unsubscribe(channel).catch(() => {});
    };
    try {
      await this.subscribed.get(channel);
    } catch (error) {
      unsubscribe();
      throw error;
    }
    return unsubscribe;
  }
}

/**
 * Generations shared by every instance through Redis: the log in a list, live entries and
 * control messages over pub/sub. A generation produced here is followed here without Redis
 * (same-instance resumes read this process's copy); Redis carries it to the other instances.
 * If Redis is unreachable when a generation starts, it runs resumable on this instance only.
 */
export class RedisResumableStore implements ResumableStore {
  /** Generations produced by this process, by generation id. */
  private readonly local = new Map<string, { key: string; generation: Generation }>();
  private readonly fallback: MemoryResumableStore;
  private readonly subscriptions: Subscriptions;

  constructor(
    private readonly redis: Redis,
    subscriber: Redis,
    private readonly options: StoreOptions,
  ) {
    this.fallback = new MemoryResumableStore(options);
    this.subscriptions = new Subscriptions(subscriber);
    redis.defineCommand("draftwiseStreamSettle", { lua: settleLua, numberOfKeys: 1 });
  }

  async start(ref: StreamRef & { clientSignal: AbortSignal }): Promise<StreamSink> {
    const id = crypto.randomUUID();
    const generation = new Generation(this.options);
    let unsubscribe: (() => void) | undefined;
    try {
      await ready(this.redis);
      // Both at once: the first token waits for one round trip, not two.
      const [subscribed, published] = await Promise.allSettled([
        this.subscriptions.subscribe(controlChannel(id), (message) => this.onControl(generation, message)),
        this.redis.multi().set(pointerKey(ref), id, "PX", activeTtlMs).rpush(logKey(id), "s").pexpire(logKey(id), activeTtlMs).exec(),
      ]);
      if (subscribed.status === "fulfilled") unsubscribe = subscribed.value;
      else throw subscribed.reason;
      if (published.status === "rejected") throw published.reason;
    } catch (error) {
      unsubscribe?.();
      report(error, "starting a stream");
      // Nobody can follow a generation that is not published: take the pointer back (best effort).
      const pipeline = this.redis.pipeline().del(logKey(id));
      settle(pipeline, ref, id, 0);
      void pipeline.exec().catch(() => {});
      return this.fallback.start(ref);
    }
    const key = refKey(ref);
    this.local.set(id, { key, generation });
    return new RedisSink(this.redis, ref, id, generation, this.options, () => {
      this.local.delete(id);
      unsubscribe?.();
    });
  }

  private onControl(generation: Generation, message: string) {
    if (message === "stop") return generation.abort("stopped");
    const [verb, follower] = message.split(" ");
    if (!follower) return;
    if (verb === "attach") generation.remoteAttach(follower, Date.now() + 3 * heartbeatMs);
    else if (verb === "detach") generation.remoteDetach(follower);
  }

  private localByRef(ref: StreamRef): Generation | undefined {
    const key = refKey(ref);
    for (const entry of this.local.values()) if (entry.key === key) return entry.generation;
    return undefined;
  }

  async resume(ref: StreamRef & { signal?: AbortSignal }): Promise<ReadableStream<Uint8Array> | null> {
    let id: string | null;
    try {
      await ready(this.redis);
      id = await this.redis.get(pointerKey(ref));
    } catch (error) {
      report(error, "resuming a stream");
      const generation = this.localByRef(ref);
      if (generation && !generation.aborted) return generation.attach(ref.signal);
      return this.fallback.resume(ref);
    }
    if (!id) return this.fallback.resume(ref);
    const local = this.local.get(id);
    if (local) return local.generation.aborted ? null : local.generation.attach(ref.signal);
    return this.follow(id, ref.signal);
  }

  async stop(ref: StreamRef): Promise<boolean> {
    let id: string | null;
    try {
      await ready(this.redis);
      id = await this.redis.get(pointerKey(ref));
    } catch (error) {
      report(error, "stopping a stream");
      const generation = this.localByRef(ref);
      if (generation && !generation.done && !generation.aborted) {
        generation.abort("stopped");
        return true;
      }
      return this.fallback.stop(ref);
    }
    if (!id) return this.fallback.stop(ref);
    const local = this.local.get(id);
    if (local) {
      if (local.generation.done || local.generation.aborted) return false;
      local.generation.abort("stopped");
      return true;
    }
    return (await this.redis.publish(controlChannel(id), "stop")) > 0;
  }

  /** Follows a generation produced by another instance: its log so far, then live. */
  private async follow(id: string, signal?: AbortSignal): Promise<ReadableStream<Uint8Array> | null> {
    const follower = crypto.randomUUID();
    const redis = this.redis;
    let next = 0;
    let ended = false;
    let syncing = true;
    let heard = true;
    let failures = 0;
    const buffered: Array<[number, string]> = [];
    let unsubscribe: (() => void) | undefined;
    let heartbeat: NodeJS.Timeout | undefined;

    const finish = () => {
      if (ended) return;
      ended = true;
      if (heartbeat) clearInterval(heartbeat);
      unsubscribe?.();
      void redis.publish(controlChannel(id), `detach ${follower}`).catch(() => {});
    };
    const body = new CoalescingBody(finish);
    const end = () => {
      finish();
      body.close();
    };
    const apply = (entry: string) => {
      next++;
      if (entry === "e") end();
      else if (entry.startsWith("d")) body.write(entry.slice(1));
    };
    /** Applies the buffered live entries that follow on from the log; true when one is still missing. */
    const drain = (): boolean => {
      buffered.sort((a, b) => a[0] - b[0]);
      while (buffered.length > 0 && !ended) {
        const [index, entry] = buffered[0]!;
        if (index > next) return true;
        buffered.shift();
        if (index === next) apply(entry);
      }
      return false;
    };
    const sync = async () => {
      syncing = true;
      try {
        for (let attempt = 0; attempt < 3 && !ended; attempt++) {
          const [entries, exists] = (await redis.pipeline().lrange(logKey(id), next, -1).exists(logKey(id)).exec())!.map(([error, value]) => {
            if (error) throw error;
            return value;
          }) as [string[], number];
          for (const entry of entries) {
            if (ended) break;
            apply(entry);
          }
          // The log is gone: the generation was stopped and forgotten, or its instance died.
          if (!exists) return end();
          if (!drain()) break;
        }
        failures = 0;
      } catch (error) {
        report(error, "following a stream");
        if (++failures >= 3) end();
      } finally {
        syncing = false;
      }
    };
    const onMessage = (message: string) => {
      heard = true;
      const bar = message.indexOf("|");
      const index = Number(message.slice(0, bar));
      if (ended || index < next) return;
      if (!syncing && index === next && buffered.length === 0) return apply(message.slice(bar + 1));
      buffered.push([index, message.slice(bar + 1)]);
      if (!syncing) void sync();
    };

    try {
      unsubscribe = await this.subscriptions.subscribe(dataChannel(id), onMessage);
      await redis.publish(controlChannel(id), `attach ${follower}`);
    } catch (error) {
      unsubscribe?.();
      report(error, "following a stream");
      return null;
    }
    await sync();
    // Nothing there after all (the log expired with a dead instance): nothing to resume.
    if (ended && next === 0) return null;
    if (!ended) {
      heartbeat = setInterval(() => {
        void redis.publish(controlChannel(id), `attach ${follower}`).catch(() => {});
        // Nothing heard for a while: a lost message, or a producer that is gone.
        if (!heard && !syncing) void sync();
        heard = false;
      }, heartbeatMs);
      heartbeat.unref();
      if (signal?.aborted) end();
      else signal?.addEventListener("abort", end, { once: true });
    }
    return body.body;
  }
}

/** The producer's side: written text goes to this instance's followers at once and to Redis in batches. */
class RedisSink implements StreamSink {
  readonly body: ReadableStream<Uint8Array>;
  readonly signal: AbortSignal;
  private pending = "";
  private timer: NodeJS.Timeout | undefined;
  private readonly keepalive: NodeJS.Timeout;
  /** The index of the next entry in the log ("s" is 0). */
  private next = 1;
  private closed = false;

  constructor(
    private readonly redis: Redis,
    private readonly ref: StreamRef & { clientSignal: AbortSignal },
    private readonly id: string,
    private readonly generation: Generation,
    private readonly options: StoreOptions,
    private readonly onClosed: () => void,
  ) {
    this.body = generation.attach(ref.clientSignal);
    this.signal = generation.signal;
    this.keepalive = setInterval(() => {
      const pipeline = this.redis.pipeline().pexpire(logKey(id), activeTtlMs);
      settle(pipeline, ref, id, activeTtlMs);
      pipeline.exec().catch((error) => report(error, "keeping a stream alive"));
    }, keepaliveMs);
    this.keepalive.unref();
  }

  write(text: string): void {
    if (this.closed || !text) return;
    this.generation.write(text);
    this.pending += text;
    this.timer ??= setTimeout(this.flush, flushMs);
  }

  private readonly flush = () => {
    this.timer = undefined;
    if (!this.pending) return;
    const pipeline = this.redis.pipeline();
    this.push(pipeline, `d${this.pending}`);
    this.pending = "";
    pipeline.exec().catch((error) => report(error, "writing a stream"));
  };

  private push(pipeline: ReturnType<Redis["pipeline"]>, entry: string) {
    pipeline.rpush(logKey(this.id), entry).publish(dataChannel(this.id), `${this.next++}|${entry}`);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    clearInterval(this.keepalive);
    this.generation.close();
    const pipeline = this.redis.pipeline();
    if (this.pending) this.push(pipeline, `d${this.pending}`);
    this.pending = "";
    this.push(pipeline, "e");
    // A stopped or abandoned answer is not replayed: its stored copy (marked stopped) is the truth.
    const keep = this.generation.aborted ? 0 : this.options.finishedTtlMs;
    if (keep === 0) pipeline.del(logKey(this.id));
    else pipeline.pexpire(logKey(this.id), keep);
    settle(pipeline, this.ref, this.id, keep);
    pipeline
      .exec()
      .catch((error) => report(error, "ending a stream"))
      .finally(this.onClosed);
  }
}
