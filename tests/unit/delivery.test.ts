import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.LOG_LEVEL = "silent";
  process.env.MODEL_MAX_RETRIES = "0";
});

vi.mock("@/lib/server/usage", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/usage")>()),
  recordCall: vi.fn(async () => {}),
}));

import {
  draftwiseEvents,
  openAIChunks,
  plainText,
  renderExample,
  uiMessageStream,
  usageJson,
  type FormatFor,
} from "@/lib/delivery/formats";
import { AppError } from "@/lib/errors";
import type { CallOutcome } from "@/lib/server/ai/client";
import { complete, prepareCall, respond, respondOpenAICompletion, streamAnswer, type PreparedCall } from "@/lib/server/delivery";
import { generationEnded } from "@/lib/server/delivery/stream";
import { recordCall } from "@/lib/server/usage";
import { caller, parts, tokens } from "./model-mocks";
import { apiError, rejection, scripted, streamOf, type Scripted } from "./resilience-fixtures";

function call(model: Scripted, id = "answer-1") {
  const settled: CallOutcome[] = [];
  const prepared: PreparedCall = prepareCall({
    id,
    caller,
    resolved: model.resolved,
    instructions: "Be brief.",
    messages: [{ role: "user", content: "Autumn, please." }],
    options: {},
    onSettled: (outcome) => void settled.push(outcome),
  });
  return { prepared, settled };
}

const live = (deltas: string[], reason?: string) => scripted("delivery", () => streamOf(parts(deltas, reason)));

const formats: Array<[string, FormatFor]> = [
  ["plain text", plainText],
  ["Draftwise SSE", draftwiseEvents("sse")],
  ["Draftwise JSON lines", draftwiseEvents("ndjson")],
  ["UI message stream", uiMessageStream],
  ["OpenAI chunks", openAIChunks({ includeUsage: false })],
  ["OpenAI chunks with usage", openAIChunks({ includeUsage: true })],
];

