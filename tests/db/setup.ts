import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";

// Runs before each test file imports the app's modules, which read the environment once.
if (process.env.TEST_DATABASE_URL) {
  const { Client } = await import("pg");
  const name = `draftwise_db_${Math.random().toString(36).slice(2, 12)}`;
  const client = new Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  const url = new URL(process.env.TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
} else {
  delete process.env.DATABASE_URL;
  process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), "draftwise-db-"));
}

beforeAll(async () => {
  const { runMigrations } = await import("@/lib/server/db/migrate");
  await runMigrations();
});

afterAll(async () => {
  const { closeDb } = await import("@/lib/server/db/client");
  await closeDb();
});
