/**
 * The embedded model's section: a second app from the same production build with no provider
 * configured and LOCAL_MODEL set (a generated random-weight model unless BENCH_LOCAL_MODEL names
 * a real GGUF), measured through HTTP on streaming /api/v1/chat/completions: the cold start,
 * then `concurrency` streams at a time (1 is the single-request series).
 */
import { mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Pool } from "undici";
import { writeTinyModel } from "../../tests/fixtures/gguf/write-model.ts";
import { createApiKey, groupRss, localAppEnvironment, startApp, type App } from "./procs.ts";
import type { LocalLevel, LocalResult, SectionRunner } from "./report.ts";
import { aggregateTokenRate, streamTokenRate, summarize } from "./stats.ts";

export interface LocalSettings {
  distDir: string;
  port: number;
  /** A real GGUF to measure instead of the generated model (BENCH_LOCAL_MODEL). */
  modelPath?: string;
  /** Requests per concurrency level, at most. */
  runs: number;
  /** A level sends no new request after this many seconds (each stream sends at least one). */
  levelSeconds: number;
  maxTokens: number;
  concurrency: number[];
  sequences: number;
  queue: number;
  queueTimeoutMs: number;
  /** LOCAL_MODEL_THREADS for the app; undefined leaves it unset (the app's default). */
  threads?: number;
}

/** How the generated model is written: the tests' tiny model, endless (every answer runs to max_tokens). */
export const tinyModel = { seed: 7, embedding: 64, layers: 2, contextLength: 4096, words: 200 } as const;

/** One streamed answer. Times are performance.now() values of this process. */
interface LocalSample {
  startMs: number;
  /** First non-empty content delta; NaN if none came. */
  firstMs: number;
  endMs: number;
  status: number;
  tokens: number;
  error?: string;
}

/** A non-empty `delta.content`: the first-token definition of the OpenAI chunk stream (as in load.ts). */
const contentDelta = /"content":"[^"]/;
const usageTokens = /"completion_tokens":(\d+)/;

/** max_tokens of the cold request and the warm-up (at most BENCH_LOCAL_MAX_TOKENS). */
const firstTokens = 16;

let sequence = 0;

