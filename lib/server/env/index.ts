import "server-only";
import { envSchema, type Env } from "./schema";

export { envSchema, type Env, type TrustedProxies } from "./schema";

/** Parses the environment; throws one error that names every invalid variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `  - ${i.path.join(".")}: ${i.message}`);
  throw new Error(`Invalid environment configuration:\n${problems.join("\n")}\nSee docs/configuration.md.`);
}

export const env: Env = parseEnv(process.env);
