import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.LOG_LEVEL = "silent";
  process.env.MODEL_MAX_RETRIES = "2";
  process.env.MODEL_RETRY_BASE_MS = "1";
  process.env.MODEL_RETRY_MAX_DELAY_MS = "20";
  process.env.MODEL_FIRST_TOKEN_TIMEOUT_MS = "5000";
  process.env.MODEL_TIMEOUT_MS = "30000";
  // Per route: a short first-token deadline on one route, a short total deadline on another.
  process.env.MODEL_ROUTE_TIMEOUTS = "/api/outline=150/30000,/api/write=5000/300";
});

import { AppError } from "@/lib/errors";
import { generateModelText, streamModel, type CallOutcome, type ModelCallInput, type ModelStream } from "@/lib/server/ai/client";
import type { ResolvedModel } from "@/lib/server/ai/providers";
import { answer, apiError, generated, rejection, scripted, silentStream, streamOf, text, type Part, type Scripted } from "./resilience-fixtures";

function input(models: Scripted[], route = "/api/v1/chat", signal = new AbortController().signal) {
  const [primary, ...fallbacks] = models.map((m) => m.resolved);
  const resolved: ResolvedModel = { ...primary!, fallbacks };
  const settled: CallOutcome[] = [];
  const call: ModelCallInput = {
    resolved,
    messages: [{ role: "user", content: "hi" }],
    context: { route },
    signal,
    onSettled: (outcome) => void settled.push(outcome),
  };
  return { call, settled };
}

async function drain(stream: ModelStream): Promise<Part[]> {
  const parts: Part[] = [];
  for (let part = await stream.next(); part; part = await stream.next()) parts.push(part);
  return parts;
}