describe("delivering a prepared call as a stream", () => {
  it("writes Draftwise's SSE events: one per delta, the last with finish_reason, id, model and usage, then [DONE]", async () => {
    const model = live(["Falling", " leaves"]);
    const response = await streamAnswer(call(model).prepared, draftwiseEvents("sse"), { signal: new AbortController().signal });
    const id = model.resolved.info.id;
    expect(await response.text()).toBe(
      'data: {"content":"Falling","finish_reason":null}\n\n' +
        'data: {"content":" leaves","finish_reason":null}\n\n' +
        `data: {"content":"","finish_reason":"stop","id":"answer-1","model":"${id}","usage":{"prompt_tokens":14,"completion_tokens":3,"total_tokens":17}}\n\n` +
        "data: [DONE]\n\n",
    );
  });

  it("writes the same objects as JSON lines, without [DONE]", async () => {
    const model = live(["Hi"]);
    const response = await streamAnswer(call(model).prepared, draftwiseEvents("ndjson"), { signal: new AbortController().signal });
    const lines = (await response.text()).split("\n");
    expect(lines.at(-1)).toBe("");
    expect(lines.slice(0, -1).map((l) => JSON.parse(l))).toEqual([
      { content: "Hi", finish_reason: null },
      { content: "", finish_reason: "stop", id: "answer-1", model: model.resolved.info.id, usage: { prompt_tokens: 14, completion_tokens: 3, total_tokens: 17 } },
    ]);
    expect(response.headers.get("content-type")).toBe("application/x-ndjson; charset=utf-8");
  });

  it("writes the UI message stream useChat reads, the answer's id as the message id", async () => {
    const model = live(["Hel", "lo"]);
    const response = await streamAnswer(call(model).prepared, uiMessageStream, { signal: new AbortController().signal });
    const id = model.resolved.info.id;
    const events = (await response.text()).split("\n\n").filter(Boolean).map((e) => e.slice("data: ".length));
    expect(events.at(-1)).toBe("[DONE]");
    expect(events.slice(0, -1).map((e) => JSON.parse(e))).toEqual([
      { type: "start", messageId: "answer-1", messageMetadata: { model: id } },
      { type: "start-step" },
      { type: "text-start", id: "0" },
      { type: "text-delta", id: "0", delta: "Hel" },
      { type: "text-delta", id: "0", delta: "lo" },
      { type: "text-end", id: "0" },
      { type: "finish-step" },
      {
        type: "finish",
        finishReason: "stop",
        messageMetadata: { model: id, finishReason: "stop", usage: { inputTokens: 14, outputTokens: 3, totalTokens: 17 } },
      },
    ]);
    expect(response.headers.get("x-vercel-ai-ui-message-stream")).toBe("v1");
    expect(response.headers.get("content-type")).toBe("text/event-stream");
  });

  it("writes OpenAI's chat.completion.chunks, the usage in a last chunk only when asked for", async () => {
    const model = live(["Falling leaves"]);
    const response = await streamAnswer(call(model, "chatcmpl-1").prepared, openAIChunks({ includeUsage: true }), { signal: new AbortController().signal });
    const chunks = (await response.text()).split("\n\n").filter(Boolean).map((e) => e.slice("data: ".length));
    expect(chunks.at(-1)).toBe("[DONE]");
    const parsed = chunks.slice(0, -1).map((c) => JSON.parse(c));
    expect(parsed.map((c) => [c.choices[0]?.delta, c.choices[0]?.finish_reason, c.usage])).toEqual([
      [{ role: "assistant", content: "" }, null, null],
      [{ content: "Falling leaves" }, null, null],
      [{}, "stop", null],
      [undefined, undefined, { prompt_tokens: 14, completion_tokens: 3, total_tokens: 17 }],
    ]);
    expect(parsed[0]).toMatchObject({ id: "chatcmpl-1", object: "chat.completion.chunk", model: model.resolved.info.id });
    expect(parsed[0].created).toBeGreaterThan(1_700_000_000);
  });

  it("writes plain text as the answer's text alone", async () => {
    const response = await streamAnswer(call(live(["a", "", "b"])).prepared, plainText, { signal: new AbortController().signal });
    expect(await response.text()).toBe("ab");
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
  });

  it.each(formats)("sends the streaming headers and names the model that answered (%s)", async (_name, format) => {
    const model = live(["x"]);
    const response = await streamAnswer(call(model).prepared, format, { signal: new AbortController().signal });
    expect(response.headers.get("cache-control")).toBe("no-cache, no-transform");
    expect(response.headers.get("x-accel-buffering")).toBe("no");
    expect(response.headers.get("x-draftwise-model")).toBe(model.resolved.info.id);
    await response.text();
    await expect(generationEnded(response)).resolves.toBeUndefined();
  });

  it("spells finish reasons per format: underscores for Draftwise, OpenAI's closed set, the AI SDK's own for useChat", async () => {
    const read = async (format: FormatFor, reason: string) =>
      (await streamAnswer(call(live(["x"], reason)).prepared, format, { signal: new AbortController().signal })).text();
    expect(await read(draftwiseEvents("sse"), "content-filter")).toContain('"finish_reason":"content_filter"');
    expect(await read(openAIChunks({ includeUsage: false }), "content-filter")).toContain('"finish_reason":"content_filter"');
    expect(await read(openAIChunks({ includeUsage: false }), "other")).toContain('"finish_reason":"stop"');
    expect(await read(openAIChunks({ includeUsage: false }), "length")).toContain('"finish_reason":"length"');
    expect(await read(uiMessageStream, "content-filter")).toContain('"finishReason":"content-filter"');
  });

  it("records the call once with the model's usage when the stream ends", async () => {
    const model = live(["Hi"]);
    const { prepared, settled } = call(model);
    await (await streamAnswer(prepared, plainText, { signal: new AbortController().signal })).text();
    await vi.waitFor(() => expect(settled).toHaveLength(1));
    expect(settled[0]).toMatchObject({ status: "ok", model: model.resolved.info.id, text: "Hi", inputTokens: 14, outputTokens: 3, estimated: false });
  });

  it("records the caller's usage by default", async () => {
    vi.mocked(recordCall).mockClear();
    const model = live(["Hi"]);
    const prepared = prepareCall({ id: "x", caller, resolved: model.resolved, messages: [{ role: "user", content: "q" }], options: {} });
    await (await streamAnswer(prepared, plainText, { signal: new AbortController().signal })).text();
    await vi.waitFor(() => expect(recordCall).toHaveBeenCalledWith(caller, expect.objectContaining({ status: "ok", outputTokens: 3 })));
  });
});

