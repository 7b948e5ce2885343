/**
 * The load generator: open-loop arrivals (a request every 1000/R ms from a precomputed
 * timeline, never waiting for earlier answers) and closed-loop saturation, over undici pools
 * (pipelining 1, enough connections that no request queues behind another). Bodies are read
 * as they stream; the first-token time is when the first bytes carrying answer text arrive.
 */
import { performance } from "node:perf_hooks";
import { Pool } from "undici";
import { arrivalSchedule } from "./stats.ts";

export type Workload = "realistic" | "fast" | "slow";

/** Directives for the scripted upstream (tests/fixtures/fake-upstream/directives.ts). */
export const workloadDirectives: Record<Workload, string> = {
  realistic: "[[tokens=50]] [[delay=20]]",
  fast: "[[tokens=20]] [[delay=0]]",
  slow: "[[tokens=50]] [[delay=1000]]",
};

export type TargetId = "direct" | "passthrough" | "chat" | "v1-chat" | "v1-completions";

export interface TargetSpec {
  id: TargetId;
  label: string;
  /** Which pool the request goes to. */
  origin: "upstream" | "app";
  path: string;
  headers: Record<string, string>;
  body(prompt: string, stream: boolean): string;
  /** Matches the first bytes that carry answer text (the first-token definition of the route). */
  firstToken: RegExp;
}

/** `"content":"` followed by anything but the closing quote: a non-empty content delta. */
const contentDelta = /"content":"[^"]/;
/** An AI SDK UI message stream text part. */
const uiTextDelta = /"type":"text-delta"/;

export function targetSpecs(opts: { apiKey: string; model: string }): Record<TargetId, TargetSpec> {
  const json = { "content-type": "application/json" };
  const auth = { ...json, authorization: `Bearer ${opts.apiKey}` };
  const openai = (prompt: string, stream: boolean) =>
    JSON.stringify({ model: opts.model, messages: [{ role: "user", content: prompt }], stream });
  return {
    direct: {
      id: "direct",
      label: "upstream, direct",
      origin: "upstream",
      path: "/v1/chat/completions",
      headers: json,
      body: openai,
      firstToken: contentDelta,
    },
    passthrough: {
      id: "passthrough",
      label: "pass-through route",
      origin: "app",
      path: "/api/bench/passthrough",
      headers: json,
      body: openai,
      firstToken: contentDelta,
    },
    chat: {
      id: "chat",
      label: "/api/chat (UI stream)",
      origin: "app",
      path: "/api/chat",
      headers: auth,
      body: (prompt) =>
        JSON.stringify({
          id: `bench-${Math.random().toString(36).slice(2, 12)}`,
          messages: [{ id: "m1", role: "user", parts: [{ type: "text", text: prompt }] }],
          trigger: "submit-message",
        }),
      firstToken: uiTextDelta,
    },
    "v1-chat": {
      id: "v1-chat",
      label: "/api/v1/chat (SSE)",
      origin: "app",
      path: "/api/v1/chat",
      headers: auth,
      body: (prompt, stream) => JSON.stringify({ messages: [{ role: "user", content: prompt }], stream }),
      firstToken: contentDelta,
    },
    "v1-completions": {
      id: "v1-completions",
      label: "/api/v1/chat/completions",
      origin: "app",
      path: "/api/v1/chat/completions",
      headers: auth,
      body: openai,
      firstToken: contentDelta,
    },
  };
}

export interface Sample {
  /** Scheduled start, ms from the start of the run. */
  at: number;
  /** How late the request was actually sent (generator lag), ms. */
  lag: number;
  /** From the scheduled start to the first answer bytes; NaN if none came. */
  ttft: number;
  /** From the scheduled start to the end of the body; NaN on error. */
  total: number;
  status: number;
  error?: string;
}

export interface Pools {
  upstream: Pool;
  app: Pool;
  close(): Promise<void>;
}

export function createPools(upstreamOrigin: string, appOrigin: string, connections: number): Pools {
  const options = { connections, pipelining: 1, headersTimeout: 120_000, bodyTimeout: 120_000, keepAliveTimeout: 4_000 };
  const upstream = new Pool(upstreamOrigin, options);
  const app = new Pool(appOrigin, options);
  return {
    upstream,
    app,
    async close() {
      await Promise.all([upstream.destroy(), app.destroy()]);
    },
  };
}

let sequence = 0;
/** A fresh prompt per request: no two requests are alike, as with real users. */
export function freshPrompt(workload: Workload): string {
  sequence += 1;
  return `Bench request ${sequence}-${Math.random().toString(36).slice(2, 8)}: write a few words about the sea. ${workloadDirectives[workload]}`;
}

export interface RequestOptions {
  stream: boolean;
  workload: Workload;
  signal?: AbortSignal;
  /** Called once the first answer bytes arrived (the memory phase waits for them). */
  onFirstToken?: () => void;
}

/**
 * Sends one request at `startedAt` (performance.now() of its scheduled start) and reads the body
 * as it streams. Streams must end with `data: [DONE]` and carry no error event to count as good.
 */
