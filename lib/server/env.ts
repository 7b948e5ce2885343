import "server-only";
import { z } from "zod";

const optionalString = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));
const optionalUrl = optionalString.pipe(z.url({ protocol: /^https?$/ }).optional());
const int = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);
const bool = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0", ""])
    .optional()
    .transform((v) => (v === undefined || v === "" ? fallback : v === "true" || v === "1"));
const list = optionalString.transform((v) =>
  v ? v.split(",").map((s) => s.trim()).filter(Boolean) : [],
);

/** Every environment variable Draftwise reads. Documented in README.md → Configuration. */
export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),

  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalUrl,
  OPENAI_MODEL: optionalString,
  OPENAI_MODELS: list,

  AZURE_OPENAI_API_KEY: optionalString,
  AZURE_OPENAI_RESOURCE_NAME: optionalString,
  AZURE_OPENAI_BASE_URL: optionalUrl,
  AZURE_OPENAI_DEPLOYMENT: optionalString,
  AZURE_OPENAI_API_VERSION: optionalString,

  OLLAMA_BASE_URL: z.url({ protocol: /^https?$/ }).default("http://127.0.0.1:11434"),
  OLLAMA_DETECT: bool(true),

  MODEL_CONTEXT_WINDOW: int(32_768, 1_024, 10_000_000),
  MODEL_MAX_OUTPUT_TOKENS: int(4_096, 16, 1_000_000),
  MODEL_TIMEOUT_MS: int(120_000, 1_000, 3_600_000),
  MODEL_FIRST_TOKEN_TIMEOUT_MS: int(30_000, 500, 3_600_000),
  MODEL_MAX_RETRIES: int(2, 0, 10),
  MODEL_RETRY_BASE_MS: int(500, 0, 60_000),
  MODEL_RETRY_MAX_DELAY_MS: int(8_000, 0, 300_000),
});

export type Env = z.infer<typeof envSchema>;

/** Parses the environment; throws one error that names every invalid variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `  - ${i.path.join(".")}: ${i.message}`);
  throw new Error(`Invalid environment configuration:\n${problems.join("\n")}\nSee README.md → Configuration.`);
}

export const env: Env = parseEnv(process.env);
