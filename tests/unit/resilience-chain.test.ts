import { afterEach, describe, expect, it, vi } from "vitest";

// breakerFor() reads these when a breaker is first made (lib/server/env parses at import).
vi.hoisted(() => {
  process.env.BREAKER_FAILURE_THRESHOLD = "3";
  process.env.BREAKER_COOLDOWN_MS = "30000";
});

import { AppError } from "@/lib/errors";
import { breakerFor, breakerSnapshot } from "@/lib/server/ai/breaker";
import { ModelTimeout } from "@/lib/server/ai/errors";
import type { ResolvedModel } from "@/lib/server/ai/providers";
import { generate, openStream, reassemble, type ChainCall } from "@/lib/server/ai/resilient";
import {
  answer,
  apiError,
  generated,
  rest,
  scripted,
  silentStream,
  streamOf,
  text,
  type Part,
  rejection,
  type Scripted,
} from "./resilience-fixtures";

const policy = { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 50 };
const prompt = [{ role: "user" as const, content: [{ type: "text" as const, text: "hi" }] }];

function chainOf(models: Scripted[], overrides: Partial<ChainCall> = {}) {
  const [primary, ...fallbacks] = models.map((m) => m.resolved);
  const resolved: ResolvedModel = { ...primary!, fallbacks };
  const events = { onRetry: vi.fn(), onFallback: vi.fn() };
  const call: ChainCall = { chain: [resolved, ...fallbacks], policy, firstTokenMs: 5_000, events, ...overrides };
  return { call, events };
}

const open = (call: ChainCall, signal?: AbortSignal) => openStream(call, { prompt, abortSignal: signal });
const gen = (call: ChainCall, signal?: AbortSignal) => generate(call, { prompt, abortSignal: signal });

function breakerOf(m: Scripted) {
  return breakerFor(m.resolved.provider, m.resolved.info.id);
}

afterEach(() => {
  vi.useRealTimers();
});

