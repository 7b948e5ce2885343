import "server-only";
import ipaddr from "ipaddr.js";
import { z } from "zod";
import { parseModelPrices } from "@/lib/ai/prices";
import { defaultRateLimits } from "@/lib/contracts/limits";
import { routeTemplates } from "@/lib/server/route-table";

// Every variable Draftwise reads, with its documentation beside it: `npm run docs:env` renders
// docs/configuration.md and .env.example from these sections (scripts/generate-env-docs.ts), and
// tests/unit/docs.test.ts fails when a variable has no description or either file is stale.
// In `.meta()`: `description` (Markdown; links relative to docs/), `defaultText` when the
// default is not the schema's own (decided elsewhere, or worth words), `example`, and `secret`
// (left blank, uncommented, in .env.example).

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
    if (!(routeTemplates as readonly string[]).includes(match[1]!)) {
      // Model calls are labelled with their route's template (lib/server/route-table.ts): anything else never matches.
      ctx.addIssue({ code: "custom", message: `"${match[1]}" is not a route template (e.g. /api/outline, /api/templates/[id])` });
      return z.NEVER;
    }
    timeouts[match[1]!] = { firstTokenMs: Number(match[2]), totalMs: Number(match[3]) };
  }
  return timeouts;
});

/** `"gpt-4o-mini=0.15/0.60,…"` → USD per million input/output tokens by model id. */
const modelPrices = optionalString.transform((v, ctx) => {
  const { prices, invalid } = parseModelPrices(v ?? "");
  if (invalid.length) {
    ctx.addIssue({ code: "custom", message: `"${invalid[0]}" is not model=input/output (USD per million tokens, e.g. gpt-4o-mini=0.15/0.60)` });
    return z.NEVER;
  }
  return prices;
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

const providers = {
  OPENAI_API_KEY: optionalString.meta({
    secret: true,
    description: "OpenAI API key. Alone, it selects OpenAI; with `OPENAI_BASE_URL`, it is sent to that server.",
  }),
  OPENAI_BASE_URL: optionalUrl.meta({
    example: "http://127.0.0.1:11434/v1",
    description: "Base URL of any OpenAI-compatible server (`…/v1`): Ollama, vLLM, llama.cpp server, LM Studio. Key optional.",
  }),
  OPENAI_MODEL: optionalString.meta({
    defaultText: "`gpt-4.1-mini` (OpenAI), the first listed model (others)",
    description: "The default model id.",
  }),
  OPENAI_MODELS: list.meta({ description: "Further model ids to offer, comma-separated." }),
  MODEL_PRICES: modelPrices.meta({
    example: "gpt-4o-mini=0.15/0.60,gpt-4.1=2/8",
    description:
      "Model prices in USD per million input/output tokens, `id=input/output` comma-separated. The studio shows what variants may cost " +
      "before asking (in money only when every chosen model has a price); `GET /api/v1/models` lists them as `pricing`.",
  }),
  AZURE_OPENAI_API_KEY: optionalString.meta({
    secret: true,
    description: "Azure OpenAI key; with a resource name or base URL it selects Azure (which takes precedence over every other provider).",
  }),
  AZURE_OPENAI_RESOURCE_NAME: optionalString.meta({ description: "Azure resource name (`https://{name}.openai.azure.com`)." }),
  AZURE_OPENAI_BASE_URL: optionalUrl.meta({ description: "Instead of the resource name: a full base URL (proxies, gateways)." }),
  AZURE_OPENAI_DEPLOYMENT: optionalString.meta({
    defaultText: "`OPENAI_MODEL`",
    description: "The deployment to use as the default model.",
  }),
  AZURE_OPENAI_API_VERSION: optionalString.meta({ defaultText: "`v1`", description: "Azure API version." }),
  OLLAMA_BASE_URL: z.url({ protocol: /^https?$/ }).default("http://127.0.0.1:11434").meta({
    description: "Where to look for a local Ollama when nothing else is configured.",
  }),
  OLLAMA_DETECT: bool(true).meta({
    description: "Set `false` to never probe for Ollama.",
  }),
};

const localModel = {
  LOCAL_MODEL: optionalString.meta({
    example: "qwen2.5-1.5b-instruct",
    description:
      "The embedded model ([Local model](local-model.md)): a GGUF file's path, or a reference `npm run model:pull` downloads into " +
      "`DATA_DIR/models` — a catalog id (`qwen2.5-1.5b-instruct`, `qwen2.5-0.5b-instruct`), `hf:<owner>/<repo>/<file>.gguf`, or an " +
      "`https://…/x.gguf#sha256=<hex>` URL. Unset: a GGUF already in `DATA_DIR/models` is used, and the setup notice offers the default. " +
      "`off`: never use an embedded model. Any provider variable takes precedence.",
  }),
  LOCAL_MODEL_THREADS: int(0, 0, 256).meta({
    defaultText: "`0` (auto)",
    description:
      "CPU threads for the embedded model. Auto: half the logical CPUs (about the physical cores), at least 1, at most 8. More is rarely " +
      "faster: llama.cpp's threads wait for each other at every token, so on a machine that is also serving requests, threads for every " +
      "CPU ran 50–100× slower here than half as many. The model's output for a given seed depends on the thread count.",
  }),
  LOCAL_MODEL_CONTEXT_SIZE: int(4_096, 256, 1_048_576).meta({
    description:
      "Tokens of context per request (prompt plus answer), capped at what the model was trained on. Each sequence reserves memory for it.",
  }),
  LOCAL_MODEL_SEQUENCES: int(2, 1, 64).meta({
    description:
      "Requests the embedded model answers at once (context sequences, which llama.cpp evaluates in one batch; each costs memory for its context).",
  }),
  LOCAL_MODEL_QUEUE: int(16, 0, 10_000).meta({
    description: "Requests that may wait for a free sequence; more get 503 `model_busy` with `Retry-After` at once.",
  }),
  LOCAL_MODEL_QUEUE_TIMEOUT_MS: int(10_000, 0, 600_000).meta({
    description: "A request that waited this long for a free sequence gets 503 `model_busy` with `Retry-After`.",
  }),
  LOCAL_MODEL_GPU: z.enum(["false", "auto", "metal", "cuda", "vulkan"]).default("false").meta({
    description:
      "`false` runs on the CPU. `auto`, `metal`, `cuda` or `vulkan` use a GPU build of llama.cpp (see [GPU](local-model.md#gpu)).",
  }),
  HF_ENDPOINT: z.url({ protocol: /^https?$/ }).default("https://huggingface.co").meta({
    description: "Where `hf:` references (and the catalog) download from: a Hugging Face mirror.",
  }),
};

const modelCalls = {
  MODEL_CONTEXT_WINDOW: int(32_768, 1_024, 10_000_000).meta({
    description: "Context window (tokens) assumed for model ids Draftwise does not know.",
  }),
  MODEL_MAX_OUTPUT_TOKENS: int(4_096, 16, 1_000_000).meta({
    description: "Upper bound for `max_tokens` on model ids Draftwise does not know.",
  }),
  MODEL_FIRST_TOKEN_TIMEOUT_MS: int(30_000, 500, 3_600_000).meta({
    description:
      "Deadline for the first token of each attempt; past it the attempt is aborted and the next model of the fallback chain is tried, " +
      "or the request answers 504 `upstream_timeout`. Does not apply to the embedded model (reading a long prompt on a CPU takes a while " +
      "and is not a hung provider).",
  }),
  MODEL_TIMEOUT_MS: int(120_000, 1_000, 3_600_000).meta({
    description:
      "Deadline for a whole answer, retries and fallbacks included; past it the upstream call is aborted and the request answers 504 " +
      "(before the first token) or the stream ends with an `upstream_timeout` error event. Non-streaming answers are bounded by this one only.",
  }),
  MODEL_ROUTE_TIMEOUTS: routeTimeouts.meta({
    example: "/api/outline=20000/90000,/api/v1/chat/completions=10000/300000",
    description:
      "Per-route deadlines, `route=firstTokenMs/totalMs` comma-separated, e.g. `/api/outline=20000/90000,/api/v1/chat/completions=10000/300000`; " +
      "other routes use the two above. A route is its template as in `lib/server/route-table.ts` (`/api/templates/[id]`; jobs count as `/api/v1/jobs`); another value stops the start.",
  }),
  MODEL_MAX_RETRIES: int(2, 0, 10).meta({
    description: "Retries per model of connection errors, 408, 409, 429 and 5xx — only before the first token.",
  }),
  MODEL_RETRY_BASE_MS: int(500, 0, 60_000).meta({
    description: "Base of the exponential backoff (full jitter: a random wait between 0 and base × 2^attempt).",
  }),
  MODEL_RETRY_MAX_DELAY_MS: int(8_000, 0, 300_000).meta({
    description:
      "Longest wait between attempts; a provider's `Retry-After` / `retry-after-ms` is honoured up to it, and a longer one ends the retries of that model.",
  }),
  MODEL_FALLBACKS: list.meta({
    example: "gpt-4o-mini,fallback:gpt-4.1-mini",
    description:
      "Fallback chain, comma-separated, tried in order when the requested model fails before its first token (after its retries, or at " +
      "once while its breaker is open): model ids of the same provider, or `fallback:<id>` for a model of the `FALLBACK_OPENAI_*` provider " +
      "(which then needs `FALLBACK_OPENAI_BASE_URL`). The answer names the model that answered (`X-Draftwise-Model`, `model`).",
  }),
  FALLBACK_OPENAI_BASE_URL: optionalUrl.meta({
    description:
      "A second OpenAI-compatible provider for `fallback:<id>` entries (e.g. another region, Azure's `/openai/v1`, a local vLLM): its base URL.",
  }),
  FALLBACK_OPENAI_API_KEY: optionalString.meta({
    secret: true,
    description: "The key of the `FALLBACK_OPENAI_BASE_URL` provider.",
  }),
  BREAKER_FAILURE_THRESHOLD: int(5, 1, 1_000).meta({
    description:
      "Failed requests in a row (5xx, connection errors, first-token timeouts — not 4xx or 429) that open the circuit breaker of a provider " +
      "and model. A request counts once however many retries it made.",
  }),
  BREAKER_COOLDOWN_MS: int(30_000, 100, 3_600_000).meta({
    description:
      "How long an open breaker fails fast (503 `model_unavailable` with `Retry-After`, or straight to the fallback) before it lets one probe request through.",
  }),
  STREAM_FLUSH_INTERVAL_MS: int(25, 0, 1_000).meta({
    description:
      "A stream sends at most one chunk per this interval: tokens that arrive faster are sent together. The first text, text after a pause " +
      "and the end go out at once, so time to first token is untouched. It halves the per-token work after the provider on a typical stream " +
      "([bench/README.md](../bench/README.md)); `0` sends every token as it comes.",
  }),
  STREAM_RESUME_GRACE_MS: int(15_000, 100, 600_000).meta({
    description:
      "How long a resumable chat answer goes on with no client attached (a reload, a lost connection) before its model call is aborted and it is stored as stopped.",
  }),
};

const storage = {
  DATA_DIR: z.string().trim().default("./data").meta({
    description:
      "All local state: the embedded database (`DATA_DIR/pglite`), downloaded models (`DATA_DIR/models`) and, without `AUTH_SECRET`, " +
      "the local session secret (`DATA_DIR/auth-secret`, written by `npm start` and `npm run dev`).",
  }),
  DATABASE_URL: optionalString.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()).meta({
    secret: true,
    example: "postgres://draftwise:secret@localhost:5432/draftwise",
    description:
      "`postgres://…`: use this PostgreSQL server instead of the embedded database (Neon and Vercel Postgres URLs work). Needed for more " +
      "than one process: the embedded database allows one process per data folder.",
  }),
  DATABASE_POOL_MAX: int(10, 1, 200).meta({ description: "Connections per server process to `DATABASE_URL`." }),
  REDIS_URL: optionalString.pipe(z.url({ protocol: /^rediss?$/ }).optional()).meta({
    example: "redis://localhost:6379",
    description:
      "`redis://…` / `rediss://…`: keep the limit counters in Redis so every instance shares them (atomic Lua scripts, keys prefixed " +
      "`draftwise:`). Unset: each process counts on its own. Redis unreachable → metered requests answer 503 `limits_unavailable` within " +
      "about a second (they are not let through). Also carries resumable chat answers between instances (pub/sub, keys `draftwise:stream:`), " +
      "and makes jobs go through a BullMQ queue (`JOBS_RUNNER`).",
  }),
};

const accounts = {
  AUTH_SECRET: optionalString.pipe(z.string().min(32, "must be at least 32 characters (openssl rand -base64 32)").optional()).meta({
    secret: true,
    defaultText: "— (required in production)",
    description:
      "Signs and encrypts the session cookie; at least 32 characters: `openssl rand -base64 32`. Without it, `npm run serve` refuses to " +
      "start; `npm start` and `npm run dev` keep a random one in `DATA_DIR/auth-secret`.",
  }),
  AUTH_URL: optionalUrl.meta({
    defaultText: "from the request",
    example: "https://draftwise.example.com",
    description:
      "The app's public URL (read by Auth.js too): sign-in and sign-out redirects go to its origin, and it counts as our own origin for the " +
      "cross-site write check. Unset, redirects go to the address the request came to (its `Host` header), so a LAN address such as " +
      "`http://10.0.0.5:3000` works without it. Set it when a proxy in front does not pass the original host.",
  }),
  AUTH_TRUST_HOST: bool(false).meta({
    description: "`true` behind a proxy that sets `X-Forwarded-Host`: redirects use that header. Unset, it is ignored (anyone can send it).",
  }),
  ADMIN_EMAILS: list.transform((emails) => emails.map((e) => e.toLowerCase())).meta({
    example: "you@example.com",
    description:
      "This server's operators, comma-separated (compared case-insensitively): only they may start or cancel the embedded model's " +
      "download from the setup notice (others get 403 `admin_only`). Unset: any signed-in account may, never a guest.",
  }),
  AUTH_GITHUB_ID: optionalString.meta({
    description: "With `AUTH_GITHUB_SECRET`: \"Continue with GitHub\" (OAuth app callback `…/api/auth/callback/github`).",
  }),
  AUTH_GITHUB_SECRET: optionalString.meta({ secret: true, description: "The GitHub OAuth app's secret (with `AUTH_GITHUB_ID`)." }),
  AUTH_GOOGLE_ID: optionalString.meta({
    description: "With `AUTH_GOOGLE_SECRET`: \"Continue with Google\" (callback `…/api/auth/callback/google`).",
  }),
  AUTH_GOOGLE_SECRET: optionalString.meta({ secret: true, description: "The Google OAuth client's secret (with `AUTH_GOOGLE_ID`)." }),
  AUTH_MAX_FAILURES_PER_ACCOUNT: int(5, 1, 1_000).meta({
    description:
      "Failed sign-ins on one account from one address (or one known device) before that address waits: 15 s, doubling with each further " +
      "failure (429 with `Retry-After`). From all addresses together, four times this slows unknown devices; the owner's known devices " +
      "(a browser that signed in before) are never slowed by others' failures.",
  }),
  AUTH_MAX_FAILURES_PER_IP: int(20, 1, 100_000).meta({
    description: "Failed sign-ins (and refused sign-ups) from one address within the window before 429.",
  }),
  AUTH_FAILURE_WINDOW_SECONDS: int(900, 1, 86_400).meta({
    description: "The sliding window of these counts, and the longest wait.",
  }),
  GUESTS_PER_IP_PER_HOUR: int(60, 1, 1_000_000).meta({ description: "Guest accounts one address may create per hour." }),
  GUESTS_PER_HOUR: int(500, 1, 10_000_000).meta({
    description:
      "Guest accounts the whole server creates per hour, from all addresses together (all instances together with `REDIS_URL`); past it, visitors are sent to sign in.",
  }),
  GUEST_RATE_LIMIT_TPM: int(20_000, 1, 1_000_000_000).meta({
    description: "A guest's tokens per minute (accounts get `RATE_LIMIT_TPM`): an anonymous visitor can't spend what an account can.",
  }),
  GUEST_TOKENS_PER_DAY: int(100_000, 1, 1_000_000_000).meta({
    description: "A guest's tokens per day, all requests together; past it, 429 `rate_limited` (`param: \"tpd\"`) asks them to create an account.",
  }),
};

const quotas = {
  DOCUMENT_MAX_CHARS: int(500_000, 1_000, 10_000_000).meta({
    description: "Longest document (plain text) a save accepts; longer → 413 `document_too_large`.",
  }),
  DOCUMENTS_PER_USER: int(1_000, 1, 1_000_000).meta({
    description: "Documents per account, trash included; more → 403 `document_limit_reached`.",
  }),
  STORAGE_QUOTA_BYTES_PER_USER: int(200_000_000, 10_000, 1_000_000_000_000).meta({
    description:
      "Bytes an account may store: its documents (trash included) with their outlines and style guides, their versions, its chat messages " +
      "and its default style guide, as PostgreSQL stores them (after " +
      "compression). A write that would pass it → 413 `storage_quota_exceeded`; a save that doesn't grow its document, and deleting, still work.",
  }),
  STORAGE_QUOTA_BYTES_PER_GUEST: int(20_000_000, 10_000, 1_000_000_000_000).meta({
    description: "The same for guest accounts (made by a first visit, without signing up).",
  }),
  AUTOSAVE_VERSIONS_PER_DOCUMENT: int(50, 1, 10_000).meta({
    description:
      "Automatic versions (\"Autosave\") kept per document; older ones are deleted as new ones are taken. Labelled versions (AI edits, " +
      "restores, merges, named) are always kept, and so is the autosave of the state each of them replaced.",
  }),
  API_KEYS_PER_USER: int(25, 1, 10_000).meta({
    description: "Active (not revoked, not expired) API keys per account; more → 403 `limit_reached`.",
  }),
  CONVERSATIONS_PER_USER: int(500, 1, 1_000_000).meta({ description: "Conversations per account; more → 403 `limit_reached`." }),
};

const rateLimits = {
  RATE_LIMIT_RPM: int(defaultRateLimits.rpm, 1, 10_000_000).meta({
    description:
      "Requests per minute, per user (every request that calls a model or a metered `/api/v1` route) and per API key. A key's own `rpm` " +
      "replaces this for that key's scope; the user's scope still applies. See [Rate limits and budgets](api.md#rate-limits-and-budgets).",
  }),
  RATE_LIMIT_RPH: int(defaultRateLimits.rph, 1, 100_000_000).meta({
    description: "Requests per hour, per user and per key (a key can set its own `rph`).",
  }),
  RATE_LIMIT_TPM: int(defaultRateLimits.tpm, 1, 1_000_000_000).meta({
    description:
      "Tokens per minute, per user and per key: a call reserves its estimate (prompt characters / 4 + `max_tokens`, or 512 without it), " +
      "and its real usage replaces the estimate when it ends.",
  }),
  RATE_LIMIT_CONCURRENT: int(defaultRateLimits.concurrent, 1, 10_000).meta({
    description:
      "Model calls in flight at once, per user and per key. A streamed answer holds its slot until its generation ends — for a resumable " +
      "chat answer that can be after its client dropped; any other call until its response body has been sent, has failed or was cancelled.",
  }),
  WRITE_RATE_LIMIT_RPM: int(120, 1, 10_000_000).meta({
    description:
      "Writes per minute per user, counted apart from `RATE_LIMIT_RPM`: saves, restores, creating, trashing and deleting documents, " +
      "conversations and API keys, account changes, webhook secret and test. More → 429 `rate_limited` (`param: writes`) with " +
      "`Retry-After`; the studio's autosave waits that long and saves again.",
  }),
  API_KEY_CACHE_TTL_MS: int(5_000, 0, 300_000).meta({
    description:
      "How long a verified API key and its owner are trusted without reading the database again (the only database read on a model " +
      "call's path). Revoking a key takes effect at once on the instance that revokes it; on other instances (several servers sharing " +
      "PostgreSQL, or `npm run api-key revoke` against it) within this time. `0` turns the cache off.",
  }),
};

const jobs = {
  JOBS_RUNNER: z.enum(["process", "redis", "after"]).optional().meta({
    defaultText: "`redis` with `REDIS_URL`, `after` on Vercel, else `process`",
    description:
      "Where jobs run: this server (`process`, `JOBS_CONCURRENCY` at once), a BullMQ queue worked by `npm run worker` processes and, with " +
      "`JOBS_IN_APP_WORKER`, this server (`redis`; needs `REDIS_URL`), or each in its submission's `after()` with `GET /api/cron/jobs` " +
      "sweeping up (`after`, for serverless). See [Where jobs run](jobs-and-webhooks.md#where-jobs-run).",
  }),
  JOBS_CONCURRENCY: int(2, 1, 64).meta({
    description:
      "Jobs (`POST /api/v1/jobs`) one server process or `npm run worker` process runs at once; the rest wait, the user with the fewest " +
      "jobs running first, then the oldest job.",
  }),
  JOBS_RUNNING_PER_USER: int(0, 0, 10_000).meta({
    description:
      "Jobs of one user running at once, across every runner; their other jobs wait while other users' run. `0`: `JOBS_CONCURRENCY` − 1 " +
      "(at least 1), so a lane stays free for someone else.",
  }),
  JOBS_QUEUED_PER_USER: int(100, 1, 1_000_000).meta({
    description: "Jobs one user may have waiting; another submission → 429 `rate_limited` (`param: queued_jobs`) with `Retry-After`.",
  }),
  JOBS_MAX_ATTEMPTS: int(2, 1, 10).meta({
    description:
      "Runs a job gets when its process dies under it (each restart takes it up again); after that it fails with `job_interrupted`.",
  }),
  JOBS_LEASE_MS: int(30_000, 1_000, 600_000).meta({
    description:
      "A running job's lease, renewed every third of it. A job whose lease has run out (its process died) is taken over by recovery, which " +
      "runs at start and every half lease.",
  }),
  JOBS_IN_APP_WORKER: bool(true).meta({
    description: "With `JOBS_RUNNER=redis`: this server works the queue too. `false` leaves jobs to `npm run worker`.",
  }),
  CRON_SECRET: optionalString.meta({
    secret: true,
    description:
      "Bearer token `GET /api/cron/jobs` requires (Vercel Cron sends it as `Authorization: Bearer …`). Unset: the route answers 404; a wrong one gets 401.",
  }),
  WEBHOOK_ALLOW_PRIVATE: bool(false).meta({
    description:
      "`true` lets webhook URLs reach private, loopback and link-local addresses (receivers on your own network). See " +
      "[Webhook URLs](jobs-and-webhooks.md#webhook-urls).",
  }),
  WEBHOOK_RETRY_DELAYS_MS: list
    .pipe(z.array(z.string().regex(/^\d+$/, "delays are whole milliseconds").transform(Number)).max(20))
    .transform((delays) => (delays.length ? delays : [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]))
    .meta({
      description:
        "Waits before each retry of a failed delivery, in ms, comma-separated (at most 20; the default is Standard Webhooks' schedule: 5 s, " +
        "5 min, 30 min, 2 h, 5 h, 10 h, 10 h); when they run out the delivery is `failed`.",
    }),
  WEBHOOK_TIMEOUT_MS: int(15_000, 100, 120_000).meta({
    description: "How long one delivery attempt waits for an answer; one without an answer by then counts as failed.",
  }),
  WEBHOOK_DNS_SERVERS: list.meta({
    defaultText: "system resolver",
    example: "1.1.1.1,8.8.8.8:53",
    description: "`host[:port]` list of DNS servers that resolve webhook hosts (for example a public resolver, so internal names don't resolve).",
  }),
};

const http = {
  TRUSTED_PROXIES: trustedProxies.meta({
    defaultText: "— (none)",
    example: "loopback",
    description:
      "Who may name the client in `X-Forwarded-For` ([Proxies and client addresses](operations.md#proxies-and-client-addresses)): unset " +
      "(or `none`, `0`), the connection's own address is the client; a hop count (`1` on Vercel or behind one nginx; at most 32); or " +
      "addresses and CIDR ranges (`loopback`, `private`, `10.0.0.0/8`). `X-Real-IP` and `Forwarded` are never read.",
  }),
  CORS_ORIGINS: list.meta({
    example: "https://app.example.com",
    description: "Comma-separated origins allowed to call `/api/v1` from a browser (`*` for any). Unset: no cross-origin access.",
  }),
  SHUTDOWN_TIMEOUT_MS: int(25_000, 0, 3_600_000).meta({
    description:
      "After SIGTERM, how long running streams may go on before they are ended with a `server_draining` error event and the process exits.",
  }),
};

const observability = {
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info").meta({
    description:
      "Level of the JSON logs on stdout: `fatal`, `error`, `warn`, `info`, `debug`, `trace` or `silent` ([Logs](operations.md#logs)).",
  }),
  METRICS_TOKEN: optionalString.meta({
    secret: true,
    description:
      "When set, `GET /api/metrics` needs `Authorization: Bearer <METRICS_TOKEN>` (401 otherwise). Unset: the metrics are open — keep " +
      "the route off the public internet then.",
  }),
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalUrl.meta({
    example: "http://collector:4318",
    description:
      "An OTLP/HTTP receiver (`http://collector:4318`): traces are exported (protobuf, to `…/v1/traces`) only when it is set. The " +
      "standard `OTEL_EXPORTER_OTLP_HEADERS`, `OTEL_EXPORTER_OTLP_PROTOCOL` (`http/json`), `OTEL_TRACES_SAMPLER(_ARG)` and `OTEL_BSP_*` " +
      "variables apply (read by the OpenTelemetry SDK itself).",
  }),
  OTEL_SERVICE_NAME: z.string().trim().default("draftwise").meta({ description: "`service.name` of the exported traces." }),
};

