import "server-only";

/** Parses the environment at start, so a bad deploy stops at once with a message naming each variable. */
export async function checkEnvironment(): Promise<void> {
  try {
    await import("@/lib/server/env");
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
