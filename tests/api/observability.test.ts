import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startApp, type AppServer } from "../fixtures/app-server";
import { createKey, expectApiError, v1 } from "./api-key-helpers";
import { sseEvents, streamedText, userMessage, waitFor } from "./helpers";
import { Session, signIn, signUp, uniqueEmail } from "./session";

/**
 * Logs, metrics, traces and health endpoints, on instances of their own (ports 3900–3919):
 * one with METRICS_TOKEN whose output is captured, one exporting traces to a tiny OTLP
 * receiver, one whose Redis is unreachable.
 */

const METRICS_TOKEN = "metrics-token-0f3a9c";
const random = () => Math.random().toString(36).slice(2, 10);

let app: AppServer;
const output: string[] = [];
const outputLines = () =>
  output
    .join("")
    .split("\n")
    .filter((line) => line.trim() !== "");
/** The app's stdout lines that are JSON objects (its pino log lines). */
const jsonLines = () =>
  outputLines().flatMap((line) => {
    try {
      const value = JSON.parse(line) as unknown;
      return typeof value === "object" && value !== null ? [value as Record<string, unknown>] : [];
    } catch {
      return [];
    }
  });

beforeAll(async () => {
  app = await startApp(
    3900,
    { OPENAI_BASE_URL: inject("upstreamUrl"), OPENAI_MODEL: "fake-model", METRICS_TOKEN, LOG_LEVEL: "info" },
    { onOutput: (chunk) => output.push(chunk) },
  );
});
afterAll(async () => {
  await app?.stop();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${app.url}${path}`, { headers });

/** A registered user (email + password sign-up, then a password sign-in), their API key, and one answer from each chat API. */
async function trafficWithSecrets() {
  const password = `pw-${random()}-correct horse battery`;
  const email = uniqueEmail("observer");
  const signedUp = await signUp(new Session(app.url), { email, password });
  expect(signedUp.signedIn).toBe(true);
  const wrongPassword = `pw-${random()}-wrong guess`;
  expect((await signIn(new Session(app.url), { email, password: wrongPassword })).signedIn).toBe(false);
  const session = new Session(app.url);
  expect((await signIn(session, { email, password })).signedIn).toBe(true);
  const created = await createKey(session, { name: `observability ${random()}` });

  const v1Prompt = `PROMPT-v1-${random()} tell me about foxes`;
  const v1Res = await v1("/api/v1/chat", { key: created.key, base: app.url, body: { messages: [{ role: "user", content: `${v1Prompt} [[tokens=9]]` }] } });
  expect(v1Res.status).toBe(200);
  const v1Answer = ((await v1Res.json()) as { content: string }).content;

  const chatPrompt = `PROMPT-ui-${random()} tell me about owls`;
  const chatRes = await session.json("/api/chat", { messages: [userMessage(`${chatPrompt} [[tokens=11]]`)] });
  expect(chatRes.status).toBe(200);
  const chatAnswer = streamedText(sseEvents(await chatRes.text()));
  expect(chatAnswer.split(" ")).toHaveLength(11);

  const cookieValues = session
    .cookieHeader()
    .split("; ")
    .map((pair) => pair.slice(pair.indexOf("=") + 1))
    .filter((value) => value.length >= 16);
  expect(cookieValues.length).toBeGreaterThan(0);
  return { passwords: [password, wrongPassword], key: created.key, prompts: [v1Prompt, chatPrompt], answers: [v1Answer, chatAnswer], cookieValues };
}

describe("structured logs", () => {
  let secrets: Awaited<ReturnType<typeof trafficWithSecrets>>;
  beforeAll(async () => {
    secrets = await trafficWithSecrets();
    // pino writes asynchronously: give the last lines a moment to arrive.
    await new Promise((r) => setTimeout(r, 500));
  });

  it("never logs a prompt, an answer, an API key, a session cookie or a password", () => {
    const lines = outputLines();
    expect(lines.length).toBeGreaterThan(0);
    const forbidden = [...secrets.prompts, ...secrets.answers, secrets.key, ...secrets.passwords, ...secrets.cookieValues];
    for (const line of lines) {
      for (const secret of forbidden) expect(line.includes(secret), `a log line contains a secret: ${line.slice(0, 300)}`).toBe(false);
    }
    // Parts of them neither: the key's secret half, the prompt's unique marker.
    for (const line of lines) {
      expect(line).not.toMatch(/dw_[0-9A-Za-z]{40}/);
      expect(line).not.toMatch(/PROMPT-(v1|ui)-/);
    }
  });

  it("writes one JSON line per request with request id, route, method, status and latency", async () => {
    const requests = await waitFor(async () => {
      const found = jsonLines().filter((l) => l.msg === "request");
      return found.some((l) => l.route === "/api/v1/chat") && found.some((l) => l.route === "/api/chat") ? found : undefined;
    });
    const v1Line = requests.find((l) => l.route === "/api/v1/chat" && l.status === 200)!;
    expect(v1Line).toMatchObject({ method: "POST", status: 200, requestId: expect.any(String), latencyMs: expect.any(Number) });
    expect(v1Line.keyId ?? v1Line.userId).toEqual(expect.any(String));
    expect(typeof v1Line.level === "string" || typeof v1Line.level === "number").toBe(true);
  });

  it("writes one JSON line per model call with model, tokens, latency, attempts and outcome", async () => {
    const calls = await waitFor(async () => {
      const found = jsonLines().filter((l) => l.msg === "model call");
      return found.length >= 2 ? found : undefined;
    });
    expect(calls[0]).toMatchObject({
      model: "fake-model",
      outcome: "ok",
      inputTokens: expect.any(Number),
      outputTokens: expect.any(Number),
      latencyMs: expect.any(Number),
      attempts: expect.any(Number),
    });
    expect(calls.map((c) => c.outputTokens)).toEqual(expect.arrayContaining([9, 11]));
  });
});

describe("GET /api/metrics", () => {
  it("answers 401 without the bearer token and with a wrong one", async () => {
    const missing = await get("/api/metrics");
    expect(missing.headers.get("www-authenticate")).toMatch(/^Bearer/);
    // (expectApiError: the message may say how to send the token.)
    const error = await expectApiError(missing, 401, "unauthorized");
    expect(error.message).not.toContain(METRICS_TOKEN);
    await expectApiError(await get("/api/metrics", { Authorization: "Bearer wrong-token" }), 401, "unauthorized");
    await expectApiError(await get("/api/metrics", { Authorization: `Basic ${METRICS_TOKEN}` }), 401, "unauthorized");
  });

  it("serves every documented family in the Prometheus text format with the token", async () => {
    const res = await get("/api/metrics", { Authorization: `Bearer ${METRICS_TOKEN}` });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    for (const family of [
      "draftwise_http_requests_total",
      "draftwise_http_request_duration_seconds",
      "draftwise_time_to_first_token_seconds",
      "draftwise_model_calls_total",
      "draftwise_model_tokens_total",
      "draftwise_model_retries_total",
      "draftwise_breaker_state",
      "draftwise_active_streams",
      "draftwise_rate_limited_total",
      "draftwise_process_resident_memory_bytes",
    ]) {
      expect(text).toContain(`# TYPE ${family} `);
    }
  });

  it("counts the chat requests by route template and status, their first tokens and their tokens by model", async () => {
    const key = (await createKey(await registered(), { name: "metrics" })).key;
    const res = await v1("/api/v1/chat", { key, base: app.url, body: { messages: [{ role: "user", content: "Count me [[tokens=6]]" }], stream: true } });
    await res.text();
    const text = await waitFor(async () => {
      const body = await (await get("/api/metrics", { Authorization: `Bearer ${METRICS_TOKEN}` })).text();
      return /draftwise_http_requests_total\{[^}]*route="\/api\/v1\/chat"/.test(body) ? body : undefined;
    });
    expect(text).toMatch(/draftwise_http_requests_total\{route="\/api\/v1\/chat",method="POST",status="200"\} \d+/);
    expect(text).toMatch(/draftwise_http_request_duration_seconds_bucket\{le="0\.005",route="\/api\/v1\/chat",method="POST",status="200"\} \d+/);
    expect(text).toMatch(/draftwise_time_to_first_token_seconds_count\{route="\/api\/v1\/chat",model="fake-model"\} [1-9]/);
    expect(text).toMatch(/draftwise_model_calls_total\{provider="openai-compatible",model="fake-model",outcome="ok"\} [1-9]/);
    expect(text).toMatch(/draftwise_model_tokens_total\{provider="openai-compatible",model="fake-model",direction="output"\} [1-9]/);
    // Never a raw URL with an id in a route label.
    expect(text).not.toMatch(/route="[^"]*[0-9a-f]{8}-[0-9a-f]{4}-/);
  });
});