export function sendOne(pools: Pools, target: TargetSpec, startedAt: number, opts: RequestOptions): Promise<Omit<Sample, "at" | "lag">> {
  const pool = target.origin === "upstream" ? pools.upstream : pools.app;
  const body = target.body(freshPrompt(opts.workload), opts.stream);
  return new Promise((resolve) => {
    let status = 0;
    let ttft = Number.NaN;
    let tail = "";
    let settled = false;
    const finish = (error?: string) => {
      if (settled) return;
      settled = true;
      const total = performance.now() - startedAt;
      resolve(error ? { ttft, total: Number.NaN, status, error } : { ttft, total, status });
    };
    pool
      .request({ path: target.path, method: "POST", headers: target.headers, body, signal: opts.signal })
      .then((res) => {
        status = res.statusCode;
        res.body.on("data", (chunk: Buffer) => {
          const text = chunk.toString("latin1");
          if (Number.isNaN(ttft)) {
            const window = tail + text;
            if (!opts.stream || target.firstToken.test(window)) {
              ttft = performance.now() - startedAt;
              opts.onFirstToken?.();
            }
          }
          tail = (tail + text).slice(-512);
        });
        res.body.on("error", (error: Error) => finish(error.name === "AbortError" ? "aborted" : `body: ${error.message}`));
        res.body.on("end", () => {
          if (status !== 200) return finish(`status ${status}: ${tail.slice(0, 200)}`);
          if (Number.isNaN(ttft)) return finish("no answer text");
          if (opts.stream) {
            if (!tail.includes("[DONE]")) return finish("stream ended without [DONE]");
            if (/"type":"error"|"error":\{/.test(tail)) return finish("error event in the stream");
          }
          finish();
        });
      })
      .catch((error: Error) => finish(error.name === "AbortError" ? "aborted" : `request: ${error.message}`));
  });
}

export interface OpenLoopOptions {
  workload: Workload;
  rate: number;
  /** Arrivals in the first warmupMs keep running but are left out of the samples. */
  warmupMs: number;
  durationMs: number;
  /** After the last arrival, how long to wait for answers before aborting the rest. */
  drainMs: number;
}

export interface OpenLoopResult {
  samples: Sample[];
  /** Wall time from the first arrival to the last answer, ms. */
  elapsedMs: number;
}

/** Open-loop load: arrivals from a precomputed timeline, each independent of the others. */
export async function openLoop(pools: Pools, target: TargetSpec, opts: OpenLoopOptions): Promise<OpenLoopResult> {
  const offsets = arrivalSchedule(opts.rate, opts.warmupMs + opts.durationMs);
  const abort = new AbortController();
  const pending: Array<Promise<Sample>> = [];
  const t0 = performance.now() + 20;
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (next < offsets.length && t0 + offsets[next]! <= now) {
        const at = offsets[next]!;
        const scheduled = t0 + at;
        const lag = performance.now() - scheduled;
        pending.push(sendOne(pools, target, scheduled, { stream: true, workload: opts.workload, signal: abort.signal }).then((r) => ({ at, lag, ...r })));
        next += 1;
      }
      if (next >= offsets.length) return resolve();
      setTimeout(tick, Math.max(0, t0 + offsets[next]! - performance.now()));
    };
    setTimeout(tick, Math.max(0, t0 - performance.now()));
  });
  const timer = setTimeout(() => abort.abort(), opts.drainMs);
  const all = await Promise.all(pending);
  clearTimeout(timer);
  return { samples: all.filter((s) => s.at >= opts.warmupMs), elapsedMs: performance.now() - t0 };
}

export interface ClosedLoopOptions {
  workload: Workload;
  stream: boolean;
  concurrency: number;
  warmupMs: number;
  durationMs: number;
}

export interface ClosedLoopResult {
  /** Requests completed without error inside the measured window, per second. */
  perSecond: number;
  completed: number;
  errors: number;
  firstError?: string;
  ttft: number[];
  total: number[];
}

/** Saturation: `concurrency` requests in flight at all times, each replaced as soon as it ends. */
export async function closedLoop(pools: Pools, target: TargetSpec, opts: ClosedLoopOptions): Promise<ClosedLoopResult> {
  const start = performance.now();
  const measureFrom = start + opts.warmupMs;
  const end = measureFrom + opts.durationMs;
  const result: ClosedLoopResult = { perSecond: 0, completed: 0, errors: 0, ttft: [], total: [] };
  const worker = async () => {
    while (performance.now() < end) {
      const began = performance.now();
      const r = await sendOne(pools, target, began, { stream: opts.stream, workload: opts.workload });
      const done = performance.now();
      // Throughput counts completions inside the window, whenever they started.
      if (done < measureFrom || done > end) continue;
      if (r.error) {
        result.errors += 1;
        result.firstError ??= r.error;
      } else {
        result.completed += 1;
        result.ttft.push(r.ttft);
        result.total.push(r.total);
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  result.perSecond = result.completed / (opts.durationMs / 1000);
  return result;
}
