import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { LanguageModelV4CallOptions, LanguageModelV4StreamPart, SharedV4Warning } from "@ai-sdk/provider";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { outlineSchema } from "@/lib/contracts/outline";
import { AppError } from "@/lib/errors";
import { grammarSchema, LocalLanguageModel, toChatHistory } from "@/lib/server/ai/local/language-model";
import { defaultThreads, LocalEngine, type EngineConfig } from "@/lib/server/ai/local/runtime";
import { writeTinyModel } from "../fixtures/gguf/write-model";

/** The AI SDK language model around node-llama-cpp, on a generated random-weight model (no server). */

const dir = mkdtempSync(path.join(tmpdir(), "draftwise-local-lm-"));
const modelPath = path.join(dir, "tiny.gguf");
// Endless: answers run to their token limit (long requests stay long); the JSON grammar still ends outlines.
writeTinyModel(modelPath, { seed: 11, endless: true });

const engines: LocalEngine[] = [];
function model(config: Partial<EngineConfig> = {}) {
  const engine = new LocalEngine({ path: modelPath, threads: 1, contextSize: 2048, sequences: 2, queue: 4, queueTimeoutMs: 2_000, gpu: "false", ...config });
  engines.push(engine);
  return { engine, model: new LocalLanguageModel("tiny", () => engine, 64) };
}
const shared = model();
afterAll(() => engines.splice(0));

const ask = (text: string, options: Partial<LanguageModelV4CallOptions> = {}): LanguageModelV4CallOptions => ({
  prompt: [{ role: "user", content: [{ type: "text", text }] }],
  ...options,
});

async function parts(stream: ReadableStream<LanguageModelV4StreamPart>) {
  const all: LanguageModelV4StreamPart[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return all;
    all.push(value);
  }
}

describe("prompt and schema translation", () => {
  it("turns the AI SDK prompt into chat history ending in the model's turn, noting what it drops", () => {
    const warnings: SharedV4Warning[] = [];
    const history = toChatHistory(
      [
        { role: "system", content: "Be brief." },
        { role: "user", content: [{ type: "text", text: "Hi " }, { type: "file", data: { type: "data", data: "AAAA" }, mediaType: "image/png" }, { type: "text", text: "there" }] },
        { role: "assistant", content: [{ type: "text", text: "Hello." }] },
        { role: "user", content: [{ type: "text", text: "More" }] },
      ],
      warnings,
    );
    expect(history).toEqual([
      { type: "system", text: "Be brief." },
      { type: "user", text: "Hi there" },
      { type: "model", response: ["Hello."] },
      { type: "user", text: "More" },
      { type: "model", response: [] },
    ]);
    expect(warnings).toEqual([expect.objectContaining({ type: "unsupported", feature: "files" })]);
  });

  it("narrows a zod JSON schema to the keywords the grammar builder knows", () => {
    const schema = z.toJSONSchema(
      z.object({ kind: z.enum(["a", "b"]), note: z.string().regex(/^x/).max(10).nullable(), when: z.string().datetime(), email: z.email() }),
    );
    type Narrowed = { $schema?: string; required: string[]; properties: Record<string, { format?: string; oneOf?: unknown }> };
    const narrowed = grammarSchema(schema) as Narrowed;
    expect(narrowed.$schema).toBeUndefined();
    expect(narrowed.properties.kind).toEqual({ type: "string", enum: ["a", "b"] });
    expect(narrowed.properties.note!.oneOf).toEqual([{ type: "string", maxLength: 10 }, { type: "null" }]);
    expect(narrowed.properties.when!.format).toBe("date-time");
    expect(narrowed.properties.email!.format).toBeUndefined();
    expect(narrowed.required).toEqual(["kind", "note", "when", "email"]);
  });

  it("defaults to half the CPUs (about the physical cores), at least 1 and at most 8", () => {
    expect([1, 2, 4, 6, 12, 64].map((cores) => defaultThreads(cores))).toEqual([1, 1, 2, 3, 6, 8]);
  });
});

