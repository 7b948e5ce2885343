/**
 * Resilience on the real HTTP path (issue 5): retries, the circuit breaker, fallbacks,
 * deadlines, client disconnects and the SIGTERM drain — each against the scripted upstream,
 * on app instances of its own (their env differs, and some of them are shut down).
 *
 * Ports: RESILIENCE_TEST_PORT (default 3963) and the next few.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type AppServer } from "../fixtures/app-server";
import { startFakeUpstream, type FakeUpstream, type RequestRecord } from "../fixtures/fake-upstream/server";
import { expectApiError, keyOwner, sseBlocks, v1, type V1StreamEvent } from "./api-key-helpers";
import { uniqueTag, userMessage } from "./helpers";
import type { Session } from "./session";

const basePort = Number(process.env.RESILIENCE_TEST_PORT ?? 3963);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(async () => {
  await upstream?.close();
});

/** The upstream is configured the way global setup does it; `extra` is what the tests vary. */
function appEnv(extra: Record<string, string>): Record<string, string> {
  return {
    OPENAI_BASE_URL: upstream.url,
    OPENAI_MODEL: "fake-model",
    MODEL_CONTEXT_WINDOW: "8192",
    MODEL_MAX_OUTPUT_TOKENS: "2048",
    MODEL_RETRY_BASE_MS: "20",
    MODEL_RETRY_MAX_DELAY_MS: "2000",
    LOG_LEVEL: "warn",
    ...extra,
  };
}

interface Instance {
  app: AppServer;
  key: string;
  session: Session;
}

async function instance(port: number, extra: Record<string, string>): Promise<Instance> {
  const app = await startApp(port, appEnv(extra));
  const { key, session } = await keyOwner(app.url);
  return { app, key, session };
}

const ask = (content: string, extra: Record<string, unknown> = {}) => ({ messages: [{ role: "user", content }], ...extra });

/** This test's requests in the upstream's log. */
const tagged = (tag: string, from: FakeUpstream = upstream): RequestRecord[] => from.requests.filter((r) => r.tag === tag);

async function until<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(10);
  }
}

/** Reads a streaming body as it arrives. */
function reading(res: Response) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const out = { text: "", ended: false, failed: undefined as unknown, done: undefined as unknown as Promise<string> };
  out.done = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        out.text += decoder.decode(value, { stream: true });
      }
    } catch (error) {
      out.failed = error;
    }
    out.ended = true;
    return out.text;
  })();
  return out;
}

/** Breakers as /api/status shows them. */
async function breakerState(base: string, model: string): Promise<string | undefined> {
  const status = (await (await fetch(`${base}/api/status`)).json()) as { breakers?: { model: string; state: string }[] };
  expect(status.breakers, "/api/status has no `breakers` field").toEqual(expect.any(Array));
  return status.breakers!.find((b) => b.model === model)?.state;
}

