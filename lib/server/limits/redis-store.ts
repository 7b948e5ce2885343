import "server-only";
import { once } from "node:events";
import type { Redis } from "ioredis";
import { leaseMember, type AcquireRequest, type AcquireResult, type LeaseRef, type LimitStore, type WindowRef } from "./store";

/** Every key Draftwise writes to Redis starts with this. */
const redisPrefix = "draftwise:";

// The scripts take the time from Redis (TIME), so instances with skewed clocks agree on
// when windows start and leases expire. Windows are hashes {start, count} that expire with
// the window; leases are sorted sets of "id|amount" members scored by their expiry.

/** KEYS: windows…, leases…  ARGV: nWindows, nLeases, id, leaseMs, then per window limit, windowMs, cost, enforce, then per lease limit, base, cost. */
const acquireLua = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local nw, nl = tonumber(ARGV[1]), tonumber(ARGV[2])
local id, leaseMs = ARGV[3], tonumber(ARGV[4])
local refusedKind, refusedIndex = 0, 0
local windows, leases = {}, {}
local a = 5
for i = 1, nw do
  local limit, windowMs, cost, enforce = tonumber(ARGV[a]), tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2]), ARGV[a + 3] == '1'
  a = a + 4
  local v = redis.call('HMGET', KEYS[i], 'start', 'count')
  local start, count = tonumber(v[1]), tonumber(v[2]) or 0
  if not start or start + windowMs <= now then start, count = now, 0 end
  windows[i] = { start, count, windowMs, cost }
  if refusedKind == 0 and enforce and count + cost > limit then refusedKind, refusedIndex = 1, i - 1 end
end
for j = 1, nl do
  local key = KEYS[nw + j]
  local limit, base, cost = tonumber(ARGV[a]), tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2])
  a = a + 3
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
  local sum = 0
  for _, member in ipairs(redis.call('ZRANGE', key, 0, -1)) do
    sum = sum + tonumber(string.match(member, '|(%d+)$'))
  end
  leases[j] = { sum, cost }
  if refusedKind == 0 and base + sum + cost > limit then refusedKind, refusedIndex = 2, j - 1 end
end
local out = { now, refusedKind, refusedIndex }
for i = 1, nw do
  local w = windows[i]
  if refusedKind == 0 and w[4] > 0 then
    w[2] = w[2] + w[4]
    redis.call('HSET', KEYS[i], 'start', w[1], 'count', w[2])
    redis.call('PEXPIREAT', KEYS[i], w[1] + w[3])
  end
  table.insert(out, w[1])
  table.insert(out, w[2])
end
for j = 1, nl do
  local l = leases[j]
  if refusedKind == 0 then
    redis.call('ZADD', KEYS[nw + j], now + leaseMs, id .. '|' .. l[2])
    redis.call('PEXPIRE', KEYS[nw + j], leaseMs)
    l[1] = l[1] + l[2]
  end
  table.insert(out, l[1])
end
return out
`;

/** KEYS: the window.  ARGV: start, delta, windowMs. */
const adjustLua = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local start, delta, windowMs = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local v = redis.call('HMGET', KEYS[1], 'start', 'count')
local current, count = tonumber(v[1]), tonumber(v[2]) or 0
if current and current + windowMs <= now then current = nil end
if current == start then
  redis.call('HSET', KEYS[1], 'count', math.max(0, count + delta))
elseif delta > 0 then
  if current then
    redis.call('HINCRBY', KEYS[1], 'count', delta)
  else
    redis.call('HSET', KEYS[1], 'start', now, 'count', delta)
    redis.call('PEXPIREAT', KEYS[1], now + windowMs)
  end
end
return 1
`;

/** KEYS: lease sets.  ARGV: leaseMs, then one member per key. */
const renewLua = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local leaseMs = tonumber(ARGV[1])
for i, key in ipairs(KEYS) do
  local score = redis.call('ZSCORE', key, ARGV[i + 1])
  if score and tonumber(score) > now then
    redis.call('ZADD', key, 'XX', now + leaseMs, ARGV[i + 1])
    redis.call('PEXPIRE', key, leaseMs)
  end
