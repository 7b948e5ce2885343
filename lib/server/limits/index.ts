import "server-only";
import type { RateLimits } from "@/lib/contracts/limits";
import { AppError } from "@/lib/errors";
import type { CallOutcome } from "@/lib/server/ai/client";
import { keyBudget, type BudgetState } from "@/lib/server/api-keys";
import type { ApiKeyRow } from "@/lib/server/db/queries/api-keys";
import { env } from "@/lib/server/env";
import { logger } from "@/lib/server/log";
import { redisClient } from "@/lib/server/redis";
import type { Caller } from "@/lib/server/usage";
import { withBodySettled, withHeaders } from "./body";
import { limitHeaders, type BudgetReport, type LimitName, type LimitReport, type LimitScope } from "./headers";
import { MemoryStore } from "./memory-store";
import { RedisStore } from "./redis-store";
import type { AcquireResult, LeaseRef, LeaseSpec, LimitStore, WindowRef, WindowSpec } from "./store";
import { metrics } from "@/lib/server/metrics";
import { generationEnded } from "@/lib/server/delivery/stream";

const minuteMs = 60_000;
const hourMs = 3_600_000;
const dayMs = 86_400_000;
/** A crashed instance's slots and reservations free up at most this long after its last renewal. */
const leaseMs = 60_000;
const renewEveryMs = 20_000;
/** Seconds a client should wait when the limits can't be checked (Redis unreachable). */
const unavailableRetryAfter = 5;
/** A slot frees when some stream ends, which can't be known in advance. */
const concurrentRetryAfter = 1;

const globalForLimits = globalThis as typeof globalThis & { draftwiseLimitStore?: LimitStore };

/** Redis with REDIS_URL (limits shared by every instance), else this process's memory. */
function limitStore(): LimitStore {
  if (!globalForLimits.draftwiseLimitStore) {
    const redis = redisClient();
    globalForLimits.draftwiseLimitStore = redis ? new RedisStore(redis) : new MemoryStore();
  }
  return globalForLimits.draftwiseLimitStore;
}

interface Scope {
  kind: LimitScope;
  id: string;
  /** `tpd` (tokens a day) only for guests. */
  limits: Record<Exclude<LimitName, "tpd">, number> & { tpd?: number };
}

/** The operator's rate limits (RATE_LIMIT_*): what a user, and a key without limits of its own, gets. */
export function configuredRateLimits(): RateLimits {
  return { rpm: env.RATE_LIMIT_RPM, rph: env.RATE_LIMIT_RPH, tpm: env.RATE_LIMIT_TPM, concurrent: env.RATE_LIMIT_CONCURRENT };
}

/** The key's own limits (where it overrides the operator's defaults), then the user's; guests get smaller token allowances. */
function scopesOf(caller: Caller): Scope[] {
  const guest = caller.user.isGuest;
  const configured = configuredRateLimits();
  const defaults = { ...configured, tpm: guest ? Math.min(env.GUEST_RATE_LIMIT_TPM, configured.tpm) : configured.tpm };
  const user: Scope = { kind: "user", id: caller.user.id, limits: guest ? { ...defaults, tpd: env.GUEST_TOKENS_PER_DAY } : defaults };
  if (!caller.apiKey) return [user];
  const own = caller.apiKey.limits;
  const key: Scope = {
    kind: "key",
    id: caller.apiKey.id,
    limits: {
      rpm: own.rpm ?? defaults.rpm,
      rph: own.rph ?? defaults.rph,
      tpm: own.tpm ?? defaults.tpm,
      concurrent: own.concurrent ?? defaults.concurrent,
    },
  };
  return [key, user];
}

interface WindowLimit {
  scope: Scope;
  name: Exclude<LimitName, "concurrent">;
  spec: WindowSpec;
}

interface Budget {
  period: "daily" | "monthly";
  state: BudgetState;
  spec: LeaseSpec;
}

/** Everything one request is checked against and charged to. */
interface Plan {
  windows: WindowLimit[];
  slots: Array<{ scope: Scope; spec: LeaseSpec }>;
  budgets: Budget[];
  estimatedTokens: number;
}

async function budgetsOf(key: ApiKeyRow, estimatedTokens: number): Promise<Budget[]> {
  if (key.limits.daily_tokens === undefined && key.limits.monthly_tokens === undefined) return [];
  const states = await keyBudget(key);
  return (["daily", "monthly"] as const).flatMap((period) => {
    const state = states[period];
    if (!state) return [];
    return [{ period, state, spec: { key: `budget:${key.id}:${period}`, limit: state.limit, base: state.used, cost: estimatedTokens } }];
  });
}

