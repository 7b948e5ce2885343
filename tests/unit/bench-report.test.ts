import { describe, expect, it } from "vitest";
import { localSection, type LocalResult } from "@/bench/lib/report";
import { summarize } from "@/bench/lib/stats";

function localResult(overrides: { generated?: boolean; threadsSetting?: number | null; threads?: number } = {}): LocalResult {
  const generated = overrides.generated ?? true;
  const level = (concurrency: number, busy = 0) => ({
    concurrency,
    requests: 20,
    ok: 20 - busy,
    busy,
    errors: 0,
    ...(busy ? { firstError: "status 503: model_busy" } : {}),
    completionTokens: (20 - busy) * 256,
    wallMs: 4000,
    aggregateTokensPerSecond: ((20 - busy) * 256) / 4,
    ttft: summarize([10, 12, 14]),
    total: summarize([300, 320, 340]),
    tokensPerSecond: summarize([900, 1000, 1100]),
  });
  return {
    meta: {
      date: "2026-11-22T08:00:00.000Z",
      node: "v24.21.0",
      cpus: 2,
      cpuModel: "AMD EPYC",
      gitCommit: "0123456789abcdef",
      gitDirty: false,
      command: "npm run bench -- --only local",
      durationSeconds: 31.2,
      loadAverage: { start: 0.5, end: 0.7 },
      appLog: "/tmp/x/app.log",
    },
    model: {
      generated,
      id: generated ? "bench-tiny" : "qwen",
      file: generated ? "bench-tiny.gguf" : "qwen.gguf",
      bytes: 600_000,
      ...(generated ? { tiny: { seed: 7, embedding: 64, layers: 2, contextLength: 4096, vocabulary: 461 } } : {}),
    },
    settings: {
      distDir: ".next",
      port: 5004,
      maxTokens: 256,
      runs: 20,
      levelSeconds: 10,
      concurrency: [1, 2, 4],
      sequences: 2,
      queue: 64,
      queueTimeoutMs: 600_000,
      threadsSetting: overrides.threadsSetting ?? null,
      threads: overrides.threads ?? 2,
      contextWindow: 4096,
    },
    startup: { readyMs: 1300, loadMs: 40, first: { ttftMs: 90, totalMs: 120, tokens: 16 }, rssBeforeMb: 300, rssAfterMb: 310 },
    levels: [level(1), level(2), level(4, 1)],
  };
}

describe("the bench report's local model section", () => {
  it("says plainly when the model is the generated random-weight one, and how to measure a real GGUF", () => {
    const text = localSection(localResult());
    expect(text).toContain("## Local model (embedded)");
    expect(text).toContain("A random-weight test model, not a real one");
    expect(text).toContain("embedding 64, 2 layers");
    expect(text).toContain("BENCH_LOCAL_MODEL=/path/to/model.gguf");
  });

  it("names a given model file instead", () => {
    const text = localSection(localResult({ generated: false }));
    expect(text).not.toContain("random-weight");
    expect(text).toContain("`qwen.gguf`");
  });

  it("reports the threads: unset and what the app resolved it to, or the setting", () => {
    expect(localSection(localResult())).toContain("`LOCAL_MODEL_THREADS` unset (the app's default) → **2 threads** on 2 CPUs");
    const one = localSection(localResult({ threadsSetting: 1, threads: 1 }));
    expect(one).toContain("`LOCAL_MODEL_THREADS=1` → 1 thread (");
    expect(one).not.toContain("as many threads as CPUs");
  });

  it("has a cold-start row and one row per concurrency level, with the 503s and the first failure", () => {
    const text = localSection(localResult());
    expect(text).toContain("| 1300 ms | 40 ms | 90 ms | 120 ms | 300 → 310 |");
    expect(text).toContain("| 1 | 20 / 20 | 0 | 0 | 12 / 14 | 1000 / 1000 | 1280 | 320 / 340 |");
    expect(text).toContain("| 4 | 19 / 20 | 1 | 0 |");
    expect(text).toContain("First failure: status 503: model_busy");
  });

  it("says how to add the section when a results file has none", () => {
    expect(localSection(undefined)).toContain("npm run bench -- --only local");
  });
});
