// `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded
// database in DATA_DIR. The app does the same at start; this is for deploy pipelines.
import nextEnv from "@next/env";
nextEnv.loadEnvConfig(process.cwd());

const { runMigrations } = await import("@/lib/server/db/migrate");
const { closeDb, databaseKind } = await import("@/lib/server/db/client");
try {
  await runMigrations();
  console.log(`Migrations applied (${await databaseKind()}).`);
} catch (error) {
  console.error("Migration failed:", error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await closeDb();
}
