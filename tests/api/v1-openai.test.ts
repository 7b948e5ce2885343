import OpenAI, { APIError, AuthenticationError, BadRequestError, InternalServerError, NotFoundError, RateLimitError } from "openai";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { openAIChatChunkSchema, openAIChatCompletionSchema } from "@/lib/contracts/openai";
import { v1ModelListSchema, v1ModelSchema } from "@/lib/contracts/v1";
import { expectApiError, keyOwner, sseBlocks, v1 } from "./api-key-helpers";
import { appUrl, uniqueTag, upstreamRequests } from "./helpers";

/** The official SDK, as a developer would set it up against Draftwise (no retries, so every status is seen). */
const client = (apiKey: string) => new OpenAI({ apiKey, baseURL: `${appUrl()}/api/v1`, maxRetries: 0, timeout: 20_000 });

let key: string;
let openai: OpenAI;
beforeAll(async () => {
  ({ key } = await keyOwner());
  openai = client(key);
});

/** The error a promise rejects with (the test fails if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}

const user = (content: string) => [{ role: "user" as const, content }];

describe("the openai SDK: models", () => {
  it("models.list lists the configured models", async () => {
    const ids: string[] = [];
    for await (const model of openai.models.list()) {
      expect(model.object).toBe("model");
      expect(model.created).toEqual(expect.any(Number));
      expect(model.owned_by).toEqual(expect.any(String));
      ids.push(model.id);
    }
    expect(ids).toEqual(expect.arrayContaining(["fake-model", "fake-model-small"]));
  });

  it("models.retrieve returns one model", async () => {
    const model = await openai.models.retrieve("fake-model-small");
    expect(model).toMatchObject({ id: "fake-model-small", object: "model" });
  });

  it("models.retrieve of an unknown model raises NotFoundError", async () => {
    const error = await rejection(openai.models.retrieve("gpt-9"));
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).status).toBe(404);
  });
});

describe("raw HTTP: GET /api/v1/models", () => {
  it("lists the configured models with their limits, the default marked", async () => {
    const res = await v1("/api/v1/models", { key });
    expect(res.status).toBe(200);
    const { data } = v1ModelListSchema.parse(await res.json());
    expect(data.map((m) => m.id)).toEqual(["fake-model", "fake-model-small"]);
    expect(data[0]).toMatchObject({ default: true, context_window: 8192, max_output_tokens: 2048 });
    expect(data[1]!.default).toBe(false);
  });

  it("answers one model by id", async () => {
    const res = await v1("/api/v1/models/fake-model", { key });
    expect(v1ModelSchema.parse(await res.json()).id).toBe("fake-model");
  });

  it("answers 404 for a model that is not configured", async () => {
    await expectApiError(await v1("/api/v1/models/gpt-9", { key }), 404, "not_found", "model");
  });
});

describe("an instance without a model", () => {
  let base: string;
  let unconfigured: OpenAI;
  beforeAll(async () => {
    base = inject("unconfiguredUrl");
    const { key: own } = await keyOwner(base);
    unconfigured = new OpenAI({ apiKey: own, baseURL: `${base}/api/v1`, maxRetries: 0 });
  });

  it("lists no models", async () => {
    const page = await unconfigured.models.list();
    expect(page.data).toEqual([]);
  });

  it("answers chat completions with 503 model_not_configured (InternalServerError)", async () => {
    const error = await rejection(unconfigured.chat.completions.create({ model: "fake-model", messages: user("Hi") }));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ status: 503, code: "model_not_configured", type: "server_error" });
  });
});

describe("the openai SDK: chat.completions.create", () => {
  it("answers a chat.completion without streaming", async () => {
    const completion = await openai.chat.completions.create({ model: "fake-model", messages: user("Hello [[tokens=6]]") });
    expect(openAIChatCompletionSchema.parse(completion)).toEqual({ ...completion });
    expect(completion.id).toMatch(/^chatcmpl-/);
    expect(completion.object).toBe("chat.completion");
    expect(Math.abs(completion.created - Date.now() / 1000)).toBeLessThan(60);
    expect(completion.model).toBe("fake-model");
    expect(completion.choices).toHaveLength(1);
    expect(completion.choices[0]!.message.role).toBe("assistant");
    expect(completion.choices[0]!.message.content!.split(" ")).toHaveLength(6);
    expect(completion.choices[0]!.finish_reason).toBe("stop");
    expect(completion.usage!.completion_tokens).toBe(6);
    expect(completion.usage!.total_tokens).toBe(completion.usage!.prompt_tokens + 6);
  });

  it("passes the client's own system prompt, temperature, max_completion_tokens and stop through", async () => {
    const tag = uniqueTag("oai-opts");
    const completion = await openai.chat.completions.create({
      model: "fake-model-small",
      messages: [
        { role: "developer", content: "You are terse." },
        { role: "user", content: `Hi [[tag=${tag}]] [[tokens=30]]` },
      ],
      temperature: 0.4,
      max_completion_tokens: 4,
      stop: ["END"],
    });
    expect(completion.model).toBe("fake-model-small");
    expect(completion.choices[0]!.finish_reason).toBe("length");
    const [request] = await upstreamRequests(tag);
    const sent = request!.body as Record<string, unknown> & { messages: { role: string; content: string }[] };
    expect(sent.messages[0]).toMatchObject({ role: "system", content: "You are terse." });
    expect(sent.temperature).toBe(0.4);
    expect(sent.max_tokens ?? sent.max_completion_tokens).toBe(4);
    expect(sent.stop).toEqual(["END"]);
  });

  it("accepts content given as text parts", async () => {
    const completion = await openai.chat.completions.create({
      model: "fake-model",
      messages: [{ role: "user", content: [{ type: "text", text: "Hello [[tokens=2]]" }] }],
    });
    expect(completion.choices[0]!.message.content!.split(" ")).toHaveLength(2);
  });

  it("streams chat.completion.chunks and, with include_usage, a last usage chunk with no choices", async () => {
    const stream = await openai.chat.completions.create({
      model: "fake-model",
      messages: user("Hello [[tokens=5]]"),
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    for (const chunk of chunks) {
      expect(openAIChatChunkSchema.parse(chunk)).toEqual({ ...chunk });
      expect(chunk).toMatchObject({ id: chunks[0]!.id, object: "chat.completion.chunk", created: chunks[0]!.created, model: "fake-model" });
    }
    expect(chunks[0]!.id).toMatch(/^chatcmpl-/);
    const usageChunk = chunks.at(-1)!;
    expect(usageChunk.choices).toEqual([]);
    expect(usageChunk.usage!.completion_tokens).toBe(5);
    expect(usageChunk.usage!.total_tokens).toBe(usageChunk.usage!.prompt_tokens + 5);
    const withChoices = chunks.slice(0, -1);
    for (const chunk of withChoices) expect(chunk.usage).toBeNull();
    expect(withChoices[0]!.choices[0]!.delta.role).toBe("assistant");
    expect(withChoices.at(-1)!.choices[0]!.finish_reason).toBe("stop");
    expect(withChoices.slice(0, -1).every((c) => c.choices[0]!.finish_reason === null)).toBe(true);
    const text = withChoices.map((c) => c.choices[0]!.delta.content ?? "").join("");
    expect(text.split(" ")).toHaveLength(5);
  });

  it("streams without any usage field when include_usage is not asked for", async () => {
    const stream = await openai.chat.completions.create({ model: "fake-model", messages: user("Hello [[tokens=3]]"), stream: true });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) {
      expect(chunk).not.toHaveProperty("usage");
      expect(chunk.choices).toHaveLength(1);
    }
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe("stop");
  });

  it("the SDK's stream helper assembles the final completion", async () => {
    const runner = openai.chat.completions.stream({ model: "fake-model", messages: user("Hello [[tokens=4]]") });
    const completion = await runner.finalChatCompletion();
    expect(completion.choices[0]!.message.content!.split(" ")).toHaveLength(4);
    expect(completion.choices[0]!.finish_reason).toBe("stop");
  });

  it("raises an APIError in the stream when the provider's stream breaks after the first token", async () => {
    const stream = await openai.chat.completions.create({
      model: "fake-model",
      messages: user(`Hi [[cut=2]] [[tokens=20]] [[id=${uniqueTag("oai-cut")}]]`),
      stream: true,
    });
    const error = await rejection(
      (async () => {
        for await (const chunk of stream) void chunk;
      })(),
    );
    expect(error).toBeInstanceOf(APIError);
    expect(String((error as APIError).message)).not.toMatch(/127\.0\.0\.1/);
  });
});

describe("raw HTTP: POST /api/v1/chat/completions", () => {
  it("ends a stream with data: [DONE] and sets proxy-safe headers", async () => {
    const res = await v1("/api/v1/chat/completions", {
      key,
      body: { model: "fake-model", messages: user("Hi [[tokens=3]]"), stream: true, stream_options: { include_usage: true } },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(res.headers.get("cache-control")).toBe("no-cache, no-transform");
    expect(res.headers.get("x-accel-buffering")).toBe("no");
    const blocks = sseBlocks(await res.text());
    expect(blocks.at(-1)).toEqual({ data: "[DONE]" });
    const chunks = blocks.slice(0, -1).map((b) => openAIChatChunkSchema.parse(JSON.parse(b.data)));
    expect(chunks.at(-1)!.choices).toEqual([]);
    const usage = chunks.at(-1)!.usage!;
    expect(usage.completion_tokens).toBe(3);
    expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);
  });

  it("ends a stream that exceeds the model's overall timeout with an error event, not a silent end", async () => {
    const res = await v1("/api/v1/chat/completions", {
      key,
      body: { model: "fake-model", messages: user(`Hi [[tokens=8]] [[delay=900]] [[id=${uniqueTag("oai-slow")}]]`), stream: true },
    });
    expect(res.status).toBe(200);
    const blocks = sseBlocks(await res.text());
    expect(blocks.some((b) => b.data === "[DONE]")).toBe(false);
    const last = JSON.parse(blocks.at(-1)!.data) as { error?: { code: string; type: string } };
    expect(last.error).toMatchObject({ code: "upstream_timeout", type: "server_error" });
  });

  it("accepts the key as X-API-Key too", async () => {
    const res = await fetch(`${appUrl()}/api/v1/chat/completions`, {
      method: "POST",
      headers: { "X-API-Key": key, "Content-Type": "application/json" },
      body: JSON.stringify({ model: "fake-model", messages: user("Hi [[tokens=2]]") }),
    });
    expect(res.status).toBe(200);
    expect(openAIChatCompletionSchema.parse(await res.json()).object).toBe("chat.completion");
  });

  it("ignores request fields it does not know, as OpenAI clients add new ones", async () => {
    const res = await v1("/api/v1/chat/completions", {
      key,
      body: { model: "fake-model", messages: user("Hi [[tokens=2]]"), user: "end-user-1", seed: 7, store: false, metadata: { a: "b" } },
    });
    expect(res.status).toBe(200);
  });
});

describe("the openai SDK: errors map to its exception classes", () => {
  it("an unknown model → NotFoundError (404) naming the model", async () => {
    const error = await rejection(openai.chat.completions.create({ model: "gpt-9", messages: user("Hi") }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, code: "model_not_found", param: "model", type: "invalid_request_error" });
  });

  it("an endpoint Draftwise does not offer (embeddings) → NotFoundError (404)", async () => {
    const error = await rejection(openai.embeddings.create({ model: "fake-model", input: "hello" }));
    expect(error).toBeInstanceOf(NotFoundError);
  });

  it("a bad key → AuthenticationError (401)", async () => {
    const error = await rejection(client(`dw_${"k".repeat(40)}`).chat.completions.create({ model: "fake-model", messages: user("Hi") }));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, code: "invalid_api_key", type: "authentication_error" });
  });

  it("a malformed key → AuthenticationError (401)", async () => {
    const error = await rejection(client("sk-proj-123").models.list());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, code: "invalid_api_key" });
  });

  const badBodies: Array<[string, Record<string, unknown>, string]> = [
    ["n: 2", { model: "fake-model", messages: user("Hi"), n: 2 }, "n"],
    ["tools", { model: "fake-model", messages: user("Hi"), tools: [{ type: "function", function: { name: "f", parameters: {} } }] }, "tools"],
    ["missing messages", { model: "fake-model" }, "messages"],
    ["no user message", { model: "fake-model", messages: [{ role: "system", content: "Be nice." }] }, "messages"],
    ["an image content part", { model: "fake-model", messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "x" } }] }] }, "messages.0.content"],
    ["a missing model", { messages: user("Hi") }, "model"],
    ["a temperature above 2", { model: "fake-model", messages: user("Hi"), temperature: 3 }, "temperature"],
  ];
  it("n > 1 → BadRequestError that points to the routes with variants", async () => {
    const error = await rejection(openai.chat.completions.create({ model: "fake-model", messages: user("Hi"), n: 3 }));
    expect(error).toMatchObject({ status: 400, param: "n" });
    expect((error as BadRequestError).message).toMatch(/OpenAI and Azure OpenAI support n natively[\s\S]*\/api\/v1\/write or \/api\/v1\/edits/);
  });

  it.each(badBodies)("a bad body (%s) → BadRequestError (400) with param", async (_name, body, param) => {
    const error = await rejection(openai.chat.completions.create(body as never));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ status: 400, param, type: "invalid_request_error", code: "invalid_request" });
    expect((error as BadRequestError).message.length).toBeGreaterThan(5);
  });

  it("max_tokens over the model's limit → BadRequestError naming max_tokens", async () => {
    const error = await rejection(openai.chat.completions.create({ model: "fake-model", messages: user("Hi"), max_tokens: 4096 }));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ status: 400, param: "max_tokens" });
  });

  it("the key's rate limit → RateLimitError (429) with Retry-After", async () => {
    const { key: limited } = await keyOwner(undefined, { limits: { rpm: 1 } });
    const sdk = client(limited);
    await sdk.chat.completions.create({ model: "fake-model", messages: user("one [[tokens=2]]") });
    const error = await rejection(sdk.chat.completions.create({ model: "fake-model", messages: user("two [[tokens=2]]") }));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, code: "rate_limited", type: "rate_limit_error", param: "rpm" });
    expect(Number((error as RateLimitError).headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((error as RateLimitError).headers.get("x-ratelimit-remaining-requests")).toBe("0");
  });

  it("the key's token budget → RateLimitError (429) of type insufficient_quota", async () => {
    const { key: small } = await keyOwner(undefined, { limits: { daily_tokens: 50 } });
    const error = await rejection(client(small).chat.completions.create({ model: "fake-model", messages: user("Hi") }));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, code: "insufficient_quota", type: "insufficient_quota" });
  });

  it("a provider that keeps failing with 500 → InternalServerError (502)", async () => {
    const error = await rejection(
      openai.chat.completions.create({ model: "fake-model", messages: user(`Hi [[fail=500]] [[id=${uniqueTag("oai500")}]]`) }),
    );
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ status: 502, code: "upstream_error", type: "server_error" });
  });

  it("a provider that does not answer in time → InternalServerError (504)", async () => {
    const error = await rejection(
      openai.chat.completions.create({ model: "fake-model", messages: user(`Hi [[first=10000]] [[id=${uniqueTag("oai504")}]]`), stream: true }),
    );
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ status: 504, code: "upstream_timeout" });
  });

  it("a provider that stays unavailable → InternalServerError (503), streaming too", async () => {
    const error = await rejection(
      openai.chat.completions.create({
        model: "fake-model",
        messages: user(`Hi [[fail=503]] [[id=${uniqueTag("oai503")}]]`),
        stream: true,
      }),
    );
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ status: 503, code: "upstream_unavailable" });
  });
});