describe("openStream — retries before the first token", () => {
  it("retries failures before the first token, then streams the answer", async () => {
    const m = scripted("retry-ok", (n) => {
      if (n < 3) throw apiError(503);
      return streamOf(answer("Hello"));
    });
    const { call, events } = chainOf([m]);
    const opened = await open(call);
    expect(m.calls()).toBe(3);
    expect(opened.attempts).toBe(3);
    expect(opened.answeredBy.info.id).toBe(m.resolved.info.id);
    expect(events.onRetry).toHaveBeenCalledTimes(2);
    expect(events.onRetry.mock.calls.map(([x]) => x.attempt)).toEqual([1, 2]);
    expect(opened.head.at(-1)).toMatchObject({ type: "text-delta", delta: "Hello" });
    const tail = await rest(opened.reader);
    expect(tail.map((p) => p.type)).toEqual(["text-end", "finish"]);
    // A success resets the failures in a row.
    expect(breakerOf(m).failures).toBe(0);
    expect(breakerOf(m).state).toBe("closed");
  });

  it("retries an error part that arrives before any token", async () => {
    const m = scripted("error-part", (n) =>
      n === 1 ? streamOf([{ type: "stream-start", warnings: [] } as Part, { type: "error", error: apiError(503) }]) : streamOf(answer("Hi")),
    );
    const { call } = chainOf([m]);
    const opened = await open(call);
    expect(m.calls()).toBe(2);
    expect(opened.attempts).toBe(2);
    const parts = [...opened.head, ...(await rest(opened.reader))];
    expect(parts.filter((p) => p.type === "text-delta").map((p) => (p as { delta: string }).delta)).toEqual(["Hi"]);
    expect(parts.some((p) => p.type === "error")).toBe(false);
  });

  it("retries a connection that drops before the first token", async () => {
    const m = scripted("dropped", (n) => {
      if (n === 1) throw new TypeError("fetch failed", { cause: new Error("other side closed") });
      return streamOf(answer("Back"));
    });
    const opened = await open(chainOf([m]).call);
    expect(m.calls()).toBe(2);
    expect(opened.head.at(-1)).toMatchObject({ delta: "Back" });
  });

  it("never retries once a token has arrived: a later error comes out of the stream", async () => {
    const m = scripted("after-token", () => streamOf([...text("Half"), { type: "error", error: apiError(503) }]));
    const { call, events } = chainOf([m]);
    const opened = await open(call);
    expect(opened.head.at(-1)).toMatchObject({ type: "text-delta", delta: "Half" });
    const tail = await rest(opened.reader);
    expect(tail).toEqual([{ type: "error", error: expect.any(Error) }]);
    expect(m.calls()).toBe(1);
    expect(events.onRetry).not.toHaveBeenCalled();
    // reassemble() gives the AI SDK the same stream back, head first.
    const m2 = scripted("after-token-2", () => streamOf([...text("Half"), { type: "error", error: apiError(503) }]));
    const all = await rest(reassemble(await open(chainOf([m2]).call)).getReader());
    expect(all.map((p) => p.type)).toEqual(["stream-start", "text-start", "text-delta", "error"]);
    expect(m2.calls()).toBe(1);
  });

  it("gives up after the configured retries with the provider's error", async () => {
    const m = scripted("always-503", () => {
      throw apiError(503);
    });
    const { call, events } = chainOf([m]);
    const error = await rejection(open(call));
    expect(error).toMatchObject({ statusCode: 503 });
    expect(m.calls()).toBe(3);
    expect(events.onRetry).toHaveBeenCalledTimes(2);
  });

  it.each([400, 401, 404, 422])("does not retry a request the provider rejected (%i)", async (status) => {
    const m = scripted(`rejected-${status}`, () => {
      throw apiError(status);
    });
    const { call, events } = chainOf([m]);
    expect(await rejection(open(call))).toMatchObject({ statusCode: status });
    expect(m.calls()).toBe(1);
    expect(events.onRetry).not.toHaveBeenCalled();
  });

  it.each([408, 409, 429, 500, 502, 504])("retries %i", async (status) => {
    const m = scripted(`retryable-${status}`, (n) => {
      if (n === 1) throw apiError(status);
      return streamOf(answer("ok"));
    });
    expect((await open(chainOf([m]).call)).attempts).toBe(2);
  });

  it("gives up at once when Retry-After asks for longer than the cap", async () => {
    const m = scripted("retry-after-long", () => {
      throw apiError(503, { "retry-after": "5" }); // 5 s > maxDelayMs 50
    });
    const { call, events } = chainOf([m]);
    const started = performance.now();
    expect(await rejection(open(call))).toMatchObject({ statusCode: 503 });
    expect(m.calls()).toBe(1);
    expect(events.onRetry).not.toHaveBeenCalled();
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("waits as long as Retry-After / retry-after-ms asks when that is within the cap", async () => {
    const m = scripted("retry-after-short", (n) => {
      if (n === 1) throw apiError(429, { "retry-after-ms": "40" });
      return streamOf(answer("ok"));
    });
    const { call, events } = chainOf([m], { policy: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 100 } });
    const started = performance.now();
    await open(call);
    expect(events.onRetry).toHaveBeenCalledOnce();
    expect(events.onRetry.mock.calls[0]![0].delayMs).toBe(40);
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);
  });

  it("with maxRetries 0 makes exactly one attempt", async () => {
    const m = scripted("no-retries", () => {
      throw apiError(503);
    });
    await rejection(open(chainOf([m], { policy: { ...policy, maxRetries: 0 } }).call));
    expect(m.calls()).toBe(1);
  });

  it("aborts an attempt with no first token within firstTokenMs, with a ModelTimeout", async () => {
    const m = scripted("silent", (_, options) => silentStream(options));
    const started = performance.now();
    const error = await rejection(open(chainOf([m], { firstTokenMs: 100 }).call));
    expect(error).toBeInstanceOf(ModelTimeout);
    expect((error as ModelTimeout).phase).toBe("first-token");
    expect(m.signals[0]!.aborted).toBe(true);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(breakerOf(m).failures).toBe(1); // a timeout says the provider is unwell
  });

  it("stops without retrying or counting a failure when the caller aborts (the client left)", async () => {
    const m = scripted("client-left", (_, options) => silentStream(options));
    const controller = new AbortController();
    const pending = open(chainOf([m]).call, controller.signal);
    await vi.waitFor(() => expect(m.calls()).toBe(1));
    controller.abort(new Error("client went away"));
    await rejection(pending);
    expect(m.calls()).toBe(1);
    expect(m.signals[0]!.aborted).toBe(true);
    expect(breakerOf(m).failures).toBe(0);
  });

  it("stops retrying while waiting for the backoff when the caller aborts", async () => {
    const m = scripted("abort-in-backoff", () => {
      throw apiError(503);
    });
    const controller = new AbortController();
    const pending = open(chainOf([m], { policy: { maxRetries: 5, baseDelayMs: 10_000, maxDelayMs: 10_000 } }).call, controller.signal);
    // Math.random() * 10 s: almost surely still sleeping after the first attempt.
    await vi.waitFor(() => expect(m.calls()).toBe(1));
    const started = performance.now();
    controller.abort(new Error("client went away"));
    await rejection(pending);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(m.calls()).toBe(1);
  });
});