const platform = {
  NODE_ENV: z.enum(["development", "production", "test"]).default("development").meta({
    description: "Set by Next (`production` under `next start` and `next build`); production requires `AUTH_SECRET`.",
  }),
  NEXT_PHASE: optionalString.meta({
    description: "Set by Next itself; during `next build` (`phase-production-build`) runtime secrets are not required.",
  }),
  VERCEL: optionalString.meta({
    description: "Set by Vercel on its deployments; makes `after` the default `JOBS_RUNNER` and the platform edge the client's address.",
  }),
  PORT: optionalString.meta({
    defaultText: "`3000`",
    description: "Read by Next, not by Draftwise: the port of `npm start`, `npm run serve`, `next start` and the standalone server.",
  }),
  HOSTNAME: optionalString.meta({
    defaultText: "`0.0.0.0` (standalone server)",
    description:
      "Read by Next's standalone server (`deploy/Dockerfile`): the address it listens on. Docker sets it to the container's name, so the image sets `0.0.0.0`.",
  }),
  NEXT_MANUAL_SIG_HANDLE: optionalString.meta({
    defaultText: "`true` under `npm start`, `npm run serve` and the image",
    description:
      "Read by Next: `true` leaves SIGTERM to Draftwise, which drains (see [Graceful shutdown](operations.md#graceful-shutdown)). " +
      "Under plain `next start` without it, Next stops accepting connections at once and exits when the running requests end.",
  }),
  NEXT_DIST_DIR: optionalString.meta({
    defaultText: "`.next`",
    description: "Read by `next.config.mjs` at build and start: the build folder (the API tests build into their own while a browser-test build exists).",
  }),
  NEXT_OUTPUT: optionalString.pipe(z.enum(["standalone"]).optional()).meta({
    description:
      "Read by `next.config.mjs` at build: `standalone` builds Next's self-contained server (`.next/standalone`), as `deploy/Dockerfile` " +
      "does. Unset, the ordinary build that `npm start` and `npm run serve` use.",
  }),
  NEXT_TELEMETRY_DISABLED: optionalString.meta({
    description: "Read by Next: `1` turns off Next's anonymous telemetry (the image and `npm test` set it).",
  }),
  BENCH_ROUTES: bool(false).meta({
    description:
      "Benchmark only (`npm run bench` sets it): enables `POST /api/bench/passthrough`, a bare unauthenticated pass-through to " +
      "`OPENAI_BASE_URL`. Never set it in production; unset, the route answers 404.",
  }),
};

