import "server-only";
import path from "node:path";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { env } from "@/lib/server/env";
import { getDb } from "./client";

/** The SQL files drizzle-kit generated; shipped with the app (next.config.mjs traces them). */
export const migrationsFolder = path.join(process.cwd(), "lib/server/db/migrations");

/** Applies pending migrations; runs on every start and from `npm run db:migrate`. */
export async function runMigrations(): Promise<void> {
  if (env.DATABASE_URL) return migratePostgres(env.DATABASE_URL);
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  await migrate((await getDb()) as unknown as PgliteDatabase, { migrationsFolder });
}

/** Several instances may start at once: an advisory lock lets one migrate while the others wait. */
async function migratePostgres(url: string): Promise<void> {
  const { Client } = await import("pg");
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const { migrate } = await import("drizzle-orm/node-postgres/migrator");
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock(hashtext('draftwise:migrations'))");
    await migrate(drizzle(client), { migrationsFolder });
  } finally {
    await client.query("select pg_advisory_unlock(hashtext('draftwise:migrations'))").catch(() => {});
    await client.end();
  }
}