describe("generate — the same loop for non-streaming calls", () => {
  it("retries a failure, then returns the answer", async () => {
    const m = scripted("gen-ok", () => streamOf([]), (n) => {
      if (n < 2) throw apiError(502);
      return generated("done");
    });
    const { result, attempts, answeredBy } = await gen(chainOf([m]).call);
    expect(attempts).toBe(2);
    expect(answeredBy.info.id).toBe(m.resolved.info.id);
    expect(result.content).toEqual([{ type: "text", text: "done" }]);
  });

  it("does not retry a 400", async () => {
    const m = scripted("gen-400", () => streamOf([]), () => {
      throw apiError(400);
    });
    expect(await rejection(gen(chainOf([m]).call))).toMatchObject({ statusCode: 400 });
    expect(m.calls()).toBe(1);
  });

  it("falls back when the primary fails", async () => {
    const primary = scripted("gen-primary", () => streamOf([]), () => {
      throw apiError(503);
    });
    const fallback = scripted("gen-fallback", () => streamOf([]), () => generated("from fallback"));
    const { answeredBy, attempts } = await gen(chainOf([primary, fallback], { policy: { ...policy, maxRetries: 0 } }).call);
    expect(answeredBy.info.id).toBe(fallback.resolved.info.id);
    expect(attempts).toBe(2);
  });
});

