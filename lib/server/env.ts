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
  /** Set by Next itself; `next build` must not need runtime secrets. */
  NEXT_PHASE: optionalString,

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

  DATA_DIR: z.string().trim().default("./data"),
  DATABASE_URL: optionalString.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  DATABASE_POOL_MAX: int(10, 1, 200),

  AUTH_SECRET: optionalString.pipe(z.string().min(32, "must be at least 32 characters (openssl rand -base64 32)").optional()),
  AUTH_GITHUB_ID: optionalString,
  AUTH_GITHUB_SECRET: optionalString,
  AUTH_GOOGLE_ID: optionalString,
  AUTH_GOOGLE_SECRET: optionalString,
  AUTH_MAX_FAILURES_PER_ACCOUNT: int(5, 1, 1_000),
  AUTH_MAX_FAILURES_PER_IP: int(20, 1, 100_000),
  AUTH_FAILURE_WINDOW_SECONDS: int(900, 1, 86_400),
  GUESTS_PER_IP_PER_HOUR: int(60, 1, 1_000_000),

  DOCUMENT_MAX_CHARS: int(500_000, 1_000, 10_000_000),
  DOCUMENTS_PER_USER: int(1_000, 1, 1_000_000),

  /** Shared limit counters across instances; in-process counters without it. */
  REDIS_URL: optionalString.pipe(z.url({ protocol: /^rediss?$/ }).optional()),
  RATE_LIMIT_RPM: int(60, 1, 10_000_000),
  RATE_LIMIT_RPH: int(1_000, 1, 100_000_000),
  RATE_LIMIT_TPM: int(200_000, 1, 1_000_000_000),
  RATE_LIMIT_CONCURRENT: int(4, 1, 10_000),
  /** Origins allowed to call /api/v1 from a browser: a comma-separated list, or `*`. */
  CORS_ORIGINS: list,
}).superRefine((value, ctx) => {
  if (value.NODE_ENV === "production" && value.NEXT_PHASE !== "phase-production-build" && !value.AUTH_SECRET) {
    ctx.addIssue({
      code: "custom",
      path: ["AUTH_SECRET"],
      message: "is required in production: it signs session cookies. Generate one with `openssl rand -base64 32`",
    });
  }
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