async function metricSample(base: string, name: string, model: string): Promise<number | undefined> {
  const text = await (await fetch(`${base}/api/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith(`${name}{`) && l.includes(`model="${model}"`));
  return line === undefined ? undefined : Number(line.split(" ").at(-1));
}

function streamEvents(text: string) {
  const blocks = sseBlocks(text);
  const data = blocks.filter((b) => b.event === undefined && b.data !== "[DONE]").map((b) => JSON.parse(b.data) as V1StreamEvent);
  const errors = blocks.filter((b) => b.event === "error").map((b) => JSON.parse(b.data) as { error: { code: string; message: string } });
  return { blocks, data, errors, done: blocks.some((b) => b.data === "[DONE]") };
}

// ------------------------------------------------------------------------------------------

describe("retries and the circuit breaker (MODEL_MAX_RETRIES=2, BREAKER_FAILURE_THRESHOLD=3, BREAKER_COOLDOWN_MS=5000)", () => {
  let a: Instance;
  beforeAll(async () => {
    a = await instance(basePort, {
      OPENAI_MODELS: "fake-model-small,breaker-model,breaker-json",
      MODEL_MAX_RETRIES: "2",
      BREAKER_FAILURE_THRESHOLD: "3",
      BREAKER_COOLDOWN_MS: "5000",
      MODEL_FIRST_TOKEN_TIMEOUT_MS: "10000",
      MODEL_TIMEOUT_MS: "30000",
    });
  });
  afterAll(async () => {
    await a?.app.stop();
  });

  it("flaky → success: two 503s are retried and the third attempt answers (streaming)", async () => {
    const tag = uniqueTag("flaky-sse");
    const res = await v1("/api/v1/chat", {
      base: a.app.url,
      key: a.key,
      body: ask(`Hi [[fail=503x2]] [[id=${tag}]] [[tag=${tag}]] [[tokens=4]]`, { stream: true }),
    });
    expect(res.status).toBe(200);
    const { data, errors, done } = streamEvents(await res.text());
    expect(errors).toEqual([]);
    expect(done).toBe(true);
    expect(data.at(-1)).toMatchObject({ finish_reason: "stop", model: "fake-model" });
    expect(tagged(tag).map((r) => r.status)).toEqual([503, 503, 200]);
    // The status says a call to the model was just retried (a waiting studio says "retrying").
    const status = (await (await fetch(`${a.app.url}/api/status`)).json()) as { breakers: { model: string; retriedSecondsAgo?: number }[] };
    expect(status.breakers.find((b) => b.model === "fake-model")?.retriedSecondsAgo).toBeLessThanOrEqual(5);
  });

  it("flaky → success: the same for a JSON answer", async () => {
    const tag = uniqueTag("flaky-json");
    const res = await v1("/api/v1/chat", { base: a.app.url, key: a.key, body: ask(`Hi [[fail=502x2]] [[id=${tag}]] [[tag=${tag}]] [[tokens=4]]`) });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { content: string }).content.split(" ")).toHaveLength(4);
    expect(tagged(tag).map((r) => r.status)).toEqual([502, 502, 200]);
  });

  it("a persistent failure opens the breaker: then 503 model_unavailable with Retry-After, fast and without an upstream request; it recovers after the cooldown", async () => {
    const model = "breaker-model";
    const tag = uniqueTag("breaker");
    const forModel = () => upstream.requests.filter((r) => r.model === model);

    // A request is one failure, its retries included: the third failed request opens the breaker.
    for (let i = 1; i <= 3; i++) {
      if (i > 1) expect(await breakerState(a.app.url, model), `after ${i - 1} failed requests`).toBe("closed");
      const failing = await v1("/api/v1/chat", {
        base: a.app.url,
        key: a.key,
        body: ask(`Hi [[fail=503]] [[tag=${tag}]]`, { model, stream: true }),
      });
      await expectApiError(failing, 503, "upstream_unavailable");
      expect(tagged(tag)).toHaveLength(3 * i); // each with its two retries
    }
    expect(await breakerState(a.app.url, model)).toBe("open");

    // While open: fails fast, and nothing goes upstream — even for a prompt that would succeed.
    const sent = forModel().length;
    for (const stream of [true, false]) {
      const started = performance.now();
      const res = await v1("/api/v1/chat", { base: a.app.url, key: a.key, body: ask("Hi [[tokens=2]]", { model, stream }) });
      const elapsed = performance.now() - started;
      const retryAfter = Number(res.headers.get("retry-after"));
      const error = await expectApiError(res, 503, "model_unavailable");
      expect(error.message).toMatch(new RegExp(`^The model is failing, retrying in ${retryAfter} s\\.`));
      // Also in the body, where a client that can't read headers (a failed stream in the browser) finds it.
      expect((error as { retry_after?: number }).retry_after).toBe(retryAfter);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(5);
      expect(elapsed).toBeLessThan(1_000);
    }
    expect(forModel()).toHaveLength(sent);
    // Other models are not affected.
    expect((await v1("/api/v1/chat", { base: a.app.url, key: a.key, body: ask("Hi [[tokens=2]]") })).status).toBe(200);

    // After the cooldown the breaker lets a probe through; a healthy answer closes it.
    await until(async () => (await breakerState(a.app.url, model)) === "half_open", 10_000, "breaker half-open");
    const healthy = await v1("/api/v1/chat", { base: a.app.url, key: a.key, body: ask("Hi again [[tokens=2]]", { model, stream: true }) });
    expect(healthy.status).toBe(200);
    expect(streamEvents(await healthy.text()).done).toBe(true);
    expect(forModel()).toHaveLength(sent + 1);
    expect(await breakerState(a.app.url, model)).toBe("closed");
  });

  it("the breaker state shows in the metrics (draftwise_breaker_state: 0 closed, 1 open, 2 half-open)", async () => {
    const model = "breaker-json";
    const tag = uniqueTag("breaker-metrics");
    for (let i = 0; i < 3; i++) {
      const failing = await v1("/api/v1/chat", { base: a.app.url, key: a.key, body: ask(`Hi [[fail=500]] [[tag=${tag}]]`, { model }) });
      await expectApiError(failing, 502, "upstream_error");
    }
    expect(tagged(tag)).toHaveLength(9);
    expect(await breakerState(a.app.url, model)).toBe("open");
    expect(await metricSample(a.app.url, "draftwise_breaker_state", model)).toBe(1);
    await until(async () => (await breakerState(a.app.url, model)) === "half_open", 10_000, "breaker half-open");
    expect((await v1("/api/v1/chat", { base: a.app.url, key: a.key, body: ask("Hi [[tokens=2]]", { model }) })).status).toBe(200);
    expect(await metricSample(a.app.url, "draftwise_breaker_state", model)).toBe(0);
  });

  describe("a client that disconnects aborts the upstream request within one second", () => {
    async function abortMidStream(tag: string, send: (signal: AbortSignal) => Promise<Response>) {
      const controller = new AbortController();
      const res = await send(controller.signal);
      expect(res.status).toBe(200);
      const reader = res.body!.getReader();
      await reader.read(); // the answer has started
      const record = await until(() => tagged(tag)[0], 5_000, "upstream request");
      await until(() => record.chunksSent >= 2, 5_000, "some chunks sent");
      expect(record.aborted).toBe(false);
      const started = performance.now();
      controller.abort();
      await until(() => record.aborted || record.completed, 5_000, "upstream request ended");
      const elapsed = performance.now() - started;
      expect(record.aborted).toBe(true);
      expect(record.completed).toBe(false);
      expect(elapsed).toBeLessThan(1_000);
      expect(record.chunksSent).toBeLessThan(100);
    }
    const slow = (tag: string) => `Tell me more [[tokens=200]] [[delay=50]] [[tag=${tag}]]`;

    it("POST /api/v1/chat (SSE)", async () => {
      const tag = uniqueTag("dc-v1");
      await abortMidStream(tag, (signal) => v1("/api/v1/chat", { base: a.app.url, key: a.key, body: ask(slow(tag), { stream: true }), signal }));
    });

    it("POST /api/v1/chat (JSON lines)", async () => {
      const tag = uniqueTag("dc-ndjson");
      await abortMidStream(tag, (signal) =>
        v1("/api/v1/chat", {
          base: a.app.url,
          key: a.key,
          body: ask(slow(tag), { stream: true }),
          headers: { Accept: "application/x-ndjson" },
          signal,
        }),
      );
    });

    it("POST /api/v1/chat/completions", async () => {
      const tag = uniqueTag("dc-openai");
      await abortMidStream(tag, (signal) =>
        v1("/api/v1/chat/completions", { base: a.app.url, key: a.key, body: { model: "fake-model", stream: true, ...ask(slow(tag)) }, signal }),
      );
    });

    it("POST /api/write", async () => {
      const tag = uniqueTag("dc-write");
      await abortMidStream(tag, (signal) =>
        a.session.fetch("/api/write", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ action: "continue", text: slow(tag) }),
          signal,
        }),
      );
    });

    it("POST /api/chat (useChat)", async () => {
      const tag = uniqueTag("dc-chat");
      await abortMidStream(tag, (signal) =>
        a.session.fetch("/api/chat", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ messages: [userMessage(slow(tag))] }),
          signal,
        }),
      );
    });

    it("before the first token too (the upstream hangs)", async () => {
      const tag = uniqueTag("dc-hang");
      const controller = new AbortController();
      const pending = v1("/api/v1/chat", { base: a.app.url, key: a.key, body: ask(`Hi [[hang=1]] [[tag=${tag}]]`, { stream: true }), signal: controller.signal });
      // The abort ends the caller's side too: the answer (or its body) fails with an AbortError.
      const outcome = pending.then((res) => res.text()).then(() => "answered", (error: Error) => error.name);
      const record = await until(() => tagged(tag)[0], 5_000, "upstream request");
      await sleep(200);
      const started = performance.now();
      controller.abort();
      await until(() => record.aborted, 5_000, "upstream request aborted");
      expect(performance.now() - started).toBeLessThan(1_000);
      expect(tagged(tag)).toHaveLength(1); // not retried
      expect(await outcome).toBe("AbortError");
    });
  });
});

// ------------------------------------------------------------------------------------------

describe("deadlines → 504 (MODEL_MAX_RETRIES=0, MODEL_FIRST_TOKEN_TIMEOUT_MS=500, MODEL_TIMEOUT_MS=2000; /api/v1/chat/completions=4000/30000)", () => {
  let b: Instance;
  beforeAll(async () => {
    b = await instance(basePort + 1, {
      OPENAI_MODELS: "fake-model-small",
      MODEL_MAX_RETRIES: "0",
      MODEL_FIRST_TOKEN_TIMEOUT_MS: "500",
      MODEL_TIMEOUT_MS: "2000",
      MODEL_ROUTE_TIMEOUTS: "/api/v1/chat/completions=4000/30000",
      BREAKER_FAILURE_THRESHOLD: "100",
    });
  });
  afterAll(async () => {
    await b?.app.stop();
  });

  it("no first token in time: 504 upstream_timeout, and the upstream request is aborted", async () => {
    const tag = uniqueTag("ttft");
    const started = performance.now();
    const res = await v1("/api/v1/chat", { base: b.app.url, key: b.key, body: ask(`Hi [[first=3000]] [[tag=${tag}]]`, { stream: true }) });
    const elapsed = performance.now() - started;
    await expectApiError(res, 504, "upstream_timeout");
    expect(elapsed).toBeGreaterThanOrEqual(450);
    expect(elapsed).toBeLessThan(2_500);
    const record = await until(() => tagged(tag)[0], 2_000, "upstream request");
    await until(() => record.aborted, 1_000, "upstream request aborted");
    expect(record.chunksSent).toBe(0);
    expect(tagged(tag)).toHaveLength(1);
  });

  it("per-route deadlines: the same slow first token is a 504 on /api/v1/chat but waited for on /api/v1/chat/completions", async () => {
    const prompt = (tag: string) => `Hi [[first=1200]] [[tokens=3]] [[tag=${tag}]]`;
    const chatTag = uniqueTag("route-chat");
    const chat = await v1("/api/v1/chat", { base: b.app.url, key: b.key, body: ask(prompt(chatTag), { stream: true }) });
    await expectApiError(chat, 504, "upstream_timeout");

    const openaiTag = uniqueTag("route-openai");
    const openai = await v1("/api/v1/chat/completions", { base: b.app.url, key: b.key, body: { model: "fake-model", stream: true, ...ask(prompt(openaiTag)) } });
    expect(openai.status).toBe(200);
    const text = await openai.text();
    expect(text).toContain("data: [DONE]");
    expect(text).not.toContain("upstream_timeout");
    expect(tagged(openaiTag)[0]).toMatchObject({ completed: true, aborted: false, chunksSent: 3 });
  });

  it("a JSON answer that takes longer than the total deadline: 504, upstream aborted", async () => {
    const tag = uniqueTag("total-json");
    const started = performance.now();
    const res = await v1("/api/v1/chat", { base: b.app.url, key: b.key, body: ask(`Hi [[tokens=40]] [[delay=100]] [[tag=${tag}]]`) });
    const elapsed = performance.now() - started;
    await expectApiError(res, 504, "upstream_timeout");
    expect(elapsed).toBeGreaterThanOrEqual(1_900);
    expect(elapsed).toBeLessThan(4_000);
    const record = await until(() => tagged(tag)[0], 2_000, "upstream request");
    await until(() => record.aborted, 1_000, "upstream request aborted");
  });

  it("a stream that outlives the total deadline ends with an error event upstream_timeout (no [DONE]), upstream aborted", async () => {
    const tag = uniqueTag("total-sse");
    const started = performance.now();
    const res = await v1("/api/v1/chat", { base: b.app.url, key: b.key, body: ask(`Hi [[tokens=60]] [[delay=100]] [[tag=${tag}]]`, { stream: true }) });
    expect(res.status).toBe(200);
    const { data, errors, done, blocks } = streamEvents(await res.text());
    const elapsed = performance.now() - started;
    expect(done).toBe(false);
    expect(data.length).toBeGreaterThan(3);
    expect(data.length).toBeLessThan(60);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.error.code).toBe("upstream_timeout");
    expect(blocks.at(-1)!.event).toBe("error");
    expect(elapsed).toBeGreaterThanOrEqual(1_900);
    expect(elapsed).toBeLessThan(4_000);
    const record = tagged(tag)[0]!;
    await until(() => record.aborted, 1_000, "upstream request aborted");
    expect(record.completed).toBe(false);
  });
});

// ------------------------------------------------------------------------------------------

describe("fallback models (MODEL_FALLBACKS=fake-model-small,fallback:fb-model)", () => {
  let c: Instance;
  let second: FakeUpstream;
  beforeAll(async () => {
    second = await startFakeUpstream();
    c = await instance(basePort + 2, {
      OPENAI_MODELS: "fake-model-small,fbp-a,fbp-b,fbp-c,fbp-d,fbp-e",
      MODEL_FALLBACKS: "fake-model-small,fallback:fb-model",
      FALLBACK_OPENAI_BASE_URL: second.url,
      MODEL_MAX_RETRIES: "1",
      BREAKER_FAILURE_THRESHOLD: "100",
      MODEL_FIRST_TOKEN_TIMEOUT_MS: "10000",
    });
  });
  afterAll(async () => {
    await c?.app.stop();
    await second?.close();
  });

  const failing = (model: string, tag: string, status = 503) => `Hi [[fail=${status}]] [[fail_model=${model}]] [[tag=${tag}]] [[tokens=3]]`;

  it("the primary fails before its first token: the next model answers, and the JSON answer names it", async () => {
    const tag = uniqueTag("fb-json");
    const res = await v1("/api/v1/chat", { base: c.app.url, key: c.key, body: ask(failing("fbp-a", tag), { model: "fbp-a" }) });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-draftwise-model")).toBe("fake-model-small");
    expect(((await res.json()) as { model: string }).model).toBe("fake-model-small");
    expect(tagged(tag).map((r) => [r.model, r.status])).toEqual([
      ["fbp-a", 503],
      ["fbp-a", 503],
      ["fake-model-small", 200],
    ]);
  });

  it("the same for a stream: header and last event name the model that answered", async () => {
    const tag = uniqueTag("fb-sse");
    const res = await v1("/api/v1/chat", { base: c.app.url, key: c.key, body: ask(failing("fbp-b", tag), { model: "fbp-b", stream: true }) });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-draftwise-model")).toBe("fake-model-small");
    const { data, done } = streamEvents(await res.text());
    expect(done).toBe(true);
    expect(data.at(-1)).toMatchObject({ finish_reason: "stop", model: "fake-model-small" });
    expect(tagged(tag).map((r) => r.model)).toEqual(["fbp-b", "fbp-b", "fake-model-small"]);
  });

  it("and on /api/v1/chat/completions (OpenAI format)", async () => {
    const tag = uniqueTag("fb-openai");
    const res = await v1("/api/v1/chat/completions", { base: c.app.url, key: c.key, body: { model: "fbp-e", ...ask(failing("fbp-e", tag)) } });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-draftwise-model")).toBe("fake-model-small");
    expect(((await res.json()) as { model: string }).model).toBe("fake-model-small");
  });

  it("a second provider (fallback:<id> on FALLBACK_OPENAI_BASE_URL) answers when the first provider's models all fail", async () => {
    const tag = uniqueTag("fb-second");
    const res = await v1("/api/v1/chat", {
      base: c.app.url,
      key: c.key,
      body: ask(failing("fbp-c|fake-model-small", tag), { model: "fbp-c", stream: true }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-draftwise-model")).toBe("fb-model");
    const { data, done } = streamEvents(await res.text());
    expect(done).toBe(true);
    expect(data.at(-1)).toMatchObject({ model: "fb-model" });
    expect(tagged(tag).map((r) => [r.model, r.status])).toEqual([
      ["fbp-c", 503],
      ["fbp-c", 503],
      ["fake-model-small", 503],
      ["fake-model-small", 503],
    ]);
    expect(tagged(tag, second).map((r) => [r.model, r.status])).toEqual([["fb-model", 200]]);
  });

  it("no fallback for a request the provider rejected (400)", async () => {
    const tag = uniqueTag("fb-400");
    const res = await v1("/api/v1/chat", { base: c.app.url, key: c.key, body: ask(failing("fbp-d", tag, 400), { model: "fbp-d" }) });
    await expectApiError(res, 502, "upstream_error");
    expect(tagged(tag).map((r) => [r.model, r.status])).toEqual([["fbp-d", 400]]);
    expect(tagged(tag, second)).toEqual([]);
  });
});

// ------------------------------------------------------------------------------------------

describe("SIGTERM drains", () => {
  it("refuses new streams with 503 server_draining (and /api/ready says 503) while the in-flight stream finishes; then the process exits", async () => {
    const d = await instance(basePort + 3, { SHUTDOWN_TIMEOUT_MS: "30000", MODEL_TIMEOUT_MS: "60000" });
    try {
      const tag = uniqueTag("drain");
      const res = await v1("/api/v1/chat", { base: d.app.url, key: d.key, body: ask(`Hi [[tokens=60]] [[delay=50]] [[tag=${tag}]]`, { stream: true }) });
      expect(res.status).toBe(200);
      const body = reading(res);
      await until(() => body.text.length > 0, 5_000, "first event");

      d.app.signal("SIGTERM");
      const ready = await until(
        async () => {
          const r = await fetch(`${d.app.url}/api/ready`);
          return r.status === 503 ? r : (await r.body?.cancel(), undefined);
        },
        3_000,
        "/api/ready 503",
      );
      expect(((await ready.json()) as { status: string }).status).toBe("draining");
      expect(body.ended).toBe(false);

      const refused = await v1("/api/v1/chat", { base: d.app.url, key: d.key, body: ask("Hi [[tokens=2]]", { stream: true }) });
      await expectApiError(refused, 503, "server_draining");
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      const refusedJson = await v1("/api/v1/chat", { base: d.app.url, key: d.key, body: ask("Hi [[tokens=2]]") });
      await expectApiError(refusedJson, 503, "server_draining");
      expect(body.ended).toBe(false);

      const text = await body.done;
      const ended = performance.now();
      expect(body.failed).toBeUndefined();
      const { data, errors, done } = streamEvents(text);
      expect(errors).toEqual([]);
      expect(done).toBe(true);
      expect(data.filter((e) => e.finish_reason === null)).toHaveLength(60);
      expect(tagged(tag)[0]).toMatchObject({ completed: true, aborted: false });

      const code = await Promise.race([d.app.exited, sleep(5_000).then(() => "still running")]);
      expect(code).toBe(0);
      expect(performance.now() - ended).toBeLessThan(5_000);
    } finally {
      await d.app.stop();
    }
  });

  it("a stream that outlives SHUTDOWN_TIMEOUT_MS is ended with an error event, and the process exits", async () => {
    const e = await instance(basePort + 4, { SHUTDOWN_TIMEOUT_MS: "1000", MODEL_TIMEOUT_MS: "60000" });
    try {
      const tag = uniqueTag("drain-cut");
      const res = await v1("/api/v1/chat", { base: e.app.url, key: e.key, body: ask(`Hi [[tokens=200]] [[delay=50]] [[tag=${tag}]]`, { stream: true }) });
      expect(res.status).toBe(200);
      const body = reading(res);
      await until(() => body.text.length > 0, 5_000, "first event");

      const signalled = performance.now();
      e.app.signal("SIGTERM");
      const text = await body.done;
      const cutAfter = performance.now() - signalled;
      expect(cutAfter).toBeGreaterThanOrEqual(900);
      expect(cutAfter).toBeLessThan(4_000);
      const { data, errors, done } = streamEvents(text);
      expect(done).toBe(false);
      expect(data.length).toBeLessThan(200);
      expect(errors).toHaveLength(1);
      expect(errors[0]!.error.code).toBe("server_draining");
      const record = tagged(tag)[0]!;
      await until(() => record.aborted, 2_000, "upstream request aborted");

      const code = await Promise.race([e.app.exited, sleep(5_000).then(() => "still running")]);
      expect(code).toBe(0);
    } finally {
      await e.app.stop();
    }
  });
});