async function registered(): Promise<Session> {
  const session = new Session(app.url);
  const result = await signUp(session, { email: uniqueEmail("metrics"), password: `pw-${random()}-long enough` });
  expect(result.signedIn).toBe(true);
  return session;
}

describe("health endpoints", () => {
  it("GET /api/live answers 200 {status: ok}", async () => {
    const res = await get("/api/live");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("GET /api/ready answers 200 with the database and migration checks", async () => {
    const res = await get("/api/ready");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = await res.json();
    expect(body).toMatchObject({
      status: "ready",
      failed: [],
      checks: {
        database: { ok: true, latencyMs: expect.any(Number) },
        migrations: { ok: true, applied: expect.any(Number), expected: expect.any(Number) },
      },
    });
    expect(body.checks.migrations.applied).toBeGreaterThanOrEqual(body.checks.migrations.expected);
    expect(JSON.stringify(body)).not.toMatch(/postgres:|127\.0\.0\.1/);
  });

  it("GET /api/health answers status, version, uptime, start time and Node version", async () => {
    const res = await get("/api/health");
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(Object.keys(body).sort()).toEqual(["node", "started_at", "status", "uptime_seconds", "version"]);
    expect(body).toMatchObject({ status: "ok", version: expect.stringMatching(/^\d+\.\d+\.\d+/), node: expect.stringMatching(/^v\d+\./) });
    expect(Number.isInteger(body.uptime_seconds)).toBe(true);
    expect(body.uptime_seconds).toBeGreaterThanOrEqual(0);
    expect(Number.isNaN(Date.parse(body.started_at))).toBe(false);
  });

  it("GET /api/status keeps the model status and adds reachability, breakers, streams, queue and draining", async () => {
    const res = await get("/api/status");
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      configured: true,
      provider: "openai-compatible",
      defaultModel: "fake-model",
      models: expect.arrayContaining([expect.objectContaining({ id: "fake-model" })]),
      reachability: { provider: "openai-compatible", ok: true, httpStatus: 200, latencyMs: expect.any(Number), checkedAt: expect.any(String) },
      breakers: expect.any(Array),
      streams: { active: expect.any(Number) },
      queue: { depth: 0 },
      draining: false,
    });
    // Cached: a second look within 30 s reports the same probe.
    const again = await (await get("/api/status")).json();
    expect(again.reachability.checkedAt).toBe(body.reachability.checkedAt);
    expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|localhost/);
  });
});

