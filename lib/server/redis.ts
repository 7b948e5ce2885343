import "server-only";
import { Redis } from "ioredis";
import { env } from "@/lib/server/env";
import { logger } from "@/lib/server/log";

const globalForRedis = globalThis as typeof globalThis & { draftwiseRedis?: Redis };

/**
 * Options for a client that fails fast: a request must never hang on an unreachable Redis
 * (the limits answer 503 instead). It keeps reconnecting in the background.
 */
export const fastFailRedisOptions = {
  connectTimeout: 2_000,
  commandTimeout: 1_000,
  maxRetriesPerRequest: 0,
  enableOfflineQueue: false,
  // A limit command resent after a reconnect could charge a request that was already refused.
  autoResendUnfulfilledCommands: false,
  retryStrategy: (times: number) => Math.min(times * 200, 2_000),
} as const;

function createClient(url: string): Redis {
  const client = new Redis(url, fastFailRedisOptions);
  // One line per outage, not one per reconnect attempt.
  let reported = false;
  client.on("error", (error: Error) => {
    if (reported) return;
    reported = true;
    logger.error({ err: error }, "redis: REDIS_URL is unreachable");
  });
  client.on("ready", () => {
    if (reported) logger.info("redis: REDIS_URL is reachable again");
    reported = false;
  });
  return client;
}

/** The one Redis client of this process (kept on globalThis across dev reloads), or none without REDIS_URL. */
export function redisClient(): Redis | undefined {
  if (!env.REDIS_URL) return undefined;
  globalForRedis.draftwiseRedis ??= createClient(env.REDIS_URL);
  return globalForRedis.draftwiseRedis;
}