/** `calls`: how many model calls the request makes (variants): each counts as a request and its estimate. */
async function planFor(caller: Caller, estimatedTokens: number, model: boolean, requests: boolean, calls = 1): Promise<Plan> {
  const scopes = scopesOf(caller);
  const window = (scope: Scope, name: WindowLimit["name"], windowMs: number, cost: number, enforce: boolean): WindowLimit => ({
    scope,
    name,
    spec: { key: `rl:${scope.kind}:${scope.id}:${name}`, limit: scope.limits[name] ?? 0, windowMs, cost, enforce },
  });
  return {
    windows: scopes.flatMap((scope) => [
      // A job's run was counted as a request when the job was submitted: its call only reports them.
      window(scope, "rpm", minuteMs, requests ? calls : 0, requests),
      window(scope, "rph", hourMs, requests ? calls : 0, requests),
      // Without a model call tokens are only reported.
      window(scope, "tpm", minuteMs, model ? estimatedTokens : 0, model),
      ...(scope.limits.tpd === undefined ? [] : [window(scope, "tpd", dayMs, model ? estimatedTokens : 0, model)]),
    ]),
    slots: model
      ? scopes.map((scope) => ({ scope, spec: { key: `rl:${scope.kind}:${scope.id}:concurrent`, limit: scope.limits.concurrent, base: 0, cost: 1 } }))
      : [],
    budgets: model && caller.apiKey ? await budgetsOf(caller.apiKey, estimatedTokens) : [],
    estimatedTokens,
  };
}

