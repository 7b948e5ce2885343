import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { editDoneEventSchema, editResponseSchema, editVariantsResponseSchema } from "@/lib/contracts/edits";
import { outlineSchema } from "@/lib/contracts/outline";
import type { StudioVariantEvent } from "@/lib/contracts/variants";
import { applyHunks, type TextHunk } from "@/lib/editor/text-hunks";
import { guestCookie, startApp, type AppServer } from "../fixtures/app-server";
import { tinyModelBytes, writeTinyModel } from "../fixtures/gguf/write-model";
import { keyOwner, ndjsonLines, sseBlocks, v1 } from "./api-key-helpers";
import { expectError, postJson, sseEvents, streamedText, userMessage } from "./helpers";

/**
 * The embedded model (node-llama-cpp in the app's own process) on a generated random-weight
 * GGUF: no provider configured, the real local provider code path. Its text is nonsense, but
 * its shape, usage, limits and failures are what a writer with a real model gets.
 */

const port = Number(process.env.API_TEST_PORT ?? 3210) + 250;
const dir = mkdtempSync(path.join(tmpdir(), "draftwise-local-"));
const modelPath = path.join(dir, "tiny-writer.gguf");
// Endless: answers run to their token limit, so long requests are long (outlines still end: the grammar ends them).
writeTinyModel(modelPath, { seed: 7, contextLength: 8192, endless: true });

/** Fixed threads and enough output budget for an outline; chat answers are short unless asked. */
const localEnv = (extra: Record<string, string> = {}) => ({
  LOCAL_MODEL: modelPath,
  LOCAL_MODEL_THREADS: "1",
  LOCAL_MODEL_CONTEXT_SIZE: "8192",
  MODEL_MAX_OUTPUT_TOKENS: "1500",
  MODEL_FIRST_TOKEN_TIMEOUT_MS: "20000",
  ...extra,
});

const apps: AppServer[] = [];
async function app(portOffset: number, env: Record<string, string>, onOutput?: (chunk: string) => void) {
  const started = await startApp(port + portOffset, env, { onOutput });
  apps.push(started);
  return { base: started.url, cookie: await guestCookie(started.url), server: started };
}
afterAll(async () => {
  await Promise.all(apps.map((a) => a.stop()));
});

async function status(base: string) {
  return (await fetch(`${base}/api/status`)).json();
}

/** Reads a streamed body to the end, noting when its first bytes came. */
async function timedBody(res: Response) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let firstAt: number | undefined;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    firstAt ??= Date.now();
    text += decoder.decode(value, { stream: true });
  }
  return { text, firstAt: firstAt ?? Date.now(), endAt: Date.now() };
}