describe("circuit breaker in the chain (threshold 3, cooldown 30 s)", () => {
  const once = { ...policy, maxRetries: 0 };

  it("opens after the threshold of failures in a row and then fails fast with model_unavailable and a Retry-After", async () => {
    const m = scripted("breaker-opens", () => {
      throw apiError(503);
    });
    const { call } = chainOf([m], { policy: once });
    for (let i = 0; i < 3; i++) expect(await rejection(open(call))).toMatchObject({ statusCode: 503 });
    expect(breakerOf(m).state).toBe("open");
    expect(m.calls()).toBe(3);

    const started = performance.now();
    const error = await rejection(open(call));
    expect(performance.now() - started).toBeLessThan(50);
    expect(AppError.is(error) && error.code).toBe("model_unavailable");
    expect((error as AppError).status).toBe(503);
    expect((error as AppError).retryAfter).toBeGreaterThanOrEqual(29);
    expect((error as AppError).retryAfter).toBeLessThanOrEqual(30);
    // What the studio shows as it is: when the model is tried again.
    expect((error as AppError).message).toBe(`The model is failing, retrying in ${(error as AppError).retryAfter} s. Please try again then.`);
    expect(m.calls()).toBe(3); // no call went out
    expect(breakerSnapshot().find((b) => b.model === m.resolved.info.id)).toMatchObject({
      provider: "mock",
      state: "open",
      failures: 3,
      retryAfterSeconds: expect.any(Number),
    });
  });

  it("counts one failure per request, however many retries it made", async () => {
    const m = scripted("breaker-one-per-request", () => {
      throw apiError(500);
    });
    const { call } = chainOf([m], { policy: { ...policy, maxRetries: 4 } });
    await rejection(open(call));
    await rejection(open(call));
    expect(m.calls()).toBe(10);
    expect(breakerOf(m).failures).toBe(2);
    expect(breakerOf(m).state).toBe("closed");
    await rejection(open(call));
    expect(breakerOf(m).state).toBe("open");
  });

  it("stops retrying a request once other requests' failures open the breaker", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const m = scripted("breaker-opened-meanwhile", async (n) => {
      if (n === 1) await held; // the first request's first attempt is slow
      throw apiError(500);
    });
    const slow = rejection(open(chainOf([m], { policy: { ...policy, maxRetries: 10 } }).call));
    await vi.waitFor(() => expect(m.calls()).toBe(1));
    for (let i = 0; i < 3; i++) await rejection(open(chainOf([m], { policy: once }).call));
    expect(breakerOf(m).state).toBe("open");
    release();
    await slow;
    expect(m.calls()).toBe(4); // the slow request did not retry into an open breaker
  });

  it("does not count requests the provider rejected (4xx) or rate limits as failures", async () => {
    const m = scripted("breaker-4xx", (n) => {
      throw apiError(n % 2 ? 400 : 429);
    });
    const { call } = chainOf([m], { policy: once });
    for (let i = 0; i < 6; i++) await rejection(open(call));
    expect(m.calls()).toBe(6);
    expect(breakerOf(m).state).toBe("closed");
  });

  it("a success in between resets the count", async () => {
    const m = scripted("breaker-reset", (n) => {
      if (n === 3) return streamOf(answer("ok"));
      throw apiError(503);
    });
    const { call } = chainOf([m], { policy: once });
    await rejection(open(call));
    await rejection(open(call));
    await open(call);
    await rejection(open(call));
    await rejection(open(call));
    expect(breakerOf(m).state).toBe("closed");
    expect(breakerOf(m).failures).toBe(2);
  });

  it("after the cooldown lets exactly one probe through; its success closes the breaker", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    let healthy = false;
    let releaseProbe!: () => void;
    const probeHeld = new Promise<void>((resolve) => (releaseProbe = resolve));
    const m = scripted("breaker-probe-ok", async (n) => {
      if (!healthy) throw apiError(503);
      if (n === 4) await probeHeld; // the probe is slow: others arrive meanwhile
      return streamOf(answer("ok"));
    });
    const { call } = chainOf([m], { policy: once });
    for (let i = 0; i < 3; i++) await rejection(open(call));
    expect(breakerOf(m).state).toBe("open");

    vi.advanceTimersByTime(29_000);
    expect(AppError.is(await rejection(open(call)))).toBe(true);
    expect(m.calls()).toBe(3);

    vi.advanceTimersByTime(1_001);
    expect(breakerSnapshot().find((b) => b.model === m.resolved.info.id)?.state).toBe("half_open");
    healthy = true;
    const probe = open(call);
    await vi.waitFor(() => expect(m.calls()).toBe(4));
    expect(breakerOf(m).state).toBe("half_open");
    // While the probe is out, nobody else gets through.
    const blocked = await rejection(open(call));
    expect(blocked).toMatchObject({ code: "model_unavailable", retryAfter: 1 });
    expect(m.calls()).toBe(4);

    releaseProbe();
    await probe;
    expect(breakerOf(m).state).toBe("closed");
    expect(breakerOf(m).failures).toBe(0);
    await open(call);
    await open(call);
    expect(m.calls()).toBe(6);
  });

  it("a failed probe opens the breaker again for another cooldown", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const m = scripted("breaker-probe-fails", () => {
      throw apiError(503);
    });
    const { call } = chainOf([m], { policy: once });
    for (let i = 0; i < 3; i++) await rejection(open(call));
    vi.advanceTimersByTime(30_001);
    expect(await rejection(open(call))).toMatchObject({ statusCode: 503 }); // the probe
    expect(m.calls()).toBe(4);
    expect(breakerOf(m).state).toBe("open");
    const error = await rejection(open(call));
    expect(error).toMatchObject({ code: "model_unavailable" });
    expect((error as AppError).retryAfter).toBeGreaterThanOrEqual(29);
    expect(m.calls()).toBe(4);
    vi.advanceTimersByTime(30_001);
    await rejection(open(call));
    expect(m.calls()).toBe(5);
  });

  it("a probe whose client left frees the probe slot without judging the provider", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    let healthy = false;
    const m = scripted("breaker-probe-left", (_, options) => {
      if (!healthy) throw apiError(503);
      return silentStream(options);
    });
    const { call } = chainOf([m], { policy: once });
    for (let i = 0; i < 3; i++) await rejection(open(call));
    vi.advanceTimersByTime(30_001);
    healthy = true;
    const controller = new AbortController();
    const probe = open(call, controller.signal);
    await vi.waitFor(() => expect(m.calls()).toBe(4));
    controller.abort(new Error("client went away"));
    await rejection(probe);
    expect(breakerOf(m).state).toBe("half_open");
    // The next call is the new probe.
    const second = new AbortController();
    const next = open(call, second.signal);
    await vi.waitFor(() => expect(m.calls()).toBe(5));
    second.abort(new Error("done"));
    await rejection(next);
  });
});