describe("a failure while streaming", () => {
  const failing = () => scripted("delivery-cut", () => streamOf([...parts(["Hel"]).slice(0, 3), { type: "error", error: apiError(500) }]));
  const read = (format: FormatFor) => streamAnswer(call(failing()).prepared, format, { signal: new AbortController().signal });

  it("ends Draftwise's SSE with an error event and no [DONE]", async () => {
    const text = await (await read(draftwiseEvents("sse"))).text();
    expect(text).toMatch(/^data: \{"content":"Hel","finish_reason":null\}\n\nevent: error\ndata: \{"error":\{"code":"upstream_error","message":"[^"]+"\}\}\n\n$/);
    expect(text).not.toContain("[DONE]");
  });

  it("ends JSON lines with an error line", async () => {
    const lines = (await (await read(draftwiseEvents("ndjson"))).text()).trim().split("\n").map((l) => JSON.parse(l));
    expect(lines).toEqual([{ content: "Hel", finish_reason: null }, { error: expect.objectContaining({ code: "upstream_error" }) }]);
  });

  it("ends the UI message stream with its error event, then [DONE]", async () => {
    const text = await (await read(uiMessageStream)).text();
    expect(text).toMatch(/data: \{"type":"error","errorText":"[^"]+"\}\n\ndata: \[DONE\]\n\n$/);
    expect(text).not.toContain('"type":"finish"');
  });

  it("ends OpenAI's chunks with an error in OpenAI's shape", async () => {
    const text = await (await read(openAIChunks({ includeUsage: false }))).text();
    const last = JSON.parse(text.trim().split("\n\n").at(-1)!.slice("data: ".length));
    expect(last).toEqual({ error: { message: expect.any(String), type: "server_error", param: null, code: "upstream_error" } });
    expect(text).not.toContain("[DONE]");
  });

  it("ends a plain text body abnormally, so a clean end always means a whole answer", async () => {
    await expect((await read(plainText)).text()).rejects.toBeDefined();
  });

  it("records the call as failed with the text sent so far", async () => {
    const { prepared, settled } = call(failing());
    await (await streamAnswer(prepared, draftwiseEvents("sse"), { signal: new AbortController().signal })).text();
    await vi.waitFor(() => expect(settled).toHaveLength(1));
    expect(settled[0]).toMatchObject({ status: "error", text: "Hel", errorCode: "upstream_error" });
  });

  it("throws before the first token, for the route to answer with a status, and closes the sink", async () => {
    const model = scripted("delivery-400", () => {
      throw apiError(400);
    });
    const sink = { body: new ReadableStream(), write: vi.fn(), close: vi.fn(), signal: new AbortController().signal };
    const error = await rejection(streamAnswer(call(model).prepared, uiMessageStream, { signal: sink.signal, sink }));
    expect(AppError.is(error) && error.code).toBe("upstream_error");
    expect(sink.close).toHaveBeenCalledOnce();
    expect(sink.write).not.toHaveBeenCalled();
  });
});

describe("the client going away", () => {
  /** A model that sends one delta and then waits, until its call is aborted. */
  const hanging = () => scripted("delivery-hang", (_n, options) => streamOf(parts(["Hel"]).slice(0, 3), options.abortSignal, true));

  it("aborts the model call when the client stops reading, and records the call as aborted", async () => {
    const model = hanging();
    const { prepared, settled } = call(model);
    const response = await streamAnswer(prepared, plainText, { signal: new AbortController().signal });
    const reader = response.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe("Hel");
    await reader.cancel();
    await vi.waitFor(() => expect(model.signals[0]!.aborted).toBe(true));
    await vi.waitFor(() => expect(settled).toHaveLength(1));
    expect(settled[0]).toMatchObject({ status: "aborted", text: "Hel" });
  });

  it("aborts the model call when the request's signal aborts", async () => {
    const model = hanging();
    const { prepared, settled } = call(model);
    const client = new AbortController();
    const response = await streamAnswer(prepared, draftwiseEvents("sse"), { signal: client.signal });
    client.abort();
    // The client is gone: what the body ends with reaches no one.
    await response.text().catch(() => "");
    await vi.waitFor(() => expect(settled).toHaveLength(1));
    expect(settled[0]!.status).toBe("aborted");
    expect(model.signals[0]!.aborted).toBe(true);
  });
});

describe("JSON answers", () => {
  const generating = () =>
    scripted(
      "delivery-json",
      () => streamOf([]),
      () => ({ content: [{ type: "text", text: "Falling leaves" }], finishReason: { unified: "content-filter", raw: "x" }, usage: tokens(14, 2), warnings: [] }),
    );

  it("answers Draftwise's completion with its id, the answering model, the finish reason and usage", async () => {
    const model = generating();
    expect(await complete(call(model).prepared, new AbortController().signal)).toEqual({
      id: "answer-1",
      content: "Falling leaves",
      model: model.resolved.info.id,
      finish_reason: "content_filter",
      usage: { prompt_tokens: 14, completion_tokens: 2, total_tokens: 16 },
    });
  });

  it("answers the JSON mode with X-Draftwise-Model", async () => {
    const model = generating();
    const response = await respond(call(model).prepared, "json", new AbortController().signal);
    expect(response.headers.get("x-draftwise-model")).toBe(model.resolved.info.id);
    expect(await response.json()).toMatchObject({ content: "Falling leaves" });
  });

  it("answers OpenAI's chat.completion", async () => {
    const model = generating();
    const response = await respondOpenAICompletion(call(model, "chatcmpl-2").prepared, new AbortController().signal);
    expect(response.headers.get("x-draftwise-model")).toBe(model.resolved.info.id);
    expect(await response.json()).toEqual({
      id: "chatcmpl-2",
      object: "chat.completion",
      created: expect.any(Number),
      model: model.resolved.info.id,
      choices: [{ index: 0, message: { role: "assistant", content: "Falling leaves", refusal: null }, finish_reason: "content_filter", logprobs: null }],
      usage: { prompt_tokens: 14, completion_tokens: 2, total_tokens: 16 },
    });
  });
});

describe("scripted examples", () => {
  const deltas = ["Falling", " leaves", "", " drift"];

  it.each(formats)("render the bytes a live stream of the same deltas sends (%s)", async (_name, format) => {
    const model = live(deltas, "length");
    const response = await streamAnswer(call(model, "chat-3f0c").prepared, format, { signal: new AbortController().signal });
    const bytes = await response.text();
    // The one thing a live stream decides itself: OpenAI's `created`, the time it started.
    const created = Number(/"created":(\d+)/.exec(bytes)?.[1] ?? 0);
    const example = renderExample(format, {
      deltas,
      finishReason: "length",
      usage: usageJson({ inputTokens: 14, outputTokens: 3 }),
      id: "chat-3f0c",
      model: model.resolved.info.id,
      created,
    });
    expect(example).toBe(bytes);
  });

  it("render the example the API reference shows for Draftwise's events", () => {
    const usage = { prompt_tokens: 14, completion_tokens: 3, total_tokens: 17 };
    expect(renderExample(draftwiseEvents("sse"), { deltas: ["Falling", " leaves"], finishReason: "stop", usage, id: "chat-3f0c…", model: "gpt-4.1-mini" })).toBe(
      'data: {"content":"Falling","finish_reason":null}\n\n' +
        'data: {"content":" leaves","finish_reason":null}\n\n' +
        'data: {"content":"","finish_reason":"stop","id":"chat-3f0c…","model":"gpt-4.1-mini","usage":{"prompt_tokens":14,"completion_tokens":3,"total_tokens":17}}\n\n' +
        "data: [DONE]\n\n",
    );
  });

  it("render the example the API reference shows for OpenAI's chunks with usage", () => {
    const usage = { prompt_tokens: 14, completion_tokens: 2, total_tokens: 16 };
    const script = { deltas: ["Falling leaves"], finishReason: "stop", usage, id: "chatcmpl-3f0c…", model: "gpt-4.1-mini", created: 1_795_219_200 };
    const base = '{"id":"chatcmpl-3f0c…","object":"chat.completion.chunk","created":1795219200,"model":"gpt-4.1-mini","choices":';
    expect(renderExample(openAIChunks({ includeUsage: true }), script)).toBe(
      `data: ${base}[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null,"logprobs":null}],"usage":null}\n\n` +
        `data: ${base}[{"index":0,"delta":{"content":"Falling leaves"},"finish_reason":null,"logprobs":null}],"usage":null}\n\n` +
        `data: ${base}[{"index":0,"delta":{},"finish_reason":"stop","logprobs":null}],"usage":null}\n\n` +
        `data: ${base}[],"usage":{"prompt_tokens":14,"completion_tokens":2,"total_tokens":16}}\n\n` +
        "data: [DONE]\n\n",
    );
  });
});
