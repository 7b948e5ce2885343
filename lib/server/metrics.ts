import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { env } from "@/lib/server/env";

/**
 * Prometheus metrics of this process, served by GET /api/metrics (docs/operations.md#metrics).
 * Every family is prefixed `draftwise_`. Route labels are route templates (`/api/documents/[id]`),
 * never raw URLs. The hot path calls these once per request or stream, never per chunk; label
 * children are cached so a call is a map lookup and an increment.
 */

/** 5 ms … 60 s: from a cached answer to a long generation. */
const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60];

const breakerValue = { closed: 0, open: 1, half_open: 2 } as const;
type BreakerState = keyof typeof breakerValue;

/** Distinct label sets kept per family before new ones are folded into `other` (a cardinality guard). */
const MAX_CHILDREN = 2_000;

function createState() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "draftwise_" });
  const registers = [registry];
  const state = {
    registry,
    activeTotal: 0,
    children: new Map<string, unknown>(),
    httpRequests: new Counter({
      name: "draftwise_http_requests_total",
      help: "HTTP requests answered, by route template, method and status.",
      labelNames: ["route", "method", "status"] as const,
      registers,
    }),
    httpDuration: new Histogram({
      name: "draftwise_http_request_duration_seconds",
      help: "Time until the response (for a stream: until its headers), by route template, method and status.",
      labelNames: ["route", "method", "status"] as const,
      buckets: latencyBuckets,
      registers,
    }),
    firstToken: new Histogram({
      name: "draftwise_time_to_first_token_seconds",
      help: "Time from the request to the first token sent to the client, by route template and model.",
      labelNames: ["route", "model"] as const,
      buckets: latencyBuckets,
      registers,
    }),
    modelCalls: new Counter({
      name: "draftwise_model_calls_total",
      help: "Model calls (after retries and fallbacks), by provider, model and outcome (ok, error, aborted).",
      labelNames: ["provider", "model", "outcome"] as const,
      registers,
    }),
    modelDuration: new Histogram({
      name: "draftwise_model_call_duration_seconds",
      help: "Duration of model calls, retries included, by provider, model and outcome.",
      labelNames: ["provider", "model", "outcome"] as const,
      buckets: latencyBuckets,
      registers,
    }),
    tokens: new Counter({
      name: "draftwise_model_tokens_total",
      help: "Tokens in and out, by provider, model and direction (input, output).",
      labelNames: ["provider", "model", "direction"] as const,
      registers,
    }),
    retries: new Counter({
      name: "draftwise_model_retries_total",
      help: "Retried model call attempts, by provider and model.",
      labelNames: ["provider", "model"] as const,
      registers,
    }),
    fallbacks: new Counter({
      name: "draftwise_model_fallbacks_total",
      help: "Answers given by a fallback model, by the model that failed and the one that answered.",
      labelNames: ["from", "to"] as const,
      registers,
    }),
    breaker: new Gauge({
      name: "draftwise_breaker_state",
      help: "Circuit breaker state per provider and model: 0 closed, 1 open, 2 half-open.",
      labelNames: ["provider", "model"] as const,
      registers,
    }),
    breakerStates: new Gauge({
      name: "draftwise_breaker_states",
      help: "Circuit breaker state as a state set: 1 for the current state, 0 for the others.",
      labelNames: ["provider", "model", "state"] as const,
      registers,
    }),
    activeStreams: new Gauge({
      name: "draftwise_active_streams",
      help: "Streams being sent right now, by route template.",
      labelNames: ["route"] as const,
      registers,
    }),
    rateLimited: new Counter({
      name: "draftwise_rate_limited_total",
      help: "Requests refused with 429 by the rate limiter, by scope (user, key, ip) and limit (rpm, rph, tpm, concurrent, …).",
      labelNames: ["scope", "limit"] as const,
      registers,
    }),
  };
  return state;
}

type State = ReturnType<typeof createState>;

// Next may evaluate this module once per bundle; one registry per process.
const holder = globalThis as typeof globalThis & { draftwiseMetrics?: State };
const state: State = (holder.draftwiseMetrics ??= createState());