describe("fallback chain", () => {
  it("uses the fallback when the primary fails before its first token; answeredBy names it", async () => {
    const primary = scripted("fb-primary", () => {
      throw apiError(503);
    });
    const fallback = scripted("fb-small", () => streamOf(answer("from the fallback")));
    const { call, events } = chainOf([primary, fallback], { policy: { ...policy, maxRetries: 1 } });
    const opened = await open(call);
    expect(opened.answeredBy.info.id).toBe(fallback.resolved.info.id);
    expect(opened.attempts).toBe(3);
    expect(primary.calls()).toBe(2);
    expect(fallback.calls()).toBe(1);
    expect(events.onFallback).toHaveBeenCalledOnce();
    expect(events.onFallback.mock.calls[0]![0].from.info.id).toBe(primary.resolved.info.id);
    expect(events.onFallback.mock.calls[0]![0].to.info.id).toBe(fallback.resolved.info.id);
    expect(opened.head.at(-1)).toMatchObject({ delta: "from the fallback" });
  });

  it("goes down the chain in order (primary → cheaper model → second provider)", async () => {
    const primary = scripted("fb3-primary", () => {
      throw apiError(500);
    });
    const cheaper = scripted("fb3-cheaper", () => {
      throw apiError(503);
    });
    const other = scripted("fb3-other", () => streamOf(answer("other provider")), undefined, "fallback");
    const opened = await open(chainOf([primary, cheaper, other], { policy: { ...policy, maxRetries: 0 } }).call);
    expect(opened.answeredBy.provider).toBe("fallback");
    expect([primary.calls(), cheaper.calls(), other.calls()]).toEqual([1, 1, 1]);
  });

  it("falls back when the primary gives no first token in time", async () => {
    const primary = scripted("fb-silent", (_, options) => silentStream(options));
    const fallback = scripted("fb-fast", () => streamOf(answer("fast")));
    const opened = await open(chainOf([primary, fallback], { firstTokenMs: 100 }).call);
    expect(opened.answeredBy.info.id).toBe(fallback.resolved.info.id);
    expect(primary.signals[0]!.aborted).toBe(true);
  });

  it("does not fall back for a request the provider rejected (400)", async () => {
    const primary = scripted("fb-400", () => {
      throw apiError(400);
    });
    const fallback = scripted("fb-400-unused", () => streamOf(answer("never")));
    const { call, events } = chainOf([primary, fallback]);
    expect(await rejection(open(call))).toMatchObject({ statusCode: 400 });
    expect(fallback.calls()).toBe(0);
    expect(events.onFallback).not.toHaveBeenCalled();
  });

  it("does not fall back after the first token", async () => {
    const primary = scripted("fb-after-token", () => streamOf([...text("Half"), { type: "error", error: apiError(503) }]));
    const fallback = scripted("fb-after-token-unused", () => streamOf(answer("never")));
    const opened = await open(chainOf([primary, fallback]).call);
    expect(opened.answeredBy.info.id).toBe(primary.resolved.info.id);
    expect((await rest(opened.reader)).at(-1)?.type).toBe("error");
    expect(fallback.calls()).toBe(0);
  });

  it("skips a primary whose breaker is open, straight to the fallback", async () => {
    const primary = scripted("fb-open-primary", () => {
      throw apiError(503);
    });
    const fallback = scripted("fb-open-fallback", () => streamOf(answer("ok")));
    const only = chainOf([primary], { policy: { ...policy, maxRetries: 0 } }).call;
    for (let i = 0; i < 3; i++) await rejection(open(only));
    expect(breakerOf(primary).state).toBe("open");
    const opened = await open(chainOf([primary, fallback]).call);
    expect(opened.answeredBy.info.id).toBe(fallback.resolved.info.id);
    expect(primary.calls()).toBe(3);
    expect(opened.attempts).toBe(1);
  });

  it("with every breaker of the chain open: model_unavailable with the shortest Retry-After, and no call", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const primary = scripted("all-open-primary", () => {
      throw apiError(503);
    });
    const fallback = scripted("all-open-fallback", () => {
      throw apiError(503);
    });
    const once = { ...policy, maxRetries: 0 };
    for (let i = 0; i < 3; i++) await rejection(open(chainOf([primary], { policy: once }).call));
    vi.advanceTimersByTime(10_000); // the primary's breaker has 20 s left, the fallback's will have 30
    for (let i = 0; i < 3; i++) await rejection(open(chainOf([fallback], { policy: once }).call));
    const error = await rejection(open(chainOf([primary, fallback]).call));
    expect(error).toMatchObject({ code: "model_unavailable", status: 503 });
    expect((error as AppError).retryAfter).toBe(20);
    expect([primary.calls(), fallback.calls()]).toEqual([3, 3]);
  });
});
