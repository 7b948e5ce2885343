/** Parses the environment when the server starts, so a bad deploy fails at once with a clear message. */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    await import("@/lib/server/env");
  }
}