function sendLocal(pool: Pool, opts: { apiKey: string; model: string; maxTokens: number }): Promise<LocalSample> {
  sequence += 1;
  const body = JSON.stringify({
    model: opts.model,
    messages: [{ role: "user", content: `Bench request ${sequence}: write a few sentences about the sea at night.` }],
    stream: true,
    stream_options: { include_usage: true },
    max_tokens: opts.maxTokens,
  });
  const startMs = performance.now();
  return new Promise((resolve) => {
    let status = 0;
    let firstMs = Number.NaN;
    let tail = "";
    let settled = false;
    const finish = (tokens: number, error?: string) => {
      if (settled) return;
      settled = true;
      resolve({ startMs, firstMs, endMs: performance.now(), status, tokens, ...(error ? { error } : {}) });
    };
    pool
      .request({
        path: "/api/v1/chat/completions",
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${opts.apiKey}` },
        body,
      })
      .then((res) => {
        status = res.statusCode;
        res.body.on("data", (chunk: Buffer) => {
          const text = chunk.toString("utf8");
          if (Number.isNaN(firstMs) && status === 200 && contentDelta.test(tail + text)) firstMs = performance.now();
          tail = (tail + text).slice(-2048);
        });
        res.body.on("error", (error: Error) => finish(0, `body: ${error.message}`));
        res.body.on("end", () => {
          if (status !== 200) return finish(0, `status ${status}: ${tail.slice(0, 200)}`);
          if (Number.isNaN(firstMs)) return finish(0, "no answer text");
          if (!tail.includes("[DONE]")) return finish(0, "stream ended without [DONE]");
          if (/"error":\{/.test(tail)) return finish(0, "error event in the stream");
          const tokens = usageTokens.exec(tail);
          if (!tokens) return finish(0, "no usage in the stream");
          finish(Number(tokens[1]));
        });
      })
      .catch((error: Error) => finish(0, `request: ${error.message}`));
  });
}

/**
 * Up to `total` requests, `concurrency` in flight at a time, each replaced as soon as it ends;
 * after `seconds`, no new ones (each stream still sends one), so a slow model keeps the run short.
 */
async function runLevel(
  pool: Pool,
  opts: { apiKey: string; model: string; maxTokens: number },
  concurrency: number,
  total: number,
  seconds: number,
): Promise<LocalLevel> {
  const samples: LocalSample[] = [];
  const deadline = performance.now() + seconds * 1000;
  let sent = 0;
  const worker = async () => {
    for (let mine = 0; sent < total && (mine === 0 || performance.now() < deadline); mine++) {
      sent += 1;
      samples.push(await sendLocal(pool, opts));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const good = samples.filter((s) => !s.error);
  const failed = samples.filter((s) => s.error);
  const busy = failed.filter((s) => s.status === 503).length;
  const wallMs = Math.max(...samples.map((s) => s.endMs)) - Math.min(...samples.map((s) => s.startMs));
  const firstError = failed[0]?.error;
  return {
    concurrency,
    requests: samples.length,
    ok: good.length,
    busy,
    errors: failed.length - busy,
    ...(firstError ? { firstError } : {}),
    completionTokens: good.reduce((sum, s) => sum + s.tokens, 0),
    wallMs,
    aggregateTokensPerSecond: aggregateTokenRate(samples.map((s) => ({ startMs: s.startMs, endMs: s.endMs, tokens: s.error ? 0 : s.tokens }))),
    ttft: summarize(good.map((s) => s.firstMs - s.startMs)),
    total: summarize(good.map((s) => s.endMs - s.startMs)),
    tokensPerSecond: summarize(good.map((s) => streamTokenRate(s.tokens, s.firstMs, s.endMs)).filter((v) => !Number.isNaN(v))),
  };
}

/** The parts of /api/status read here. */
interface Status {
  provider?: string;
  defaultModel?: string;
  models?: Array<{ id: string; contextWindow?: number }>;
  local?: { loaded?: boolean; loadMs?: number; threads?: number };
}

async function status(origin: string): Promise<Status> {
  const res = await fetch(`${origin}/api/status`);
  return (await res.json()) as Status;
}

export async function measureLocal(
  settings: LocalSettings,
  meta: SectionRunner,
  log: (line: string) => void,
): Promise<LocalResult> {
  const startedAt = performance.now();
  const loadStart = os.loadavg()[0]!;
  const work = mkdtempSync(path.join(os.tmpdir(), "draftwise-bench-local-"));
  const dataDir = path.join(work, "data");
  mkdirSync(dataDir);
  const appLog = path.join(work, "app.log");
  const generated = !settings.modelPath;
  const modelPath = settings.modelPath ? path.resolve(settings.modelPath) : path.join(work, "bench-tiny.gguf");
  if (generated) writeTinyModel(modelPath, { ...tinyModel, endless: true });
  const file = path.basename(modelPath);
  log(`local model: ${generated ? `generated random-weight model ${modelPath}` : modelPath} (${(statSync(modelPath).size / 1024 / 1024).toFixed(1)} MB); the app's log: ${appLog}`);

  const appEnv = localAppEnvironment({
    dataDir,
    distDir: settings.distDir,
    modelPath,
    sequences: settings.sequences,
    queue: settings.queue,
    queueTimeoutMs: settings.queueTimeoutMs,
    ...(settings.threads === undefined ? {} : { threads: settings.threads }),
  });
  const apiKey = await createApiKey(appEnv);
  const spawnedAt = performance.now();
  const app: App = await startApp(settings.port, appEnv, appLog);
  const readyMs = performance.now() - spawnedAt;
  const pool = new Pool(app.origin, { connections: 64, pipelining: 1, headersTimeout: 600_000, bodyTimeout: 600_000 });
  try {
    const before = await status(app.origin);
    if (before.provider !== "local" || !before.defaultModel) {
      throw new Error(`the app did not pick the local provider (/api/status provider: ${before.provider ?? "none"}); see ${appLog}`);
    }
    const model = before.defaultModel;
    const request = { apiKey, model, maxTokens: settings.maxTokens };
    const rssBeforeMb = groupRss(app.child).kb / 1024;

    const short = { ...request, maxTokens: Math.min(settings.maxTokens, firstTokens) };
    const first = await sendLocal(pool, short);
    if (first.error) throw new Error(`the first request to the local model failed: ${first.error} (see ${appLog})`);
    const loaded = await status(app.origin);
    const threads = loaded.local?.threads ?? Number.NaN;
    log(
      `local model: ready in ${Math.round(readyMs)} ms, model loaded in ${loaded.local?.loadMs ?? "?"} ms, first request TTFT ${Math.round(first.firstMs - first.startMs)} ms, ` +
        `${first.tokens} tokens in ${Math.round(first.endMs - first.startMs)} ms; threads ${threads}${settings.threads === undefined ? " (LOCAL_MODEL_THREADS unset: the default)" : ""}`,
    );
    await sendLocal(pool, short); // warm-up, left out

    const levels: LocalLevel[] = [];
    for (const concurrency of settings.concurrency) {
      const level = await runLevel(pool, request, concurrency, Math.max(settings.runs, concurrency), settings.levelSeconds);
      levels.push(level);
      log(
        `local model, ${concurrency} at a time: ${level.ok}/${level.requests} ok${level.busy ? `, ${level.busy} × 503` : ""}${level.errors ? `, ${level.errors} errors (first: ${level.firstError})` : ""}; ` +
          `TTFT p50/p95 ${Math.round(level.ttft.p50)}/${Math.round(level.ttft.p95)} ms, ${level.tokensPerSecond.p50.toFixed(0)} tokens/s per stream, ${level.aggregateTokensPerSecond.toFixed(0)} tokens/s in all`,
      );
    }
    const rssAfterMb = groupRss(app.child).kb / 1024;
    return {
      meta: {
        date: new Date().toISOString(),
        ...meta,
        durationSeconds: (performance.now() - startedAt) / 1000,
        loadAverage: { start: loadStart, end: os.loadavg()[0]! },
        appLog,
      },
      model: {
        generated,
        id: model,
        file,
        bytes: statSync(modelPath).size,
        ...(generated
          ? { tiny: { seed: tinyModel.seed, embedding: tinyModel.embedding, layers: tinyModel.layers, contextLength: tinyModel.contextLength, vocabulary: 5 + 256 + tinyModel.words } }
          : {}),
      },
      settings: {
        distDir: settings.distDir,
        port: settings.port,
        maxTokens: settings.maxTokens,
        runs: settings.runs,
        levelSeconds: settings.levelSeconds,
        concurrency: settings.concurrency,
        sequences: settings.sequences,
        queue: settings.queue,
        queueTimeoutMs: settings.queueTimeoutMs,
        threadsSetting: settings.threads ?? null,
        threads,
        contextWindow: before.models?.find((m) => m.id === model)?.contextWindow ?? null,
      },
      startup: {
        readyMs,
        loadMs: loaded.local?.loadMs ?? null,
        first: { ttftMs: first.firstMs - first.startMs, totalMs: first.endMs - first.startMs, tokens: first.tokens },
        rssBeforeMb,
        rssAfterMb,
      },
      levels,
    };
  } finally {
    await pool.destroy();
    await app.stop();
    // The log stays, for a look at what the app wrote; the database and a generated model go.
    rmSync(dataDir, { recursive: true, force: true });
    if (generated) rmSync(modelPath, { force: true });
  }
}
