// The environment of a command-line script: `.env*` files loaded as Next loads them, then the
// app's one validated `env`. An invalid variable ends the script with zod's message naming it.
import nextEnv from "@next/env";
import type { Env } from "@/lib/server/env";

nextEnv.loadEnvConfig(process.cwd());

export async function scriptEnv(): Promise<Env> {
  try {
    return (await import("@/lib/server/env")).env;
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