function headersFor(plan: Plan, result: AcquireResult): Record<string, string> {
  const reports: LimitReport[] = plan.windows.map((w, i) => {
    const state = result.windows[i]!;
    return {
      scope: w.scope.kind,
      name: w.name,
      limit: w.spec.limit,
      remaining: w.spec.limit - state.count,
      windowSeconds: w.spec.windowMs / 1000,
      resetMs: state.start + w.spec.windowMs - result.now,
    };
  });
  plan.slots.forEach((slot, j) => {
    reports.push({ scope: slot.scope.kind, name: "concurrent", limit: slot.spec.limit, remaining: slot.spec.limit - result.leases[j]! });
  });
  const budgets: BudgetReport[] = plan.budgets.map((b, k) => ({
    period: b.period,
    limit: b.state.limit,
    remaining: b.state.limit - b.state.used - result.leases[plan.slots.length + k]!,
    resetMs: Date.parse(b.state.resets_at) - Date.now(),
  }));
  return limitHeaders(reports, budgets);
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;
const whose = (scope: Scope) => (scope.kind === "key" ? "this API key" : "your account");
const per: Record<WindowLimit["name"], string> = { rpm: "minute", rph: "hour", tpm: "minute", tpd: "day" };

/** The 429 for the limit that refused, naming it; its headers say where every limit stands. */
function refusal(plan: Plan, result: AcquireResult, headers: Record<string, string>): AppError {
  const error = describeRefusal(plan, result, headers);
  metrics.rateLimited({ scope: error.code === "insufficient_quota" ? "key" : refusedScope(plan, result), limit: error.param ?? "unknown" });
  return error;
}

function refusedScope(plan: Plan, result: AcquireResult): string {
  const refused = result.refused!;
  if (refused.kind === "window") return plan.windows[refused.index]!.scope.kind;
  return refused.index < plan.slots.length ? plan.slots[refused.index]!.scope.kind : "key";
}

function describeRefusal(plan: Plan, result: AcquireResult, headers: Record<string, string>): AppError {
  const refused = result.refused!;
  if (refused.kind === "window") {
    const { scope, name, spec } = plan.windows[refused.index]!;
    const state = result.windows[refused.index]!;
    const retryAfter = Math.max(1, Math.ceil((state.start + spec.windowMs - result.now) / 1000));
    const tokens = name === "tpm" || name === "tpd";
    const limit = `${count(spec.limit, tokens ? "token" : "request")} per ${per[name]}`;
    const message =
      tokens && spec.cost > spec.limit
        ? `This request may use up to ${spec.cost} tokens, more than the limit of ${limit} for ${whose(scope)}. Lower max_tokens or shorten the input.`
        : `Rate limit reached: ${limit} for ${whose(scope)}${tokens ? ` (this request may use up to ${spec.cost})` : ""}. Retry after ${retryAfter} s.` +
          (name === "tpd" ? " Guests get fewer tokens: create an account for more." : "");
    return new AppError("rate_limited", message, { param: name, retryAfter, headers });
  }
  if (refused.index < plan.slots.length) {
    const { scope, spec } = plan.slots[refused.index]!;
    const message = `Rate limit reached: ${count(spec.limit, "concurrent stream")} for ${whose(scope)}. Retry when one of them has finished.`;
    return new AppError("rate_limited", message, { param: "concurrent", retryAfter: concurrentRetryAfter, headers });
  }
  const budget = plan.budgets[refused.index - plan.slots.length]!;
  const inFlight = result.leases[refused.index]!;
  const retryAfter = Math.max(1, Math.ceil((Date.parse(budget.state.resets_at) - Date.now()) / 1000));
  const message =
    `Token budget reached: this API key's ${budget.period} budget is ${budget.state.limit} tokens, ${budget.state.used} are used` +
    `${inFlight ? ` and ${inFlight} reserved by calls in progress` : ""}, and this request may use up to ${budget.spec.cost}. ` +
    `It resets at ${budget.state.resets_at}.`;
  return new AppError("insufficient_quota", message, { param: `${budget.period}_tokens`, retryAfter, headers });
}

let lastOutageLog = 0;

async function acquire(store: LimitStore, id: string, windows: WindowSpec[], leases: LeaseSpec[] = []): Promise<AcquireResult> {
  try {
    return await store.acquire({ id, leaseMs, windows, leases });
  } catch (error) {
    // Fail closed, and quickly; one log line per minute is enough during an outage.
    if (Date.now() - lastOutageLog > 60_000) {
      lastOutageLog = Date.now();
      logger.error({ err: error }, "limits: the store is unreachable; rate limits can't be checked");
    }
    throw new AppError("limits_unavailable", undefined, { retryAfter: unavailableRetryAfter, cause: error });
  }
}

const background = (work: Promise<void>) =>
  void work.catch((error: unknown) => logger.error({ err: error }, "limits: updating rate limits failed"));

/**
 * What a granted model call holds: its token estimate in the TPM windows (corrected by the
 * real usage), its concurrency slots (until its generation or response body ends) and its budget
 * reservations (until its usage is recorded).
 */
class Hold {
  private slots: LeaseRef[];
  private budgets: LeaseRef[];
  private readonly renewal?: NodeJS.Timeout;

  constructor(
    private readonly store: LimitStore,
    private readonly id: string,
    private readonly estimatedTokens: number,
    private readonly tokenWindows: WindowRef[],
    plan: Plan,
    /** The request's model calls (variants): each settles once, replacing its share of the estimate. */
    private unsettledCalls = 1,
  ) {
    this.slots = plan.slots.map((s) => s.spec);
    this.budgets = plan.budgets.map((b) => b.spec);
    if (this.slots.length + this.budgets.length > 0) {
      // No model call outlives MODEL_TIMEOUT_MS: past it, a body nobody reads or cancels stops holding its slot.
      const renewUntil = Date.now() + env.MODEL_TIMEOUT_MS + minuteMs;
      this.renewal = setInterval(() => {
        if (Date.now() > renewUntil) clearInterval(this.renewal);
        else background(this.store.renew(this.id, [...this.slots, ...this.budgets], leaseMs));
      }, renewEveryMs);
      this.renewal.unref();
    }
  }

  /**
   * A model call settled: its real tokens replace its estimate (a call beyond the planned ones, such
   * as drafting's summaries, only adds); once every call has, the budgets see them in usage_records.
   */
  usage(outcome: CallOutcome) {
    const actual = outcome.inputTokens + outcome.outputTokens;
    const delta = this.unsettledCalls > 0 ? actual - this.estimatedTokens : actual;
    this.unsettledCalls = Math.max(0, this.unsettledCalls - 1);
    for (const window of this.tokenWindows) background(this.store.adjust(window, delta));
    if (this.unsettledCalls === 0) this.releaseBudgets();
  }

  /** The response body is done (sent, failed or cancelled). */
  end() {
    clearInterval(this.renewal);
    const slots = this.slots;
    this.slots = [];
    if (slots.length) background(this.store.release(this.id, slots));
  }

  /** `run` threw: nothing streams; a call that never reached the model costs no tokens. */
  abandon() {
    if (this.unsettledCalls > 0) {
      const unused = this.estimatedTokens * this.unsettledCalls;
      this.unsettledCalls = 0;
      for (const window of this.tokenWindows) background(this.store.adjust(window, -unused));
    }
    this.releaseBudgets();
    this.end();
  }

  private releaseBudgets() {
    const budgets = this.budgets;
    this.budgets = [];
    if (budgets.length) background(this.store.release(this.id, budgets));
  }
}

/**
 * The limits gate every metered route goes through. Checks and charges, atomically, the
 * caller's requests per minute and hour, and for a model call (`model: true`) its tokens per
 * minute (the estimate, corrected by the real usage), a concurrency slot (held until the
 * generation, or the response body, ends) and the key's token budgets (estimate reserved until the usage is
 * recorded). Per user always, and per API key when the request has one. Over a limit: 429
 * naming it; the store unreachable: 503. The response carries the limit headers. A request of
 * `calls` model calls (variants) counts as that many requests and estimates, in one slot.
 */
export async function withLimits(
  caller: Caller,
  input: { estimatedTokens: number; model: boolean; requests?: boolean; calls?: number },
  run: (caller: Caller) => Promise<Response>,
): Promise<Response> {
  const store = limitStore();
  const estimatedTokens = input.model ? Math.max(0, Math.ceil(input.estimatedTokens)) : 0;
  const calls = Math.max(1, input.calls ?? 1);
  const plan = await planFor(caller, estimatedTokens * calls, input.model, input.requests ?? true, calls);
  const id = crypto.randomUUID();
  const result = await acquire(
    store,
    id,
    plan.windows.map((w) => w.spec),
    [...plan.slots.map((s) => s.spec), ...plan.budgets.map((b) => b.spec)],
  );
  const headers = headersFor(plan, result);
  if (result.refused) throw refusal(plan, result, headers);
  if (!input.model) return withHeaders(await run(caller), headers);

  const tokenWindows = plan.windows.flatMap((w, i) =>
    w.name === "tpm" || w.name === "tpd" ? [{ key: w.spec.key, start: result.windows[i]!.start, windowMs: w.spec.windowMs }] : [],
  );
  const hold = new Hold(store, id, estimatedTokens, tokenWindows, plan, calls);
  const metered: Caller = {
    ...caller,
    onUsage: (outcome) => {
      caller.onUsage?.(outcome);
      hold.usage(outcome);
    },
  };
  let response: Response;
  try {
    response = await run(metered);
  } catch (error) {
    hold.abandon();
    throw error;
  }
  // A streamed answer holds its slot until its generation ends (a resumable one outlives its
  // first client); anything else until its body has been sent.
  const ended = generationEnded(response);
  if (!ended) return withBodySettled(response, headers, () => hold.end());
  void ended.finally(() => hold.end());
  // Set in place: a stream we constructed has mutable headers, and re-wrapping costs a Response.
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

/**
 * Counts one event in each window, all or none (the store is shared by every instance with
 * REDIS_URL): seconds until the first full window resets, 0 when counted. Fails closed (503).
 */
export async function countAgainst(windows: Array<{ key: string; limit: number; windowMs: number }>): Promise<number> {
  const specs = windows.map((w) => ({ ...w, cost: 1, enforce: true }));
  const result = await acquire(limitStore(), crypto.randomUUID(), specs);
  if (!result.refused) return 0;
  const state = result.windows[result.refused.index]!;
  return Math.max(1, Math.ceil((state.start + specs[result.refused.index]!.windowMs - result.now) / 1000));
}

/** For routes without a model call (model lists, template lists): counts the request in the request windows only. */
export function withRequestLimits(caller: Caller, run: (caller: Caller) => Promise<Response>): Promise<Response> {
  return withLimits(caller, { estimatedTokens: 0, model: false }, run);
}

/**
 * The per-user cap on writes (saves, restores, creating and deleting things), WRITE_RATE_LIMIT_RPM
 * a minute, counted apart from the request limits so that autosaves don't use up model calls.
 * Over it: 429 with Retry-After.
 */
export async function limitWrites(user: { id: string }): Promise<void> {
  const limit = env.WRITE_RATE_LIMIT_RPM;
  const retryAfter = await countAgainst([{ key: `rl:user:${user.id}:writes`, limit, windowMs: minuteMs }]);
  if (retryAfter === 0) return;
  metrics.rateLimited({ scope: "user", limit: "writes" });
  throw new AppError("rate_limited", `Too many changes: ${count(limit, "write")} per minute for your account. Retry after ${retryAfter} s.`, {
    param: "writes",
    retryAfter,
  });
}

/** Tokens a request may use, before the call: its prompt (about 4 characters a token) plus max_tokens. */
export function estimateRequestTokens(body: unknown, maxTokens: number | undefined): number {
  return Math.ceil(JSON.stringify(body).length / 4) + (maxTokens ?? 512);
}