describe("streamModel", () => {
  it("resolves at the first token after retries, and settles once with the usage, model and attempts", async () => {
    const m = scripted("client-ok", (n) => {
      if (n < 3) throw apiError(503);
      return streamOf(answer("Hello"));
    });
    const { call, settled } = input([m]);
    const stream = await streamModel(call);
    expect(stream.model.id).toBe(m.resolved.info.id);
    const parts = await drain(stream);
    expect(parts.at(-1)?.type).toBe("finish");
    expect(await stream.next()).toBeUndefined();
    await vi.waitFor(() => expect(settled).toHaveLength(1));
    expect(settled[0]).toMatchObject({ status: "ok", model: m.resolved.info.id, text: "Hello", inputTokens: 3, outputTokens: 2, estimated: false, attempts: 3 });
    expect(settled[0]!.ttftMs).toBeGreaterThanOrEqual(0);
  });

  it("names the fallback that answered", async () => {
    const primary = scripted("client-fb-primary", () => {
      throw apiError(500);
    });
    const fallback = scripted("client-fb", () => streamOf(answer("ok")));
    const { call, settled } = input([primary, fallback]);
    const stream = await streamModel(call);
    expect(stream.model.id).toBe(fallback.resolved.info.id);
    await drain(stream);
    await vi.waitFor(() => expect(settled).toHaveLength(1));
    expect(settled[0]).toMatchObject({ status: "ok", model: fallback.resolved.info.id, attempts: 4 });
  });

  it("throws a safe AppError before the first token (the route answers with its status) and settles as an error", async () => {
    const m = scripted("client-400", () => {
      throw apiError(400);
    });
    const { call, settled } = input([m]);
    const error = await rejection(streamModel(call));
    expect(AppError.is(error)).toBe(true);
    expect(error).toMatchObject({ code: "upstream_error", status: 502 });
    expect(settled).toEqual([expect.objectContaining({ status: "error", errorCode: "upstream_error", inputTokens: 0, outputTokens: 0 })]);
  });

  it("uses the route's first-token deadline: 504 upstream_timeout", async () => {
    const m = scripted("client-ttft", (_, options) => silentStream(options));
    const { call, settled } = input([m], "/api/outline");
    const started = performance.now();
    const error = await rejection(streamModel(call));
    expect(error).toMatchObject({ code: "upstream_timeout", status: 504 });
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(m.signals[0]!.aborted).toBe(true);
    expect(settled[0]).toMatchObject({ status: "error", errorCode: "upstream_timeout" });
  });

  it("gives the embedded model no first-token deadline: it is reading the prompt, not hung", async () => {
    const m = scripted(
      "client-local-slow-prompt",
      async (_, options) => {
        await new Promise((resolve) => setTimeout(resolve, 400));
        return streamOf(answer("Read it all"), options.abortSignal);
      },
      undefined,
      "local",
    );
    const { call, settled } = input([m], "/api/outline");
    const parts = await drain(await streamModel(call));
    expect(parts.some((p) => p.type === "text-delta")).toBe(true);
    expect(m.signals[0]!.aborted).toBe(false);
    expect(settled[0]).toMatchObject({ status: "ok" });
  });

  it("ends a stream that outlives the route's total deadline with an error part → upstream_timeout, and aborts the provider call", async () => {
    const m = scripted("client-total", (_, options) => streamOf(text("Start"), options.abortSignal, true));
    const { call, settled } = input([m], "/api/write");
    const stream = await streamModel(call);
    const parts = await drain(stream);
    const last = parts.at(-1)!;
    expect(last.type).toBe("error");
    expect(stream.describeError((last as { error: unknown }).error).code).toBe("upstream_timeout");
    expect(m.signals[0]!.aborted).toBe(true);
    expect(settled).toEqual([expect.objectContaining({ status: "error", errorCode: "upstream_timeout", text: "Start", estimated: true })]);
  });

  it("a client that leaves mid-stream aborts the provider call; the call settles as aborted", async () => {
    const m = scripted("client-left", (_, options) => streamOf(text("Start"), options.abortSignal, true));
    const client = new AbortController();
    const { call, settled } = input([m], "/api/v1/chat", client.signal);
    const stream = await streamModel(call);
    expect((await stream.next())?.type).toBe("stream-start");
    const pending = drain(stream);
    client.abort(new Error("client went away"));
    await pending;
    expect(m.signals[0]!.aborted).toBe(true);
    expect(settled).toEqual([expect.objectContaining({ status: "aborted", text: "Start" })]);
  });

  it("refuses new calls while the server drains (503 server_draining)", async () => {
    const holder = globalThis as typeof globalThis & { draftwiseLifecycle?: { draining: boolean } };
    const m = scripted("client-draining", () => streamOf(answer("never")));
    await streamModel(input([m]).call).then(drain); // makes sure the lifecycle state exists
    holder.draftwiseLifecycle!.draining = true;
    try {
      const { call } = input([m]);
      expect(await rejection(streamModel(call))).toMatchObject({ code: "server_draining", status: 503 });
      expect(await rejection(generateModelText(call))).toMatchObject({ code: "server_draining", status: 503 });
      expect(m.calls()).toBe(1);
    } finally {
      holder.draftwiseLifecycle!.draining = false;
    }
  });
});

describe("generateModelText", () => {
  it("retries through the chain and reports the model that answered", async () => {
    const primary = scripted("gen-client-primary", () => streamOf([]), () => {
      throw apiError(503);
    });
    const fallback = scripted("gen-client-fallback", () => streamOf([]), () => generated("from the fallback"));
    const { call, settled } = input([primary, fallback]);
    const result = await generateModelText(call);
    expect(result.text).toBe("from the fallback");
    expect(result.model.id).toBe(fallback.resolved.info.id);
    expect(primary.calls()).toBe(3);
    expect(settled[0]).toMatchObject({ status: "ok", model: fallback.resolved.info.id, attempts: 4 });
  });

  it("passes model_unavailable (breaker open) through the AI SDK unchanged, with its Retry-After", async () => {
    const m = scripted("gen-client-breaker", () => streamOf([]), () => {
      throw apiError(503);
    });
    // Default threshold 5: five failed calls (of three attempts each, one failure each) open it.
    for (let i = 0; i < 5; i++) await rejection(generateModelText(input([m]).call));
    const error = await rejection(generateModelText(input([m]).call));
    expect(error).toMatchObject({ code: "model_unavailable", status: 503 });
    expect((error as AppError).retryAfter).toBeGreaterThan(0);
    expect(m.calls()).toBe(15);
  });

  it("maps the provider's errors: 400 → 502 upstream_error, not retried", async () => {
    const m = scripted("gen-client-400", () => streamOf([]), () => {
      throw apiError(400);
    });
    expect(await rejection(generateModelText(input([m]).call))).toMatchObject({ code: "upstream_error", status: 502 });
    expect(m.calls()).toBe(1);
  });
});