describe("the local language model", () => {
  it("streams text parts between stream-start and finish, with the usage the model counted", async () => {
    const { stream } = await shared.model.doStream(ask("Hello", { maxOutputTokens: 20, seed: 1 }));
    const all = await parts(stream);
    expect(all.map((p) => p.type).filter((t, i, a) => t !== a[i - 1])).toEqual([
      "stream-start",
      "response-metadata",
      "text-start",
      "text-delta",
      "text-end",
      "finish",
    ]);
    const finish = all.at(-1) as Extract<LanguageModelV4StreamPart, { type: "finish" }>;
    expect(finish.finishReason).toEqual({ unified: "length", raw: "maxTokens" });
    expect(finish.usage.outputTokens.total).toBe(20);
    expect(finish.usage.inputTokens.total).toBeGreaterThan(3);
  });

  it("writes the same text for the same seed, and other text for another seed", async () => {
    const text = async (seed: number) => {
      const result = await shared.model.doGenerate(ask("Same", { maxOutputTokens: 24, seed, temperature: 0.9 }));
      return (result.content[0] as { text: string }).text;
    };
    const first = await text(5);
    expect(await text(5)).toBe(first);
    expect(await text(6)).not.toBe(first);
  });

  it("stops at a stop sequence, leaving it out", async () => {
    const free = (await shared.model.doGenerate(ask("x", { maxOutputTokens: 40, seed: 2, temperature: 0 }))).content[0] as { text: string };
    const stop = free.text.trim().split(/\s+/).find((word, i) => i > 0 && word.length >= 3)!;
    const result = await shared.model.doGenerate(ask("x", { maxOutputTokens: 40, seed: 2, temperature: 0, stopSequences: [stop] }));
    expect(result.finishReason.unified).toBe("stop");
    expect((result.content[0] as { text: string }).text).toBe(free.text.slice(0, free.text.indexOf(stop)));
  });

  it("answers with schema-valid JSON every time when given the outline's JSON schema", async () => {
    const schema = z.toJSONSchema(outlineSchema) as unknown;
    for (let seed = 0; seed < 10; seed++) {
      const result = await shared.model.doGenerate(
        ask("Outline an article about tides", { maxOutputTokens: 2000, seed, temperature: 0.8, responseFormat: { type: "json", schema: schema as never } }),
      );
      const text = (result.content[0] as { text: string }).text;
      expect(outlineSchema.safeParse(JSON.parse(text)).success).toBe(true);
    }
  }, 60_000);

  it("ends the stream with the abort's reason when its signal aborts, and the sequence serves the next request", async () => {
    const { engine, model: one } = model({ sequences: 1, queue: 0 });
    const controller = new AbortController();
    const { stream } = await one.doStream(ask("Long", { maxOutputTokens: 5000, abortSignal: controller.signal }));
    const reader = stream.getReader();
    while ((await reader.read()).value?.type !== "text-delta");
    const reason = new Error("deadline passed");
    controller.abort(reason);
    const rest: LanguageModelV4StreamPart[] = [];
    for (let r = await reader.read(); !r.done; r = await reader.read()) rest.push(r.value);
    // Never a finish that would pass a cut-off answer for a complete one.
    expect(rest.find((p) => p.type === "finish")).toBeUndefined();
    expect(rest.at(-1)).toEqual({ type: "error", error: reason });
    await expect.poll(() => engine.stats().busy).toBe(0);
    const next = await one.doGenerate(ask("Next", { maxOutputTokens: 4 }));
    expect(next.usage.outputTokens.total).toBe(4);
  });

  it("frees the sequence at once when aborted while the model is still reading a long prompt", { timeout: 60_000 }, async () => {
    // A wider model and a long prompt: reading it takes a while, and no token comes until it is read.
    const widePath = path.join(dir, "wide.gguf");
    writeTinyModel(widePath, { seed: 5, embedding: 256, layers: 4, contextLength: 16_384, endless: true });
    const engine = new LocalEngine({ path: widePath, threads: 1, contextSize: 16_384, sequences: 1, queue: 1, queueTimeoutMs: 30_000, gpu: "false" });
    engines.push(engine);
    const wide = new LocalLanguageModel("wide", () => engine, 16);
    // About 6,000 tokens: a few seconds of reading on one thread.
    const longPrompt = "hello world. ".repeat(500);
    await wide.doGenerate(ask("warm up", { maxOutputTokens: 1 }));

    let started = performance.now();
    await wide.doGenerate(ask(longPrompt, { maxOutputTokens: 1 }));
    const readingMs = performance.now() - started;

    const controller = new AbortController();
    const { stream } = await wide.doStream(ask(longPrompt, { maxOutputTokens: 1, abortSignal: controller.signal }));
    setTimeout(() => controller.abort(), readingMs / 10);
    started = performance.now();
    const next = await wide.doGenerate(ask("Short", { maxOutputTokens: 2 }));
    const nextMs = performance.now() - started;
    expect(next.usage.outputTokens.total).toBe(2);
    // Waited for the abort (a tenth of the reading) and not for the rest of the reading.
    expect(nextMs).toBeLessThan(readingMs / 2);
    const ended = await parts(stream);
    expect(ended.at(-1)).toMatchObject({ type: "error" });
    expect(ended.some((p) => p.type === "text-delta")).toBe(false);
  });

  it("refuses with model_busy when every sequence is taken and the queue is full, or the wait is too long", async () => {
    const { model: one } = model({ sequences: 1, queue: 1, queueTimeoutMs: 300 });
    const running = await one.doStream(ask("Long", { maxOutputTokens: 3000 }));
    const waiting = one.doStream(ask("Waits", { maxOutputTokens: 4 }));
    const full = await one.doStream(ask("No room", { maxOutputTokens: 4 })).catch((e: unknown) => e);
    expect(full).toBeInstanceOf(AppError);
    expect((full as AppError).code).toBe("model_busy");
    expect((full as AppError).retryAfter).toBe(1);
    const waited = await waiting.catch((e: unknown) => e);
    expect((waited as AppError).code).toBe("model_busy");
    expect((waited as AppError).message).toMatch(/waited too long/);
    await running.stream.cancel();
  });

  it("refuses a broken model file with local_model_invalid instead of letting llama.cpp abort the process", async () => {
    const broken = path.join(dir, "no-heads.gguf");
    writeTinyModel(broken, { seed: 1, omitKey: "llama.attention.head_count" });
    const engine = new LocalEngine({ path: broken, threads: 1, contextSize: 512, sequences: 1, queue: 0, queueTimeoutMs: 0, gpu: "false" });
    const error = await engine.load().catch((e: unknown) => e);
    expect((error as AppError).code).toBe("local_model_invalid");
    expect((error as AppError).message).toContain("llama.attention.head_count");
  });
});
