import "server-only";
import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import packageJson from "@/package.json";
import { breakerSnapshot, type BreakerSnapshot } from "@/lib/server/ai/breaker";
import { modelStatus } from "@/lib/server/ai/providers";
import { providerReachability, type Reachability } from "@/lib/server/ai/reachability";
import { getDb } from "@/lib/server/db/client";
import { migrationsFolder } from "@/lib/server/db/migrate";
import { isDraining } from "@/lib/server/lifecycle";
import { logger } from "@/lib/server/log";
import { metrics } from "@/lib/server/metrics";
import { redisClient } from "@/lib/server/redis";
import type { ModelStatus } from "@/lib/ai/models";

/** The probes behind /api/live, /api/ready, /api/health and /api/status (docs/operations.md#health). */

const CHECK_TIMEOUT_MS = 2_000;

interface Check {
  ok: boolean;
  latencyMs?: number;
  /** A short reason, never a connection string or a raw driver message. */
  error?: string;
}

interface Readiness {
  status: "ready" | "not_ready" | "draining";
  /** Names of the checks that failed (and `draining` while the server shuts down). */
  failed: string[];
  checks: { database: Check; migrations: Check & { applied?: number; expected?: number }; redis?: Check };
}

class CheckTimeout extends Error {
  constructor() {
    super("timed out");
    this.name = "CheckTimeout";
  }
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; latencyMs: number }> {
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CheckTimeout()), CHECK_TIMEOUT_MS);
  });
  try {
    const value = await Promise.race([work(), timeout]);
    return { value, latencyMs: Math.round(performance.now() - started) };
  } finally {
    clearTimeout(timer);
  }
}

function failure(name: string, error: unknown): Check {
  const timedOut = error instanceof CheckTimeout;
  logger.warn({ check: name, err: error }, "readiness check failed");
  return { ok: false, error: timedOut ? "timeout" : "unreachable" };
}

type Rows = { rows: Array<Record<string, unknown>> };

async function checkDatabase(): Promise<Check> {
  try {
    const { latencyMs } = await timed(async () => (await getDb()).execute(sql`select 1`));
    return { ok: true, latencyMs };
  } catch (error) {
    return failure("database", error);
  }
}

let expectedMigrations: { count: number; last: number } | undefined;

/** What the shipped journal lists (read once: the files don't change while the server runs). */
function journal(): { count: number; last: number } {
  if (!expectedMigrations) {
    const text = readFileSync(path.join(migrationsFolder, "meta/_journal.json"), "utf8");
    const entries = (JSON.parse(text) as { entries: { when: number }[] }).entries;
    expectedMigrations = { count: entries.length, last: Math.max(0, ...entries.map((e) => e.when)) };
  }
  return expectedMigrations;
}

async function checkMigrations(): Promise<Check & { applied?: number; expected?: number }> {
  try {
    const expected = journal();
    const { value, latencyMs } = await timed(async () => {
      const db = await getDb();
      const result = (await db.execute(
        sql`select count(*)::int as applied, coalesce(max(created_at), 0)::bigint as last from drizzle.__drizzle_migrations`,
      )) as unknown as Rows;
      return result.rows[0] ?? {};
    });
    const applied = Number(value.applied ?? 0);
    // drizzle applies every migration newer than the newest it recorded: the newest is what counts.
    const ok = Number(value.last ?? 0) >= expected.last;
    return ok
      ? { ok, latencyMs, applied, expected: expected.count }
      : { ok, latencyMs, applied, expected: expected.count, error: "pending migrations" };
  } catch (error) {
    return failure("migrations", error);
  }
}

async function checkRedis(): Promise<Check | undefined> {
  const client = redisClient();
  if (!client) return undefined;
  try {
    const { latencyMs } = await timed(async () => {
      // A client still connecting (the first probe after a start) gets a moment to become ready.
      if (client.status !== "ready") {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => {
            client.off("ready", onReady);
            reject(new Error(`redis ${client.status}`));
          }, 1_000);
          const onReady = () => {
            clearTimeout(timer);
            resolve();
          };
          client.once("ready", onReady);
        });
      }
      const pong = await client.ping();
      if (pong !== "PONG") throw new Error(`unexpected PING answer`);
    });
    return { ok: true, latencyMs };
  } catch (error) {
    return failure("redis", error);
  }
}

/** Database reachable, migrations applied, Redis answering (when configured), not draining. */
export async function readiness(): Promise<Readiness> {
  const [database, migrations, redis] = await Promise.all([checkDatabase(), checkMigrations(), checkRedis()]);
  const checks: Readiness["checks"] = redis ? { database, migrations, redis } : { database, migrations };
  const failed = Object.entries(checks)
    .filter(([, check]) => !check.ok)
    .map(([name]) => name);
  if (isDraining()) return { status: "draining", failed: ["draining", ...failed], checks };
  return { status: failed.length ? "not_ready" : "ready", failed, checks };
}

const startHolder = globalThis as typeof globalThis & { draftwiseStartedAt?: string };

interface Health {
  status: "ok" | "draining";
  version: string;
  uptime_seconds: number;
  started_at: string;
  node: string;
}

/** What runs here and for how long (no I/O). */
export function health(): Health {
  startHolder.draftwiseStartedAt ??= new Date(Date.now() - process.uptime() * 1_000).toISOString();
  return {
    status: isDraining() ? "draining" : "ok",
    version: packageJson.version,
    uptime_seconds: Math.floor(process.uptime()),
    started_at: startHolder.draftwiseStartedAt,
    node: process.version,
  };
}

type OperationalStatus = ModelStatus & {
  /** The active provider's `/models` answered (probed at most every 30 s, never a model call). */
  reachability: Reachability;
  breakers: BreakerSnapshot[];
  streams: { active: number };
  /** Requests waiting for a free sequence of the embedded model (0 with other providers). */
  queue: { depth: number };
  draining: boolean;
};

/** /api/status: the studio's model status plus what an operator watches. */
export async function operationalStatus(): Promise<OperationalStatus> {
  const [status, reachability] = await Promise.all([modelStatus(), providerReachability()]);
  return {
    ...status,
    reachability,
    breakers: breakerSnapshot(),
    streams: { active: metrics.activeStreams() },
    queue: { depth: status.local?.waiting ?? 0 },
    draining: isDraining(),
  };
}