/** The sections of docs/configuration.md and .env.example, in order. */
export const envSections = [
  {
    id: "model-providers",
    title: "Model providers",
    intro:
      "Provider order: Azure (if configured) → `OPENAI_BASE_URL` → `OPENAI_API_KEY` → the embedded model, if its file is there → a " +
      "local Ollama that answers on `OLLAMA_BASE_URL` (checked lazily, cached) → none: generation answers 503 `model_not_configured` and " +
      "the studio shows a setup notice. All providers are used through the AI SDK with the OpenAI **Chat Completions** protocol, so " +
      "every compatible server works.",
    variables: providers,
  },
  {
    id: "embedded-model",
    title: "Embedded model",
    intro: "A model that runs inside the server process when no provider is configured; see [Local model](local-model.md).",
    variables: localModel,
  },
  {
    id: "model-calls",
    title: "Model calls: deadlines, retries, fallbacks, streams",
    intro: "How every model call behaves; see [Resilience](operations.md#resilience).",
    variables: modelCalls,
  },
  {
    id: "database-and-redis",
    title: "Database and Redis",
    intro: "See [Database and memory](operations.md#database-and-memory) and [Scaling out](operations.md#scaling-out-with-postgresql-and-redis).",
    variables: storage,
  },
  {
    id: "accounts-and-sign-in",
    title: "Accounts and sign-in",
    intro: "Sessions, sign-in providers, failed sign-ins and guest accounts.",
    variables: accounts,
  },
  {
    id: "quotas",
    title: "Quotas per account",
    intro: "What one account may keep.",
    variables: quotas,
  },
  {
    id: "rate-limits",
    title: "Rate limits",
    intro: "Defaults for every account and API key; see [Rate limits and budgets](api.md#rate-limits-and-budgets).",
    variables: rateLimits,
  },
  {
    id: "jobs-and-webhooks",
    title: "Jobs and webhooks",
    intro: "See [Jobs and webhooks](jobs-and-webhooks.md).",
    variables: jobs,
  },
  {
    id: "http",
    title: "HTTP: proxies, CORS, shutdown",
    intro: "See [Operations](operations.md).",
    variables: http,
  },
  {
    id: "observability",
    title: "Observability",
    intro: "See [Observability](operations.md#observability).",
    variables: observability,
  },
  {
    id: "platform-and-build",
    title: "Set by the platform or the build",
    intro: "Mostly set for you; listed so that every variable the app reads is documented.",
    variables: platform,
  },
] as const;

export const envSchema = z
  .object({
    ...providers,
    ...localModel,
    ...modelCalls,
    ...storage,
    ...accounts,
    ...quotas,
    ...rateLimits,
    ...jobs,
    ...http,
    ...observability,
    ...platform,
  })
  .superRefine((value, ctx) => {
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