describe("the embedded model as the provider when nothing else is configured", () => {
  let base: string;
  let cookie: string;
  let log = "";
  let openai: OpenAI;
  let key: string;

  beforeAll(async () => {
    ({ base, cookie } = await app(0, localEnv(), (chunk) => (log += chunk)));
    ({ key } = await keyOwner(base));
    openai = new OpenAI({ apiKey: key, baseURL: `${base}/api/v1`, maxRetries: 0, timeout: 30_000 });
  });

  const post = (route: string, body: unknown, headers: Record<string, string> = {}) =>
    postJson(route, body, { base, headers: { Cookie: cookie, ...headers } });

  it("reports the local provider and its model, not loaded until first used", async () => {
    const before = await status(base);
    expect(before).toMatchObject({ configured: true, provider: "local", defaultModel: "tiny-writer" });
    expect(before.models).toEqual([expect.objectContaining({ id: "tiny-writer", provider: "local", contextWindow: 8192, maxOutputTokens: 1500 })]);
    expect(before.local).toMatchObject({ file: "tiny-writer.gguf", loaded: false, threads: 1, sequences: 2, busy: 0 });
    expect(before.reachability).toMatchObject({ provider: "local", ok: true });
  });

  it("chats in the studio, streaming, and loads the model once with its load time logged", async () => {
    const res = await post("/api/chat", { id: crypto.randomUUID(), messages: [userMessage("Hello, model")] });
    expect(res.status).toBe(200);
    const events = sseEvents(await res.text());
    expect(streamedText(events).length).toBeGreaterThan(0);
    expect(events.some((e) => e.type === "error")).toBe(false);

    const after = await status(base);
    expect(after.local).toMatchObject({ loaded: true, busy: 0, waiting: 0 });
    expect(after.local.loadMs).toEqual(expect.any(Number));
    const loads = log.split("\n").filter((line) => line.includes('"local model loaded"'));
    expect(loads).toHaveLength(1);
    expect(JSON.parse(loads[0]!)).toMatchObject({ loadMs: after.local.loadMs, threads: 1 });

    // A second request reuses the loaded model.
    const again = await post("/api/chat", { id: crypto.randomUUID(), messages: [userMessage("Again")] });
    expect(again.status).toBe(200);
    await again.text();
    expect(log.split("\n").filter((line) => line.includes('"local model loaded"'))).toHaveLength(1);
  });

  it("rewrites a selection (a writing action), streaming plain text", async () => {
    const res = await post("/api/write", { action: "improve", text: "The tide comes in twice a day." });
    expect(res.status).toBe(200);
    const { text } = await timedBody(res);
    expect(text.length).toBeGreaterThan(0);
  });

  it("edits Markdown through /api/v1/edits, as JSON and as hunk events, hunks reproducing the answer", async () => {
    const text = "The tide comes in **twice** a day.\n\n- high\n- low";
    const json = await v1("/api/v1/edits", { key, base, body: { text, instruction: "Make it formal.", max_tokens: 30, stream: false } });
    expect(json.status).toBe(200);
    const answer = editResponseSchema.parse(await json.json());
    expect(applyHunks(text, answer.hunks)).toBe(answer.text);

    const streamed = await v1("/api/v1/edits", { key, base, body: { text, action: "shorter", max_tokens: 30 } });
    const blocks = sseBlocks(await streamed.text());
    expect(blocks.at(-1)!.event).toBe("done");
    const done = editDoneEventSchema.parse(JSON.parse(blocks.at(-1)!.data));
    expect(applyHunks(text, blocks.slice(0, -1).map((b) => JSON.parse(b.data) as TextHunk))).toBe(done.text);
    expect(done.usage.completion_tokens).toBeGreaterThan(0);
  });

  it("returns a schema-valid outline every time (the grammar comes from the JSON schema)", async () => {
    for (const topic of ["Tides and the moon", "Home composting", "Night photography", "Learning Welsh", "Bread at altitude"]) {
      const res = await post("/api/outline", { topic }, { Accept: "application/json" });
      expect(res.status).toBe(200);
      const outline = outlineSchema.parse(await res.json());
      expect(outline.sections.length).toBeGreaterThanOrEqual(3);
    }
  });

  it("answers the OpenAI-compatible endpoint through the openai SDK, with usage counted by the model", async () => {
    const completion = await openai.chat.completions.create({
      model: "tiny-writer",
      messages: [{ role: "user", content: "Say something" }],
      max_tokens: 24,
    });
    expect(completion.model).toBe("tiny-writer");
    expect(completion.choices[0]!.message.content!.length).toBeGreaterThan(0);
    expect(completion.choices[0]!.finish_reason).toBe("length");
    expect(completion.usage).toMatchObject({ completion_tokens: 24 });
    expect(completion.usage!.prompt_tokens).toBeGreaterThan(5);

    const stream = await openai.chat.completions.create({
      model: "tiny-writer",
      messages: [{ role: "user", content: "Stream something" }],
      max_tokens: 16,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      usage = chunk.usage ?? usage;
    }
    expect(text.length).toBeGreaterThan(0);
    expect(usage).toMatchObject({ completion_tokens: 16 });
  });

  it("is told the style guide too: the guide's instructions count in the prompt's tokens", async () => {
    const request = { model: "tiny-writer", messages: [{ role: "user" as const, content: "Say something" }], max_tokens: 1 };
    const plain = await openai.chat.completions.create(request);
    // What the Python SDK sends with extra_body: the JS SDK passes a field it doesn't know as it is.
    const guided = await openai.chat.completions.create({ ...request, style_guide: { voice: "dry", terms_to_avoid: ["utilize → use"] } } as typeof request);
    expect(guided.usage!.prompt_tokens - plain.usage!.prompt_tokens).toBeGreaterThan(40);
  });

  it("gives the same answer for the same seed, and another for another seed", async () => {
    const answer = async (seed: number) =>
      (await openai.chat.completions.create({ model: "tiny-writer", messages: [{ role: "user", content: "Vary" }], max_tokens: 24, temperature: 1, seed }))
        .choices[0]!.message.content;
    const first = await answer(11);
    expect(await answer(11)).toBe(first);
    expect(await answer(12)).not.toBe(first);
  });

  it("stops at a stop sequence, leaving it out", async () => {
    // The same seed writes the same text: stopping at one of its words leaves the text before it.
    const ask = (stop?: string[]) =>
      openai.chat.completions.create({ model: "tiny-writer", messages: [{ role: "user", content: "x" }], max_tokens: 40, seed: 3, ...(stop ? { stop } : {}) });
    const free = (await ask()).choices[0]!.message.content!;
    const stopAt = free.trim().split(/\s+/).find((word, i) => i > 0 && word.length >= 3);
    expect(stopAt).toMatch(/^\S{3,}$/);
    const stopped = (await ask([stopAt!])).choices[0]!;
    expect(stopped.finish_reason).toBe("stop");
    expect(stopped.message.content).toBe(free.slice(0, free.indexOf(stopAt!)));
  });
  it("drafts a whole article as a background job: the outline, then each section", { timeout: 60_000 }, async () => {
    const headers = { "Content-Type": "application/json", Authorization: `Bearer ${openai.apiKey}` };
    const submitted = await fetch(`${base}/api/v1/jobs`, {
      method: "POST",
      headers,
      body: JSON.stringify({ type: "draft", input: { topic: "Why tides happen", sections: 3 } }),
    });
    expect(submitted.status).toBe(202);
    const { id } = (await submitted.json()) as { id: string };
    let job: { status: string; result: { sections: { status: string; content: string | null }[] } | null; usage: { completion_tokens: number } | null };
    const deadline = Date.now() + 50_000;
    do {
      await new Promise((r) => setTimeout(r, 200));
      job = await (await fetch(`${base}/api/v1/jobs/${id}`, { headers })).json();
    } while (!["succeeded", "failed", "cancelled"].includes(job.status) && Date.now() < deadline);
    expect(job.status).toBe("succeeded");
    expect(job.result!.sections).toHaveLength(3);
    for (const section of job.result!.sections) {
      expect(section.status).toBe("done");
      expect(section.content!.length).toBeGreaterThan(0);
    }
    expect(job.usage!.completion_tokens).toBeGreaterThan(0);
  });

  it("writes variants: three of one edit on its two sequences (the third waits its turn), each its own answer, as JSON and as the studio's JSON lines", async () => {
    const text = "The tide comes in twice a day.";
    const json = await v1("/api/v1/edits", { key, base, body: { text, instruction: "Make it formal.", n: 3, seed: 5, temperature: 1, max_tokens: 16, stream: false } });
    expect(json.status).toBe(200);
    const body = editVariantsResponseSchema.parse(await json.json());
    const answers = body.variants.map((variant) => {
      if (!("hunks" in variant)) throw new Error(`variant ${variant.variant} failed: ${variant.error.code}`);
      expect(applyHunks(text, variant.hunks)).toBe(variant.text);
      return variant.text;
    });
    expect(answers).toHaveLength(3);
    // Seeds 5, 6 and 7: three different answers.
    expect(new Set(answers).size).toBe(3);

    const studio = await post("/api/edits", { text, action: "improve", n: 2, seed: 5, temperature: 1 });
    expect(studio.status).toBe(200);
    expect(studio.headers.get("content-type")).toBe("application/x-ndjson; charset=utf-8");
    const events = ndjsonLines(await studio.text()) as StudioVariantEvent[];
    expect(events[0]).toMatchObject({ type: "start", variants: [{ variant: 0 }, { variant: 1 }] });
    expect(events.filter((e) => e.type === "done").map((e) => e.type === "done" && e.variant).sort()).toEqual([0, 1]);
    expect(events.some((e) => e.type === "error")).toBe(false);
    expect(events.at(-1)).toEqual({ type: "end" });
  });

  it("answers requests at once on its sequences: the second starts before the first ends", async () => {
    const ask = () =>
      fetch(`${base}/api/v1/chat/completions`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${openai.apiKey}` },
        body: JSON.stringify({ model: "tiny-writer", messages: [{ role: "user", content: "Long" }], max_tokens: 1200, stream: true }),
      });
    const [a, b] = await Promise.all([ask(), ask()]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect((await status(base)).local).toMatchObject({ busy: 2 });
    const [ta, tb] = await Promise.all([timedBody(a), timedBody(b)]);
    expect(tb.firstAt).toBeLessThan(ta.endAt);
    expect(ta.firstAt).toBeLessThan(tb.endAt);
  });
});

describe("the embedded model under load", () => {
  let base: string;
  let key: string;
  const ask = (maxTokens: number, signal?: AbortSignal) =>
    fetch(`${base}/api/v1/chat/completions`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${key}` },
      body: JSON.stringify({ model: "tiny-writer", messages: [{ role: "user", content: "Go on" }], max_tokens: maxTokens, stream: true }),
      signal,
    });

  beforeAll(async () => {
    // One sequence, one place in the queue, a short wait: the limits are easy to reach.
    ({ base } = await app(1, localEnv({ MODEL_MAX_OUTPUT_TOKENS: "4000", LOCAL_MODEL_SEQUENCES: "1", LOCAL_MODEL_QUEUE: "1", LOCAL_MODEL_QUEUE_TIMEOUT_MS: "700" })));
    ({ key } = await keyOwner(base));
    // Load the model before timing anything.
    await (await ask(4)).text();
  });

  it("sends 503 model_busy with Retry-After when the queue is full, and when a request waited too long", async () => {
    const long = await ask(1500);
    expect(long.status).toBe(200);
    const reader = long.body!.getReader();
    await reader.read();

    const waiting = ask(8); // takes the one place in the queue
    await new Promise((r) => setTimeout(r, 100));
    const refused = await ask(8);
    await expectError(refused, 503, "model_busy");
    expect(refused.headers.get("retry-after")).toBe("1");

    const waited = await waiting;
    const error = await expectError(waited, 503, "model_busy");
    expect(error.message).toMatch(/waited too long/);
    expect(waited.headers.get("retry-after")).toBe("1");

    await reader.cancel();
  });

  it("frees the sequence at once when a client disconnects", async () => {
    const controller = new AbortController();
    const long = await ask(3000, controller.signal);
    expect(long.status).toBe(200);
    const reader = long.body!.getReader();
    await reader.read();
    const abortedAt = Date.now();
    controller.abort();
    // 3000 tokens take seconds; the queue gives up after 700 ms: only a freed sequence answers this.
    const next = await ask(8);
    expect(next.status).toBe(200);
    expect((await next.text()).length).toBeGreaterThan(0);
    expect(Date.now() - abortedAt).toBeLessThan(700);
    const after = await status(base);
    expect(after.local).toMatchObject({ busy: 0, waiting: 0 });
  });
});

describe("an embedded model file that can't be used", () => {
  it.each([
    ["a truncated file (an interrupted download)", 2, () => tinyModelBytes({ seed: 1 }).subarray(0, 300_000), /incomplete|truncated/i],
    ["a file that is not GGUF", 3, () => Buffer.from("<html>Not found</html>".repeat(100)), /GGUF/],
    ["a file llama.cpp would abort the process on (no head count)", 4, () => tinyModelBytes({ seed: 1, omitKey: "llama.attention.head_count" }), /head_count/],
  ])("answers 503 local_model_invalid for %s, and the server keeps running", async (_name, offset, bytes, reason) => {
    const file = path.join(dir, `broken-${Math.random().toString(36).slice(2)}.gguf`);
    writeFileSync(file, bytes());
    const { base, cookie, server } = await app(offset, localEnv({ LOCAL_MODEL: file }));
    const before = await status(base);
    expect(before).toMatchObject({ configured: true, provider: "local" });
    expect(before.local.error).toMatch(reason);
    expect(before.reachability).toMatchObject({ ok: false, error: "invalid_model" });

    const res = await postJson("/api/chat", { id: crypto.randomUUID(), messages: [userMessage("Hello")] }, { base, headers: { Cookie: cookie } });
    const error = await expectError(res, 503, "local_model_invalid");
    expect(error.message).toMatch(reason);
    expect((await fetch(`${base}/api/status`)).status).toBe(200);
    await server.stop();
  });
});

describe("replacing a broken embedded model file", () => {
  it("serves the new file once it is copied over the broken one, without a restart", async () => {
    const file = path.join(dir, "replaced.gguf");
    writeFileSync(file, tinyModelBytes({ seed: 1 }).subarray(0, 300_000));
    const { base, cookie, server } = await app(9, localEnv({ LOCAL_MODEL: file }));
    const chat = () => postJson("/api/chat", { id: crypto.randomUUID(), messages: [userMessage("Hello")] }, { base, headers: { Cookie: cookie } });
    await expectError(await chat(), 503, "local_model_invalid");

    copyFileSync(modelPath, file);
    const after = await status(base);
    expect(after.local.error).toBeUndefined();
    expect(after.reachability).toMatchObject({ provider: "local", ok: true });
    const res = await chat();
    expect(res.status).toBe(200);
    expect(streamedText(sseEvents(await res.text())).length).toBeGreaterThan(0);
    await server.stop();
  });
});

describe("finding an embedded model", () => {
  it("uses a GGUF copied into DATA_DIR/models when LOCAL_MODEL is unset (the offline route)", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "draftwise-models-"));
    mkdirSync(path.join(dataDir, "models"));
    copyFileSync(modelPath, path.join(dataDir, "models", "my-model.gguf"));
    const { base, cookie, server } = await app(5, { DATA_DIR: dataDir, LOCAL_MODEL_THREADS: "1", MODEL_MAX_OUTPUT_TOKENS: "32" });
    expect(await status(base)).toMatchObject({ configured: true, provider: "local", defaultModel: "my-model" });
    const res = await postJson("/api/write", { action: "improve", text: "Offline, still writing." }, { base, headers: { Cookie: cookie } });
    expect(res.status).toBe(200);
    expect((await res.text()).length).toBeGreaterThan(0);
    await server.stop();
  });

  it("ignores models on disk with LOCAL_MODEL=off, and a configured provider comes first", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "draftwise-models-"));
    mkdirSync(path.join(dataDir, "models"));
    copyFileSync(modelPath, path.join(dataDir, "models", "my-model.gguf"));
    const off = await app(6, { DATA_DIR: dataDir, LOCAL_MODEL: "off" });
    const offStatus = await status(off.base);
    expect(offStatus).toMatchObject({ configured: false, provider: null });
    expect(offStatus.setup.local).toEqual({ reference: null });
    await off.server.stop();

    const cloud = await app(7, { DATA_DIR: dataDir, OPENAI_BASE_URL: "http://127.0.0.1:9/v1", OPENAI_MODEL: "remote" });
    expect(await status(cloud.base)).toMatchObject({ provider: "openai-compatible", defaultModel: "remote" });
    await cloud.server.stop();
  });

  it("offers the default model for download when nothing is configured", async () => {
    const none = await app(8, {});
    const body = await status(none.base);
    expect(body).toMatchObject({ configured: false });
    expect(body.setup.variables).toContain("LOCAL_MODEL");
    expect(body.setup.local).toEqual({
      reference: expect.objectContaining({ ref: "qwen2.5-1.5b-instruct", fileName: "qwen2.5-1.5b-instruct-q4_k_m.gguf", licence: "Apache-2.0" }),
    });
    // No answer names the server's paths.
    expect(JSON.stringify(body)).not.toContain(none.server.dataDir);
    await none.server.stop();
  });
});