end
return 1
`;

type Script = (...args: Array<string | number>) => Promise<unknown>;

/** How long a request waits for a (re)connecting Redis before it is answered 503. */
const readyTimeoutMs = 1_000;

/** Limits shared by every instance through one Redis server (REDIS_URL). */
export class RedisStore implements LimitStore {
  private readonly scripts: Record<"acquire" | "adjust" | "renew", Script>;
  /** Requests arriving while Redis is (re)connecting share one wait. */
  private connecting?: Promise<void>;

  constructor(private readonly redis: Redis) {
    // defineCommand sends EVALSHA and falls back to EVAL once after a restart (NOSCRIPT).
    redis.defineCommand("draftwiseLimitAcquire", { lua: acquireLua });
    redis.defineCommand("draftwiseLimitAdjust", { lua: adjustLua, numberOfKeys: 1 });
    redis.defineCommand("draftwiseLimitRenew", { lua: renewLua });
    const commands = redis as unknown as Record<string, Script>;
    this.scripts = {
      acquire: commands.draftwiseLimitAcquire!.bind(redis),
      adjust: commands.draftwiseLimitAdjust!.bind(redis),
      renew: commands.draftwiseLimitRenew!.bind(redis),
    };
  }

  /** Commands don't queue while Redis is away (they would run late, charging a request long refused): wait briefly, then fail. */
  private ready(): Promise<void> {
    if (this.redis.status === "ready") return Promise.resolve();
    if (this.redis.status === "wait") void this.redis.connect().catch(() => {});
    this.connecting ??= once(this.redis, "ready", { signal: AbortSignal.timeout(readyTimeoutMs) })
      .then(() => undefined)
      .finally(() => {
        this.connecting = undefined;
      });
    return this.connecting;
  }

  async acquire(request: AcquireRequest): Promise<AcquireResult> {
    await this.ready();
    const keys = [...request.windows, ...request.leases].map((spec) => redisPrefix + spec.key);
    const args = [
      request.windows.length,
      request.leases.length,
      request.id,
      request.leaseMs,
      ...request.windows.flatMap((w) => [w.limit, w.windowMs, w.cost, w.enforce ? 1 : 0]),
      ...request.leases.flatMap((l) => [l.limit, l.base, l.cost]),
    ];
    const out = ((await this.scripts.acquire(keys.length, ...keys, ...args)) as Array<number | string>).map(Number);
    const [now, refusedKind, refusedIndex] = out as [number, number, number];
    const windows = request.windows.map((_, i) => ({ start: out[3 + 2 * i]!, count: out[4 + 2 * i]! }));
    const leases = request.leases.map((_, j) => out[3 + 2 * request.windows.length + j]!);
    const refused = refusedKind === 0 ? undefined : { kind: refusedKind === 1 ? ("window" as const) : ("lease" as const), index: refusedIndex };
    return { now, refused, windows, leases };
  }

  async adjust(ref: WindowRef, delta: number): Promise<void> {
    if (delta === 0) return;
    await this.ready();
    await this.scripts.adjust(redisPrefix + ref.key, ref.start, delta, ref.windowMs);
  }

  async release(id: string, leases: LeaseRef[]): Promise<void> {
    if (leases.length === 0) return;
    await this.ready();
    const pipeline = this.redis.pipeline();
    for (const lease of leases) pipeline.zrem(redisPrefix + lease.key, leaseMember(id, lease.cost));
    await pipeline.exec();
  }

  async renew(id: string, leases: LeaseRef[], leaseMs: number): Promise<void> {
    if (leases.length === 0) return;
    await this.ready();
    const keys = leases.map((lease) => redisPrefix + lease.key);
    await this.scripts.renew(keys.length, ...keys, leaseMs, ...leases.map((lease) => leaseMember(id, lease.cost)));
  }
}
