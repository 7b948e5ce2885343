import "server-only";

/**
 * Runs once when the server starts: a bad environment or a database that can't be migrated
 * stops the process at once, with a message saying what to fix.
 */
export async function checkEnvironment(): Promise<void> {
  try {
    await import("@/lib/server/env");
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
  const { runMigrations } = await import("@/lib/server/db/migrate");
  const { databaseKind } = await import("@/lib/server/db/client");
  try {
    await runMigrations();
    console.log(`Database ready (${await databaseKind()}).`);
  } catch (error) {
    console.error("Database migration failed:", error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
