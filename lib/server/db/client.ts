import "server-only";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { env } from "@/lib/server/env";
import { logger } from "@/lib/server/log";
import { schema } from "./schema";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

interface Connection {
  db: Db;
  kind: "pglite" | "postgres";
  close(): Promise<void>;
}

// One connection per process: instrumentation and every route bundle share it through
// globalThis (PGlite must never open the same data folder twice).
const key = Symbol.for("draftwise.db");
type Holder = { [key]?: Promise<Connection> };

export function dataDir(): string {
  return path.resolve(env.DATA_DIR);
}

async function openPostgres(url: string): Promise<Connection> {
  const { Pool } = await import("pg");
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const pool = new Pool({ connectionString: url, max: env.DATABASE_POOL_MAX });
  // An idle client's network error must not crash the process; the next query reconnects.
  pool.on("error", (error) => logger.error({ err: error }, "db: PostgreSQL pool error"));
  const db = drizzle(pool, { schema }) as unknown as Db;
  return { db, kind: "postgres", close: () => pool.end() };
}

async function openPglite(): Promise<Connection> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const folder = path.join(dataDir(), "pglite");
  mkdirSync(folder, { recursive: true });
  // Smaller buffers than PostgreSQL's defaults keep an idle app's memory down (docs/operations.md#database-and-memory).
  const client = await PGlite.create(folder, { postgresqlconf: ["shared_buffers=16MB", "work_mem=2MB"] });
  const db = drizzle(client, { schema }) as unknown as Db;
  return { db, kind: "pglite", close: () => client.close() };
}

function connection(): Promise<Connection> {
  const holder = globalThis as Holder;
  holder[key] ??= (env.DATABASE_URL ? openPostgres(env.DATABASE_URL) : openPglite()).catch((error: unknown) => {
    delete holder[key];
    throw error;
  });
  return holder[key];
}

export async function getDb(): Promise<Db> {
  return (await connection()).db;
}

export async function databaseKind(): Promise<Connection["kind"]> {
  return (await connection()).kind;
}

export async function closeDb(): Promise<void> {
  const holder = globalThis as Holder;
  const open = holder[key];
  delete holder[key];
  if (open) await (await open).close();
}
