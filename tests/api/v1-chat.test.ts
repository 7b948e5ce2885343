import { beforeAll, describe, expect, inject, it } from "vitest";
import { v1CompletionSchema } from "@/lib/contracts/v1";
import {
  createKey,
  expectApiError,
  expectCompleteEvents,
  keyOwner,
  ndjsonLines,
  sseBlocks,
  v1,
  type V1StreamEvent,
} from "./api-key-helpers";
import { uniqueTag, upstreamRequests, waitFor } from "./helpers";
import { guestSession, type Session } from "./session";

const ask = (content: string, extra: Record<string, unknown> = {}) => ({ messages: [{ role: "user", content }], ...extra });

let key: string;
let owner: Session;
beforeAll(async () => {
  ({ key, session: owner } = await keyOwner());
});

const chat = (body: unknown, headers: Record<string, string> = {}) => v1("/api/v1/chat", { key, body, headers });

describe("POST /api/v1/chat — JSON", () => {
  it("answers one JSON object {id, content, model, finish_reason, usage} by default", async () => {
    const res = await chat(ask("Hello [[tokens=7]]"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    expect(res.headers.get("x-draftwise-model")).toBe("fake-model");
    const body = await res.json();
    expect(Object.keys(body).sort()).toEqual(["content", "finish_reason", "id", "model", "usage"]);
    const answer = v1CompletionSchema.parse(body);
    expect(answer).toMatchObject({ model: "fake-model", finish_reason: "stop" });
    expect(answer.content.split(" ")).toHaveLength(7);
    expect(answer.usage.completion_tokens).toBe(7);
    expect(answer.usage.total_tokens).toBe(answer.usage.prompt_tokens + 7);
  });

  it("passes the system message, temperature, max_tokens, stop and model to the provider", async () => {
    const tag = uniqueTag("v1opts");
    const res = await chat({
      messages: [
        { role: "system", content: "Answer like a pirate." },
        { role: "user", content: `Hi [[tag=${tag}]] [[tokens=30]]` },
      ],
      model: "fake-model-small",
      temperature: 0.2,
      max_tokens: 5,
      stop: ["END"],
    });
    const answer = v1CompletionSchema.parse(await res.json());
    expect(answer).toMatchObject({ model: "fake-model-small", finish_reason: "length" });
    const [request] = await upstreamRequests(tag);
    const sent = request!.body as Record<string, unknown> & { messages: { content: string }[] };
    expect(sent.model).toBe("fake-model-small");
    expect(sent.temperature).toBe(0.2);
    expect(sent.max_tokens ?? sent.max_completion_tokens).toBe(5);
    expect(sent.stop).toEqual(["END"]);
    expect(sent.messages[0]!.content).toContain("Answer like a pirate.");
  });

  it("answers JSON for stream: false even when the client accepts JSON lines", async () => {
    const res = await chat(ask("Hi [[tokens=3]]", { stream: false }), { Accept: "application/x-ndjson" });
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    expect(v1CompletionSchema.parse(await res.json()).content.split(" ")).toHaveLength(3);
  });
});

describe("POST /api/v1/chat — streaming", () => {
  it("streams Server-Sent Events: one data event per delta, a last event with finish_reason and usage, then [DONE]", async () => {
    const res = await chat(ask("Hello [[tokens=5]]", { stream: true }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(res.headers.get("cache-control")).toBe("no-cache, no-transform");
    expect(res.headers.get("x-accel-buffering")).toBe("no");
    const blocks = sseBlocks(await res.text());
    expect(blocks.at(-1)).toEqual({ data: "[DONE]" });
    expect(blocks.every((b) => b.event === undefined)).toBe(true);
    const events = blocks.slice(0, -1).map((b) => JSON.parse(b.data) as V1StreamEvent);
    expect(events).toHaveLength(6);
    const text = expectCompleteEvents(events);
    expect(text.split(" ")).toHaveLength(5);
    expect(events.at(-1)!.usage!.completion_tokens).toBe(5);
  });

  it("delivers events as they are generated, not all at the end", async () => {
    const res = await chat(ask("Hello [[tokens=8]] [[delay=80]]", { stream: true }));
    const reader = res.body!.getReader();
    const started = Date.now();
    await reader.read();
    const firstAt = Date.now() - started;
    while (!(await reader.read()).done);
    expect(Date.now() - started - firstAt).toBeGreaterThan(300);
  });

  it("streams the same events as JSON lines for Accept: application/x-ndjson", async () => {
    const res = await chat(ask("Hello [[tokens=4]]", { stream: true }), { Accept: "application/x-ndjson" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    expect(res.headers.get("cache-control")).toBe("no-cache, no-transform");
    expect(res.headers.get("x-accel-buffering")).toBe("no");
    const text = await res.text();
    expect(text).not.toContain("data:");
    expect(text).not.toContain("[DONE]");
    const events = ndjsonLines(text) as unknown as V1StreamEvent[];
    expect(events).toHaveLength(5);
    expect(expectCompleteEvents(events).split(" ")).toHaveLength(4);
  });

  it("reports a stream cut after the first token as an error event, without [DONE]", async () => {
    const res = await chat(ask(`Hi [[cut=3]] [[tokens=20]] [[id=${uniqueTag("v1cut")}]]`, { stream: true }));
    expect(res.status).toBe(200);
    const blocks = sseBlocks(await res.text());
    expect(blocks.some((b) => b.data === "[DONE]")).toBe(false);
    const error = blocks.at(-1)!;
    expect(error.event).toBe("error");
    const body = JSON.parse(error.data) as { error: { code: string; message: string } };
    expect(body.error.code).toMatch(/^upstream_/);
    expect(body.error.message.length).toBeGreaterThan(5);
    expect(error.data).not.toMatch(/127\.0\.0\.1|at .+\(/);
    const deltas = blocks.slice(0, -1).map((b) => JSON.parse(b.data) as V1StreamEvent);
    expect(deltas.length).toBeGreaterThan(0);
    expect(deltas.every((d) => d.finish_reason === null)).toBe(true);
  });

  it("reports the model's overall timeout mid-stream as an upstream_timeout error event, not a silent end", async () => {
    // First token in time (900 ms < MODEL_FIRST_TOKEN_TIMEOUT_MS), the whole answer not (8 × 900 ms > MODEL_TIMEOUT_MS).
    const res = await chat(ask(`Hi [[tokens=8]] [[delay=900]] [[id=${uniqueTag("v1slow")}]]`, { stream: true }));
    expect(res.status).toBe(200);
    const blocks = sseBlocks(await res.text());
    expect(blocks.length).toBeGreaterThan(1);
    expect(blocks.some((b) => b.data === "[DONE]")).toBe(false);
    const last = blocks.at(-1)!;
    expect(last.event).toBe("error");
    expect((JSON.parse(last.data) as { error: { code: string } }).error.code).toBe("upstream_timeout");
  });

  it("reports a stream cut as a last JSON line holding the error", async () => {
    const res = await chat(ask(`Hi [[cut=2]] [[tokens=20]] [[id=${uniqueTag("v1cutnd")}]]`, { stream: true }), {
      Accept: "application/x-ndjson",
    });
    const lines = ndjsonLines(await res.text());
    const last = lines.at(-1) as { error?: { code: string; message: string } };
    expect(last.error?.code).toMatch(/^upstream_/);
    expect(lines.slice(0, -1).every((l) => l.finish_reason === null)).toBe(true);
  });
});

describe("POST /api/v1/chat — conversations", () => {
  it("stores the exchange in the caller's own conversation", async () => {
    const created = await owner.json("/api/conversations", {});
    expect(created.status).toBe(201);
    const { conversation } = (await created.json()) as { conversation: { id: string } };
    const res = await chat(ask("What makes a good title? [[tokens=6]]", { conversation_id: conversation.id }));
    const answer = v1CompletionSchema.parse(await res.json());
    const stored = await waitFor(async () => {
      const body = (await (await owner.json(`/api/conversations/${conversation.id}`)).json()) as {
        conversation: { messages: { id: string; role: string; content: string; status: string }[] };
      };
      const messages = body.conversation.messages;
      return messages.length === 2 && messages[1]!.status === "complete" ? messages : undefined;
    });
    expect(stored[0]).toMatchObject({ role: "user", content: "What makes a good title? [[tokens=6]]" });
    expect(stored[1]).toMatchObject({ id: answer.id, role: "assistant", content: answer.content });
  });

  it("stores a streamed exchange too", async () => {
    const { conversation } = (await (await owner.json("/api/conversations", {})).json()) as { conversation: { id: string } };
    const res = await chat(ask("Stream it [[tokens=4]]", { conversation_id: conversation.id, stream: true }));
    const blocks = sseBlocks(await res.text());
    const last = JSON.parse(blocks.at(-2)!.data) as V1StreamEvent;
    const stored = await waitFor(async () => {
      const body = (await (await owner.json(`/api/conversations/${conversation.id}`)).json()) as {
        conversation: { messages: { id: string; role: string; status: string }[] };
      };
      const messages = body.conversation.messages;
      return messages.length === 2 && messages[1]!.status === "complete" ? messages : undefined;
    });
    expect(stored[1]).toMatchObject({ id: last.id, role: "assistant" });
  });

  it("answers 404 for another user's conversation and stores nothing there", async () => {
    const other = await guestSession();
    const { conversation } = (await (await other.json("/api/conversations", {})).json()) as { conversation: { id: string } };
    await expectApiError(await chat(ask("Hi", { conversation_id: conversation.id })), 404, "not_found");
    const body = (await (await other.json(`/api/conversations/${conversation.id}`)).json()) as { conversation: { messages: unknown[] } };
    expect(body.conversation.messages).toHaveLength(0);
  });

  it("answers 404 for a conversation that does not exist", async () => {
    await expectApiError(await chat(ask("Hi", { conversation_id: crypto.randomUUID() })), 404, "not_found");
  });
});

describe("POST /api/v1/chat — errors", () => {
  const invalid: Array<[string, unknown, string | undefined]> = [
    ["no messages", { messages: [] }, "messages"],
    ["messages that are not a list", { messages: "hi" }, "messages"],
    ["a message in useChat's parts format", { messages: [{ role: "user", parts: [{ type: "text", text: "hi" }] }] }, "messages.0.content"],
    ["an unknown role", { messages: [{ role: "tool", content: "x" }] }, "messages.0.role"],
    ["no user message", { messages: [{ role: "system", content: "be brief" }] }, "messages"],
    ["a system message after the first", { messages: [{ role: "user", content: "a" }, { role: "system", content: "b" }] }, "messages.1.role"],
    ["an unknown field", ask("hi", { temprature: 1 }), "temprature"],
    ["a temperature above 2", ask("hi", { temperature: 2.5 }), "temperature"],
    ["a non-boolean stream flag", ask("hi", { stream: "yes" }), "stream"],
    ["a conversation id that is not a UUID", ask("hi", { conversation_id: "abc" }), "conversation_id"],
  ];
  it.each(invalid)("answers 400 invalid_request for %s, naming the field", async (_name, body, param) => {
    await expectApiError(await chat(body), 400, "invalid_request", param);
  });

  it("answers 400 when max_tokens exceeds the model's output limit", async () => {
    const error = await expectApiError(await chat(ask("hi", { max_tokens: 4096 })), 400, "invalid_request", "max_tokens");
    expect(error.message).toContain("2048");
  });

  it("answers 400 model_not_found for a model that is not configured", async () => {
    await expectApiError(await chat(ask("hi", { model: "gpt-9" })), 400, "model_not_found", "model");
  });

  it("answers 429 rate_limited with Retry-After when the key's requests per minute are used up", async () => {
    const { key: limited } = await keyOwner(undefined, { limits: { rpm: 1 } });
    const first = await v1("/api/v1/chat", { key: limited, body: ask("one [[tokens=2]]") });
    expect(first.status).toBe(200);
    expect(first.headers.get("x-ratelimit-limit-requests")).toBe("1");
    expect(first.headers.get("x-ratelimit-remaining-requests")).toBe("0");
    await first.text();
    const second = await v1("/api/v1/chat", { key: limited, body: ask("two [[tokens=2]]") });
    const error = await expectApiError(second, 429, "rate_limited", "rpm");
    expect(error.message).toMatch(/1 request per minute/);
    expect(Number(second.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(second.headers.get("ratelimit-policy")).toContain('"key-rpm";q=1');
    expect(second.headers.get("x-ratelimit-remaining-requests")).toBe("0");
  });

  it("answers 429 insufficient_quota when the request would exceed the key's daily token budget", async () => {
    const tag = uniqueTag("budget");
    const { key: small } = await keyOwner(undefined, { limits: { daily_tokens: 100 } });
    const res = await v1("/api/v1/chat", { key: small, body: ask(`Hi [[tag=${tag}]]`) });
    const error = await expectApiError(res, 429, "insufficient_quota", "daily_tokens");
    expect(error.message).toContain("100");
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(res.headers.get("x-budget-remaining-tokens-daily")).toBe("100");
    expect(await upstreamRequests(tag)).toHaveLength(0);
  });

  it("reports the remaining daily budget on a successful call of a key with a budget", async () => {
    const { key: budgeted } = await keyOwner(undefined, { limits: { daily_tokens: 100_000 } });
    const res = await v1("/api/v1/chat", { key: budgeted, body: ask("Hi [[tokens=3]]") });
    expect(res.status).toBe(200);
    await res.json();
    const remaining = Number(res.headers.get("x-budget-remaining-tokens-daily"));
    expect(remaining).toBeGreaterThan(0);
    expect(remaining).toBeLessThan(100_000);
  });

  it("maps a persistent provider 500 to 502 upstream_error", async () => {
    const tag = uniqueTag("v1-500");
    await expectApiError(await chat(ask(`Hi [[fail=500]] [[tag=${tag}]]`)), 502, "upstream_error");
    expect(await upstreamRequests(tag)).toHaveLength(3);
  });

  it("maps a persistent provider 503 to 503 upstream_unavailable with Retry-After", async () => {
    const res = await chat(ask(`Hi [[fail=503]] [[id=${uniqueTag("v1-503")}]]`, { stream: true }));
    await expectApiError(res, 503, "upstream_unavailable");
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  });

  it("maps a persistent provider 429 to 503 upstream_rate_limited", async () => {
    await expectApiError(await chat(ask(`Hi [[fail=429]] [[id=${uniqueTag("v1-429")}]]`)), 503, "upstream_rate_limited");
  });

  it("answers 504 upstream_timeout when the first token does not come in time", async () => {
    const started = Date.now();
    await expectApiError(await chat(ask(`Hi [[first=10000]] [[id=${uniqueTag("v1-504")}]]`, { stream: true })), 504, "upstream_timeout");
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("answers 504 upstream_timeout for a JSON answer that does not come in time", async () => {
    await expectApiError(await chat(ask(`Hi [[first=10000]] [[id=${uniqueTag("v1-504j")}]]`)), 504, "upstream_timeout");
  });

  it("answers 503 model_not_configured on an instance without a model", async () => {
    const base = inject("unconfiguredUrl");
    const session = await guestSession(base);
    const { key: unconfiguredKey } = await createKey(session);
    const res = await v1("/api/v1/chat", { base, key: unconfiguredKey, body: ask("hi") });
    await expectApiError(res, 503, "model_not_configured");
  });
});