describe("GET /api/ready with Redis unreachable", () => {
  let redisless: AppServer;
  beforeAll(async () => {
    // Nothing listens on 3919.
    redisless = await startApp(3903, { OPENAI_BASE_URL: inject("upstreamUrl"), OPENAI_MODEL: "fake-model", REDIS_URL: "redis://127.0.0.1:3919" });
  });
  afterAll(async () => {
    await redisless?.stop();
  });

  it("answers 503 naming redis while the database is fine", async () => {
    const res = await fetch(`${redisless.url}/api/ready`);
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(body).toMatchObject({
      status: "not_ready",
      failed: ["redis"],
      checks: { database: { ok: true }, migrations: { ok: true }, redis: { ok: false, error: expect.any(String) } },
    });
    // Liveness does not depend on it.
    expect((await fetch(`${redisless.url}/api/live`)).status).toBe(200);
  });
});

describe("OpenTelemetry export", () => {
  let traced: AppServer;
  let receiver: Server;
  const exports: Array<{ path: string; contentType: string; body: Buffer }> = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        exports.push({ path: req.url ?? "", contentType: req.headers["content-type"] ?? "", body: Buffer.concat(chunks) });
        res.writeHead(200, { "Content-Type": "application/json" }).end("{}");
      });
    });
    await new Promise<void>((resolve) => receiver.listen(3902, "127.0.0.1", resolve));
    const { port } = receiver.address() as AddressInfo;
    traced = await startApp(3901, {
      OPENAI_BASE_URL: inject("upstreamUrl"),
      OPENAI_MODEL: "fake-model",
      // A trailing slash must not break the `/v1/traces` path.
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}/`,
      OTEL_SERVICE_NAME: "draftwise-otel-test",
      OTEL_BSP_SCHEDULE_DELAY: "200",
    });
  });
  afterAll(async () => {
    await traced?.stop();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it("posts spans to OTEL_EXPORTER_OTLP_ENDPOINT/v1/traces after a request", async () => {
    const session = new Session(traced.url);
    await session.fetch("/api/auth/guest?redirect=/");
    const res = await session.json("/api/chat", { messages: [userMessage("Trace me [[tokens=4]]")] });
    expect(res.status).toBe(200);
    await res.text();
    const traces = await waitFor(async () => {
      const found = exports.filter((e) => e.path === "/v1/traces" && e.body.length > 0);
      return found.length ? found : undefined;
    }, 20_000);
    const first = traces[0]!;
    if (/json/.test(first.contentType)) {
      const body = JSON.parse(first.body.toString()) as { resourceSpans: { scopeSpans: { spans: unknown[] }[] }[] };
      expect(body.resourceSpans[0]!.scopeSpans[0]!.spans.length).toBeGreaterThan(0);
    } else {
      expect(first.contentType).toMatch(/protobuf/);
    }
    // The service name travels as a resource attribute; the model call as a gen_ai span; no prompt ever does.
    const all = await waitFor(async () => {
      const text = Buffer.concat(exports.map((t) => t.body)).toString("latin1");
      return text.includes("gen_ai.request.model") ? text : undefined;
    }, 10_000);
    expect(all).toContain("draftwise-otel-test");
    expect(all).toContain("chat fake-model");
    expect(all).not.toContain("Trace me");
  }, 40_000);
});
