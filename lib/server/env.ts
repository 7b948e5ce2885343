import "server-only";
import ipaddr from "ipaddr.js";
import { z } from "zod";
import { defaultRateLimits } from "@/lib/contracts/limits";

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

const timeoutPair = /^(\/[\w/.[\]-]*)=(\d+)\/(\d+)$/;
/** `"/api/outline=20000/90000,/api/v1/chat=10000/60000"` → per-route first-token and total deadlines. */
const routeTimeouts = optionalString.transform((v, ctx) => {
  const timeouts: Record<string, { firstTokenMs: number; totalMs: number }> = {};
  for (const entry of v ? v.split(",").map((s) => s.trim()).filter(Boolean) : []) {
    const match = timeoutPair.exec(entry);
    if (!match) {
      ctx.addIssue({ code: "custom", message: `"${entry}" is not route=firstTokenMs/totalMs (e.g. /api/outline=20000/90000)` });
      return z.NEVER;
    }
    timeouts[match[1]!] = { firstTokenMs: Number(match[2]), totalMs: Number(match[3]) };
  }
  return timeouts;
});

/** Which proxies in front of the app may name the client (lib/server/client-address.ts). */
export type TrustedProxies = { hops: number } | { ranges: string[] };

/** `""`/`none`: no proxy; `2`: the last two hops; `loopback,private,203.0.113.0/24,10.0.0.7`: those addresses. */
const trustedProxies = optionalString.transform((v, ctx): TrustedProxies => {
  if (!v || v === "none" || v === "0") return { hops: 0 };
  if (/^\d+$/.test(v)) return { hops: Math.min(Number(v), 32) };
  const ranges = v.split(",").map((s) => s.trim()).filter(Boolean);
  for (const range of ranges) {
    if (range === "loopback" || range === "private") continue;
    if (!(range.includes("/") ? ipaddr.isValidCIDR(range) : ipaddr.isValid(range))) {
      ctx.addIssue({ code: "custom", message: `"${range}" is not a hop count, an address, a CIDR range, loopback or private` });
      return z.NEVER;
    }
  }
  return { ranges };
});

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

  /**
   * The embedded model (README → Local model): a GGUF file's path, or a reference that
   * `npm run model:pull` downloads into DATA_DIR/models (a catalog id such as
   * `qwen2.5-1.5b-instruct`, `hf:<owner>/<repo>/<file>.gguf`, or an http(s) URL with
   * `#sha256=<hex>`). Unset: a GGUF already in DATA_DIR/models is used, and the setup notice
   * offers the default model. `off`: never use an embedded model.
   */
  LOCAL_MODEL: optionalString,
  /** CPU threads for the embedded model; 0: half the logical CPUs (about the physical cores), 1–8. */
  LOCAL_MODEL_THREADS: int(0, 0, 256),
  /** Tokens of context per request (capped at what the model was trained on). */
  LOCAL_MODEL_CONTEXT_SIZE: int(4_096, 256, 1_048_576),
  /** Requests the embedded model answers at once (context sequences: each costs memory for its context). */
  LOCAL_MODEL_SEQUENCES: int(2, 1, 64),
  /** Requests that may wait for a free sequence; more get 503 model_busy at once. */
  LOCAL_MODEL_QUEUE: int(16, 0, 10_000),
  /** A request that waited this long for a free sequence gets 503 model_busy with Retry-After. */
  LOCAL_MODEL_QUEUE_TIMEOUT_MS: int(10_000, 0, 600_000),
  /** `false` (CPU, the default), `auto`, `metal`, `cuda` or `vulkan` (README → Local model → GPU). */
  LOCAL_MODEL_GPU: z.enum(["false", "auto", "metal", "cuda", "vulkan"]).default("false"),
  /** Where `hf:` model references download from (a Hugging Face mirror). */
  HF_ENDPOINT: z.url({ protocol: /^https?$/ }).default("https://huggingface.co"),

  MODEL_CONTEXT_WINDOW: int(32_768, 1_024, 10_000_000),
  MODEL_MAX_OUTPUT_TOKENS: int(4_096, 16, 1_000_000),
  MODEL_TIMEOUT_MS: int(120_000, 1_000, 3_600_000),
  MODEL_FIRST_TOKEN_TIMEOUT_MS: int(30_000, 500, 3_600_000),
  MODEL_MAX_RETRIES: int(2, 0, 10),
  MODEL_RETRY_BASE_MS: int(500, 0, 60_000),
  MODEL_RETRY_MAX_DELAY_MS: int(8_000, 0, 300_000),
  /** Per-route deadlines, `route=firstTokenMs/totalMs` comma-separated; other routes use the two above. */
  MODEL_ROUTE_TIMEOUTS: routeTimeouts,
  /** Models tried in order when the requested one fails before its first token; `fallback:<id>` names a model of the FALLBACK_OPENAI_* provider. */
  MODEL_FALLBACKS: list,
  FALLBACK_OPENAI_BASE_URL: optionalUrl,
  FALLBACK_OPENAI_API_KEY: optionalString,
  BREAKER_FAILURE_THRESHOLD: int(5, 1, 1_000),
  BREAKER_COOLDOWN_MS: int(30_000, 100, 3_600_000),
  /** After SIGTERM: how long in-flight streams may run before they are ended and the process exits. */
  SHUTDOWN_TIMEOUT_MS: int(25_000, 0, 3_600_000),

  DATA_DIR: z.string().trim().default("./data"),
  DATABASE_URL: optionalString.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  DATABASE_POOL_MAX: int(10, 1, 200),

  AUTH_SECRET: optionalString.pipe(z.string().min(32, "must be at least 32 characters (openssl rand -base64 32)").optional()),
  /**
   * The app's public URL (read by Auth.js too): sign-in and sign-out redirects go to its origin,
   * and it counts as our own origin for the cross-site write check. Unset: the address the
   * request came to (its Host header).
   */
  AUTH_URL: optionalUrl,
  /** Behind a proxy that sets X-Forwarded-Host: trust it for redirects. Unset, that header is ignored. */
  AUTH_TRUST_HOST: bool(false),
  /**
   * Emails of this server's operators (comma-separated): only they may start or cancel the
   * embedded model's download. Unset: any signed-in account may, never a guest.
   */
  ADMIN_EMAILS: list.transform((emails) => emails.map((e) => e.toLowerCase())),
  AUTH_GITHUB_ID: optionalString,
  AUTH_GITHUB_SECRET: optionalString,
  AUTH_GOOGLE_ID: optionalString,
  AUTH_GOOGLE_SECRET: optionalString,
  AUTH_MAX_FAILURES_PER_ACCOUNT: int(5, 1, 1_000),
  AUTH_MAX_FAILURES_PER_IP: int(20, 1, 100_000),
  AUTH_FAILURE_WINDOW_SECONDS: int(900, 1, 86_400),
  GUESTS_PER_IP_PER_HOUR: int(60, 1, 1_000_000),
  /** Guest accounts the whole server creates per hour, from all addresses together; past it, visitors are sent to sign in. */
  GUESTS_PER_HOUR: int(500, 1, 10_000_000),
  /** A guest's tokens per minute (accounts get RATE_LIMIT_TPM): an anonymous visitor can't spend what an account can. */
  GUEST_RATE_LIMIT_TPM: int(20_000, 1, 1_000_000_000),
  /** A guest's tokens per day, all requests together. */
  GUEST_TOKENS_PER_DAY: int(100_000, 1, 1_000_000_000),
  /**
   * Proxies allowed to name the client in X-Forwarded-For (README → Proxies and client addresses): unset, the
   * connection's address is the client; a hop count (`1` on Vercel or behind one nginx); or
   * addresses and CIDR ranges (`loopback`, `private`, `10.0.0.0/8`). X-Real-IP and Forwarded are never read.
   */
  TRUSTED_PROXIES: trustedProxies,

  DOCUMENT_MAX_CHARS: int(500_000, 1_000, 10_000_000),
  DOCUMENTS_PER_USER: int(1_000, 1, 1_000_000),
  /** Bytes an account may store: documents (trash included), their versions and chat messages; more → 413 storage_quota_exceeded. */
  STORAGE_QUOTA_BYTES_PER_USER: int(200_000_000, 10_000, 1_000_000_000_000),
  /** The same for guest accounts (made by a first visit, without signing up). */
  STORAGE_QUOTA_BYTES_PER_GUEST: int(20_000_000, 10_000, 1_000_000_000_000),
  /** Automatic versions ("Autosave") kept per document; older ones are deleted. Labelled versions (AI edits, restores, merges, named) are always kept. */
  AUTOSAVE_VERSIONS_PER_DOCUMENT: int(50, 1, 10_000),
  /** Active (not revoked, not expired) API keys per account; more → 403 limit_reached. */
  API_KEYS_PER_USER: int(25, 1, 10_000),
  /** Conversations per account; more → 403 limit_reached. */
  CONVERSATIONS_PER_USER: int(500, 1, 1_000_000),

  /** Shared limit counters across instances; in-process counters without it. */
  REDIS_URL: optionalString.pipe(z.url({ protocol: /^rediss?$/ }).optional()),
  RATE_LIMIT_RPM: int(defaultRateLimits.rpm, 1, 10_000_000),
  RATE_LIMIT_RPH: int(defaultRateLimits.rph, 1, 100_000_000),
  RATE_LIMIT_TPM: int(defaultRateLimits.tpm, 1, 1_000_000_000),
  RATE_LIMIT_CONCURRENT: int(defaultRateLimits.concurrent, 1, 10_000),
  /** Writes (saves, restores, creating or deleting documents, conversations, keys, account changes, webhook secret/test) per user per minute; more → 429. */
  WRITE_RATE_LIMIT_RPM: int(120, 1, 10_000_000),
  /**
   * How long a verified API key (and its owner) is trusted without reading the database again.
   * Revoking on this instance takes effect at once; elsewhere within this time. 0: never cached.
   */
  API_KEY_CACHE_TTL_MS: int(5_000, 0, 300_000),
  /**
   * A stream sends at most one chunk per this interval (the first text, a write after a pause
   * and the end go out at once): tokens that arrive faster are sent together. 0: every turn.
   */
  STREAM_FLUSH_INTERVAL_MS: int(25, 0, 1_000),
  /** Jobs (POST /api/v1/jobs) this process runs at once. */
  JOBS_CONCURRENCY: int(2, 1, 64),
  /** Jobs one user may have queued; another submission → 429 rate_limited. */
  JOBS_QUEUED_PER_USER: int(100, 1, 1_000_000),
  /**
   * Jobs of one user running at once, across every runner; the user's other jobs wait while
   * other users' run. 0: JOBS_CONCURRENCY − 1 (at least 1), so one lane stays free for others.
   */
  JOBS_RUNNING_PER_USER: int(0, 0, 10_000),
  /** Runs a job gets when its process dies under it (each restart takes it up again); then it fails. */
  JOBS_MAX_ATTEMPTS: int(2, 1, 10),
  /** A running job's lease: renewed every third of it; a job whose lease ran out is taken over. */
  JOBS_LEASE_MS: int(30_000, 1_000, 600_000),
  /**
   * Where jobs run: `process` (this server, JOBS_CONCURRENCY at once), `redis` (a BullMQ queue
   * worked by `npm run worker` processes and, with JOBS_IN_APP_WORKER, this server) or `after`
   * (serverless: each job runs in its submission's `after()`, GET /api/cron/jobs sweeps up).
   * Unset: `redis` with REDIS_URL, `after` on Vercel, else `process`.
   */
  JOBS_RUNNER: z.enum(["process", "redis", "after"]).optional(),
  /** With JOBS_RUNNER=redis: this server works the queue too. false leaves jobs to `npm run worker`. */
  JOBS_IN_APP_WORKER: bool(true),
  /** Set by Vercel on its deployments. */
  VERCEL: optionalString,
  /** Vercel Cron sends it as `Authorization: Bearer …`; GET /api/cron/jobs refuses calls without it. */
  CRON_SECRET: optionalString,
  /** Webhooks (README → Jobs and webhooks). Lets webhook URLs reach private, loopback and link-local addresses. */
  WEBHOOK_ALLOW_PRIVATE: bool(false),
  /** Waits before each retry of a failed delivery, in ms (Standard Webhooks' schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h). */
  WEBHOOK_RETRY_DELAYS_MS: list.pipe(z.array(z.string().regex(/^\d+$/, "delays are whole milliseconds").transform(Number)).max(20)).transform((delays) =>
    delays.length ? delays : [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000],
  ),
  /** A delivery attempt that has no answer after this long counts as failed. */
  WEBHOOK_TIMEOUT_MS: int(15_000, 100, 120_000),
  /** DNS servers (`host` or `host:port`) that resolve webhook hosts; unset: the system resolver. */
  WEBHOOK_DNS_SERVERS: list,
  /** A resumable chat answer with no client attached (reload, lost connection) runs on this long, then is aborted. */
  STREAM_RESUME_GRACE_MS: int(15_000, 100, 600_000),
  /** Origins allowed to call /api/v1 from a browser: a comma-separated list, or `*`. */
  CORS_ORIGINS: list,

  /** Observability (README → Observability). */
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** When set, GET /api/metrics needs `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: optionalString,
  /** OTLP/HTTP receiver (`http://collector:4318`); traces are exported only when it is set. */
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalUrl,
  OTEL_SERVICE_NAME: z.string().trim().default("draftwise"),
  /** Benchmark only: enables /api/bench/* (a bare pass-through route). Never set it in production. */
  BENCH_ROUTES: bool(false),
}).superRefine((value, ctx) => {
  if (value.JOBS_RUNNER === "redis" && !value.REDIS_URL) {
    ctx.addIssue({ code: "custom", path: ["JOBS_RUNNER"], message: "is redis, which needs REDIS_URL" });
  }
  if (value.MODEL_FALLBACKS.some((m) => m.startsWith("fallback:")) && !value.FALLBACK_OPENAI_BASE_URL) {
    ctx.addIssue({ code: "custom", path: ["MODEL_FALLBACKS"], message: "names fallback:<id> models, which need FALLBACK_OPENAI_BASE_URL" });
  }
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
