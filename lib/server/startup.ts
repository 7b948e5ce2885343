import "server-only";

/**
 * Runs once when the server starts: a bad environment or a database that can't be migrated
 * stops the process at once, with a message saying what to fix.
 */
export async function checkEnvironment(): Promise<void> {
  try {
    await import("@/lib/server/env");
  } catch (error) {
    // Not the logger: it reads its level from the environment that just failed to parse.
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
  const { runMigrations } = await import("@/lib/server/db/migrate");
  const { databaseKind } = await import("@/lib/server/db/client");
  const { logger } = await import("@/lib/server/log");
  try {
    await runMigrations();
    logger.info({ database: await databaseKind() }, "startup: database ready");
  } catch (error) {
    logger.fatal({ err: error }, "startup: database migration failed");
    // The logger writes asynchronously: the line must be out before the process ends.
    logger.flush(() => process.exit(1));
  }
}