/** The cached label child of a family for one label set. */
function child<T>(family: string, values: readonly (string | number)[], make: (values: string[]) => T): T {
  const key = `${family}\u0000${values.join("\u0000")}`;
  let found = state.children.get(key) as T | undefined;
  if (found === undefined) {
    const labels = values.map(String);
    if (state.children.size >= MAX_CHILDREN) return make(labels.map(() => "other"));
    found = make(labels);
    state.children.set(key, found);
  }
  return found;
}

function nonNegative(n: number): number {
  return Number.isFinite(n) && n > 0 ? n : 0;
}

export const metrics = {
  httpRequest(x: { route: string; method: string; status: number; seconds: number }): void {
    const c = child("http", [x.route, x.method, x.status], (l) => ({
      count: state.httpRequests.labels(...(l as [string, string, string])),
      time: state.httpDuration.labels(...(l as [string, string, string])),
    }));
    c.count.inc();
    c.time.observe(nonNegative(x.seconds));
  },

  firstToken(x: { route: string; model: string; seconds: number }): void {
    child("ttft", [x.route, x.model], (l) => state.firstToken.labels(...(l as [string, string]))).observe(
      nonNegative(x.seconds),
    );
  },

  modelCall(x: { provider: string; model: string; outcome: string; seconds: number; inputTokens: number; outputTokens: number }): void {
    const c = child("model", [x.provider, x.model, x.outcome], (l) => ({
      count: state.modelCalls.labels(...(l as [string, string, string])),
      time: state.modelDuration.labels(...(l as [string, string, string])),
      input: state.tokens.labels(l[0]!, l[1]!, "input"),
      output: state.tokens.labels(l[0]!, l[1]!, "output"),
    }));
    c.count.inc();
    c.time.observe(nonNegative(x.seconds));
    if (x.inputTokens > 0) c.input.inc(x.inputTokens);
    if (x.outputTokens > 0) c.output.inc(x.outputTokens);
  },

  retry(x: { provider: string; model: string }): void {
    child("retry", [x.provider, x.model], (l) => state.retries.labels(...(l as [string, string]))).inc();
  },

  fallback(x: { from: string; to: string }): void {
    child("fallback", [x.from, x.to], (l) => state.fallbacks.labels(...(l as [string, string]))).inc();
  },

  breakerState(x: { provider: string; model: string; state: BreakerState }): void {
    state.breaker.labels(x.provider, x.model).set(breakerValue[x.state]);
    for (const name of Object.keys(breakerValue) as BreakerState[]) {
      state.breakerStates.labels(x.provider, x.model, name).set(name === x.state ? 1 : 0);
    }
  },

  streamOpened(route: string): void {
    state.activeTotal++;
    child("streams", [route], (l) => state.activeStreams.labels(l[0]!)).inc();
  },

  streamClosed(route: string): void {
    state.activeTotal = Math.max(0, state.activeTotal - 1);
    child("streams", [route], (l) => state.activeStreams.labels(l[0]!)).dec();
  },

  /** Streams open right now, every route together (for /api/status). */
  activeStreams(): number {
    return state.activeTotal;
  },

  rateLimited(x: { scope: string; limit: string }): void {
    child("limited", [x.scope, x.limit], (l) => state.rateLimited.labels(...(l as [string, string]))).inc();
  },
};

/** The whole registry in the Prometheus text format. */
export async function metricsText(): Promise<{ contentType: string; body: string }> {
  return { contentType: state.registry.contentType, body: await state.registry.metrics() };
}

const digest = (text: string) => createHash("sha256").update(text).digest();

/**
 * Whether an Authorization header may read the metrics: always without METRICS_TOKEN, otherwise
 * only `Bearer <METRICS_TOKEN>`, compared in constant time (digests of equal length).
 */
export function authorizeMetrics(authorization: string | null, token: string | undefined = env.METRICS_TOKEN): boolean {
  if (!token) return true;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  const given = match?.[1] ?? "";
  return timingSafeEqual(digest(given), digest(token)) && given.length > 0;
}

