/**
 * Webhooks (issue 6): the signing secret, Standard Webhooks deliveries of job events checked
 * with the independent `standardwebhooks` package, retries until a receiver recovers, the
 * delivery log, the test event, and SSRF refusal (DNS rebinding included).
 *
 * Two instances of its own: `hooks` (WEBHOOK_ALLOW_PRIVATE, so it may call the receiver on
 * 127.0.0.1; fast retries 200/400/800 ms; 1 s timeout) and `guarded` (private addresses refused,
 * webhook hosts resolved by a fake DNS server). Ports 3950–3969 belong to this file (run with
 * API_TEST_PORT=3953 so the shared instances land in that range too).
 */
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobJson } from "@/lib/contracts/jobs";
import type { WebhookDeliveryJson, WebhookDeliveryListJson, WebhookSecretInfoJson, WebhookSecretJson } from "@/lib/contracts/webhooks";
import { guestCookie, startApp, type AppServer } from "../fixtures/app-server";
import { startFakeDns, type FakeDns } from "../fixtures/fake-dns";
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from "../fixtures/webhook-receiver";
import { expectApiError, keyOwner, v1 } from "./api-key-helpers";
import { getJob, modelEnv, sleep, until } from "./job-helpers";

const HOOKS_PORT = 3950;
const GUARDED_PORT = 3951;
const RECEIVER_PORT = 3956;
const DNS_PORT = 3957;

let pathSeq = 0;
const newPath = (name: string) => `/${name}-${++pathSeq}-${Math.random().toString(36).slice(2, 8)}`;

let hooks: AppServer;
let guarded: AppServer;
let receiver: WebhookReceiver;
let dns: FakeDns;

beforeAll(async () => {
  receiver = await startWebhookReceiver(RECEIVER_PORT);
  dns = await startFakeDns(DNS_PORT);
  const env = modelEnv({ WEBHOOK_RETRY_DELAYS_MS: "200,400,800", WEBHOOK_TIMEOUT_MS: "1000" });
  [hooks, guarded] = await Promise.all([
    startApp(HOOKS_PORT, { ...env, WEBHOOK_ALLOW_PRIVATE: "true" }),
    startApp(GUARDED_PORT, { ...env, WEBHOOK_DNS_SERVERS: dns.server }),
  ]);
});

afterAll(async () => {
  await Promise.all([hooks?.stop(), guarded?.stop()]);
  await receiver?.close();
  await dns?.close();
});

// ------------------------------------------------------------------------------------------
// Helpers

async function createSecret(key: string, base = hooks.url): Promise<WebhookSecretJson> {
  const res = await v1("/api/v1/webhooks/secret", { key, base, method: "POST" });
  expect(res.status).toBe(201);
  return (await res.json()) as WebhookSecretJson;
}

/** A new user with an API key and a webhook secret on `base`. */
async function hookOwner(base = hooks.url) {
  const owner = await keyOwner(base);
  const secret = await createSecret(owner.key, base);
  return { ...owner, secret: secret.secret };
}

async function submit(key: string, body: unknown, base = hooks.url): Promise<JobJson> {
  const res = await v1("/api/v1/jobs", { key, base, body });
  if (res.status !== 202) throw new Error(`submitting a job failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as JobJson;
}

const chatJob = (content: string, webhookUrl?: string) => ({
  type: "chat",
  input: { messages: [{ role: "user", content }] },
  ...(webhookUrl ? { webhook_url: webhookUrl } : {}),
});

async function deliveries(key: string, jobId: string, base = hooks.url): Promise<WebhookDeliveryJson[]> {
  const res = await v1(`/api/v1/jobs/${jobId}/deliveries`, { key, base });
  expect(res.status).toBe(200);
  const list = (await res.json()) as WebhookDeliveryListJson;
  expect(list.object).toBe("list");
  return list.data;
}

/** Waits until the job's (only) delivery has left `pending`. */
async function settledDelivery(key: string, jobId: string, base = hooks.url, timeoutMs = 10_000): Promise<WebhookDeliveryJson> {
  return until(
    async () => {
      const [delivery] = await deliveries(key, jobId, base);
      return delivery && delivery.status !== "pending" ? delivery : undefined;
    },
    `delivery of job ${jobId} settled`,
    timeoutMs,
  );
}

/** The Standard Webhooks headers of a received request, as a receiver hands them to a verifier. */
const signed = (request: ReceivedWebhook) => ({
  "webhook-id": request.headers["webhook-id"]!,
  "webhook-timestamp": request.headers["webhook-timestamp"]!,
  "webhook-signature": request.headers["webhook-signature"]!,
});

/** Checks a delivery the way a receiver must: signature (with `standardwebhooks`), headers, envelope. */
function verifyDelivery(request: ReceivedWebhook, secret: string) {
  expect(request.method).toBe("POST");
  expect(request.headers["content-type"]).toMatch(/^application\/json/);
  expect(request.headers["user-agent"]).toMatch(/^Draftwise-Webhooks\/1/);
  expect(request.headers["webhook-id"]).toMatch(/^msg_[0-9a-f]{32}$/);
  expect(request.headers["webhook-timestamp"]).toMatch(/^\d{10}$/);
  expect(Math.abs(Number(request.headers["webhook-timestamp"]) - Date.now() / 1000)).toBeLessThan(30);
  expect(request.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]{43}=( v1,[A-Za-z0-9+/]{43}=)*$/);
  const payload = new Webhook(secret).verify(request.body, signed(request)) as { type: string; timestamp: string; data: Record<string, unknown> };
  expect(Object.keys(payload)).toEqual(["type", "timestamp", "data"]);
  expect(Number.isNaN(Date.parse(payload.timestamp))).toBe(false);
  return payload;
}

/** A 422 SSRF refusal: names the field, says why, and how an operator allows it. */
async function expectRefused(res: Response, param: string, mentions: RegExp) {
  expect(res.status).toBe(422);
  const body = (await res.json()) as { error: { code: string; message: string; param?: string } };
  expect(body.error.code).toBe("unprocessable_request");
  expect(body.error.param).toBe(param);
  expect(body.error.message).toMatch(mentions);
  expect(JSON.stringify(body)).not.toMatch(/\bat .+\(|node:internal|Error:/);
  return body.error.message;
}

// ------------------------------------------------------------------------------------------

describe("webhook secret", () => {
  it("creates a whsec_ secret (201, shown once), and GET tells only whether one exists", async () => {
    const { key } = await keyOwner(hooks.url);
    const before = await v1("/api/v1/webhooks/secret", { key, base: hooks.url });
    expect(before.status).toBe(200);
    expect(await before.json()).toEqual({ object: "webhook_secret_info", exists: false, created_at: null, previous_secret_expires_at: null });

    const res = await v1("/api/v1/webhooks/secret", { key, base: hooks.url, method: "POST" });
    expect(res.status).toBe(201);
    expect(res.headers.get("cache-control")).toMatch(/no-store/);
    const created = (await res.json()) as WebhookSecretJson;
    expect(Object.keys(created).sort()).toEqual(["created_at", "object", "previous_secret_expires_at", "secret"]);
    expect(created.object).toBe("webhook_secret");
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(created.secret.slice(6), "base64")).toHaveLength(32);
    expect(created.previous_secret_expires_at).toBeNull();

    const info = await v1("/api/v1/webhooks/secret", { key, base: hooks.url });
    const text = await info.text();
    expect(text).not.toContain(created.secret.slice(6, 20));
    expect(JSON.parse(text)).toEqual({ object: "webhook_secret_info", exists: true, created_at: created.created_at, previous_secret_expires_at: null });
  });

  it("rotates: a new secret, the old one still signing for 24 h, both signatures verifying", async () => {
    const { key } = await keyOwner(hooks.url);
    const old = await createSecret(key);
    const rotated = await createSecret(key);
    expect(rotated.secret).not.toBe(old.secret);
    const expires = Date.parse(rotated.previous_secret_expires_at!);
    expect(Math.abs(expires - (Date.now() + 24 * 3600 * 1000))).toBeLessThan(60_000);
    const info = (await (await v1("/api/v1/webhooks/secret", { key, base: hooks.url })).json()) as WebhookSecretInfoJson;
    expect(info).toMatchObject({ exists: true, created_at: rotated.created_at, previous_secret_expires_at: rotated.previous_secret_expires_at });

    const path = newPath("rotation");
    const res = await v1("/api/v1/webhooks/test", { key, base: hooks.url, body: { url: `${receiver.url}${path}` } });
    expect(res.status).toBe(200);
    const [request] = await receiver.waitFor(path);
    const signatures = request!.headers["webhook-signature"]!.split(" ");
    expect(signatures).toHaveLength(2);
    for (const secret of [rotated.secret, old.secret]) expect(verifyDelivery(request!, secret).type).toBe("webhook.test");
    // Each signature alone verifies with its own secret.
    const payload = JSON.parse(request!.body) as unknown;
    expect(new Webhook(rotated.secret).verify(request!.body, { ...signed(request!), "webhook-signature": signatures[0]! })).toEqual(payload);
    expect(new Webhook(old.secret).verify(request!.body, { ...signed(request!), "webhook-signature": signatures[1]! })).toEqual(payload);
    expect(() => new Webhook(old.secret).verify(request!.body, { ...signed(request!), "webhook-signature": signatures[0]! })).toThrow("No matching signature found");
  });

  it("refuses a webhook_url, and the test event, without a secret: 422 webhook_secret_required; no job is made", async () => {
    const { key } = await keyOwner(hooks.url);
    await expectApiError(await v1("/api/v1/jobs", { key, base: hooks.url, body: chatJob("Hi", `${receiver.url}/nope`) }), 422, "webhook_secret_required", "webhook_url");
    await expectApiError(await v1("/api/v1/webhooks/test", { key, base: hooks.url, body: { url: `${receiver.url}/nope` } }), 422, "webhook_secret_required");
    const list = (await (await v1("/api/v1/jobs", { key, base: hooks.url })).json()) as { data: unknown[] };
    expect(list.data).toEqual([]);
    expect(receiver.requestsTo("/nope")).toEqual([]);
  });

  it("has session-cookie twins for the studio: secret info and rotation, test event, delivery log", async () => {
    const cookie = await guestCookie(hooks.url);
    const call = (path: string, method = "GET", body?: unknown) =>
      fetch(`${hooks.url}${path}`, {
        method,
        headers: { cookie, ...(body ? { "content-type": "application/json" } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
    expect(((await (await call("/api/webhooks/secret")).json()) as WebhookSecretInfoJson).exists).toBe(false);
    const created = await call("/api/webhooks/secret", "POST");
    expect(created.status).toBe(201);
    const { secret } = (await created.json()) as WebhookSecretJson;
    expect(secret).toMatch(/^whsec_/);
    expect(((await (await call("/api/webhooks/secret")).json()) as WebhookSecretInfoJson).exists).toBe(true);

    const path = newPath("studio-test");
    const tested = await call("/api/webhooks/test", "POST", { url: `${receiver.url}${path}` });
    expect(tested.status).toBe(200);
    expect(((await tested.json()) as WebhookDeliveryJson).status).toBe("delivered");
    verifyDelivery((await receiver.waitFor(path))[0]!, secret);

    const job = await fetch(`${hooks.url}/api/jobs`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json" },
      body: JSON.stringify(chatJob("Hi [[tokens=2]]", `${receiver.url}${newPath("studio-job")}`)),
    });
    expect(job.status).toBe(202);
    const { id } = (await job.json()) as JobJson;
    const log = await until(async () => {
      const list = (await (await call(`/api/jobs/${id}/deliveries`)).json()) as WebhookDeliveryListJson;
      return list.data[0]?.status === "delivered" ? list : undefined;
    }, "studio delivery log", 10_000);
    expect(log.data[0]!.event).toBe("job.succeeded");

    // No session: 401; another user's job: 404.
    await expectApiError(await fetch(`${hooks.url}/api/webhooks/secret`), 401, "unauthorized");
    const other = await guestCookie(hooks.url);
    await expectApiError(await fetch(`${hooks.url}/api/jobs/${id}/deliveries`, { headers: { cookie: other } }), 404, "not_found", "id");
  });
});

// ------------------------------------------------------------------------------------------

describe("signed job events", () => {
  it("delivers job.succeeded, signed per Standard Webhooks, with the job exactly as GET returns it", async () => {
    const { key, secret } = await hookOwner();
    const path = newPath("succeeded");
    const job = await submit(key, chatJob("Say hello [[tokens=4]]", `${receiver.url}${path}`));
    expect(job.webhook_url).toBe(`${receiver.url}${path}`);
    expect(job.links.deliveries).toBe(`/api/v1/jobs/${job.id}/deliveries`);

    const [request] = await receiver.waitFor(path);
    const payload = verifyDelivery(request!, secret);
    expect(payload.type).toBe("job.succeeded");
    const current = await getJob(key, job.id, hooks.url);
    expect(current.status).toBe("succeeded");
    expect(payload.data).toEqual(current);
    expect(payload.timestamp).toBe(current.finished_at);

    const delivery = await settledDelivery(key, job.id);
    expect(delivery).toMatchObject({
      id: request!.headers["webhook-id"],
      object: "webhook_delivery",
      event: "job.succeeded",
      url: `${receiver.url}${path}`,
      job_id: job.id,
      status: "delivered",
      next_attempt_at: null,
    });
    expect(delivery.attempts).toEqual([{ attempt: 1, started_at: expect.any(String), duration_ms: expect.any(Number), status_code: 200, error: null }]);
  });

  it("fails verification for a tampered body, a changed id or timestamp, and another secret", async () => {
    const { key, secret } = await hookOwner();
    const path = newPath("tamper");
    await submit(key, chatJob("Hi [[tokens=2]]", `${receiver.url}${path}`));
    const [request] = await receiver.waitFor(path);
    const headers = signed(request!);
    expect(new Webhook(secret).verify(request!.body, headers)).toEqual(JSON.parse(request!.body));
    const tampered = request!.body.replace('"succeeded"', '"failed"');
    expect(tampered).not.toBe(request!.body);
    const mismatch = "No matching signature found";
    expect(() => new Webhook(secret).verify(tampered, headers)).toThrow(mismatch);
    expect(() => new Webhook(secret).verify(`${request!.body} `, headers)).toThrow(mismatch);
    expect(() => new Webhook(secret).verify(request!.body, { ...headers, "webhook-id": "msg_other" })).toThrow(mismatch);
    expect(() => new Webhook(secret).verify(request!.body, { ...headers, "webhook-timestamp": String(Number(headers["webhook-timestamp"]) + 1) })).toThrow(mismatch);
    const { secret: another } = await hookOwner();
    expect(() => new Webhook(another).verify(request!.body, headers)).toThrow(mismatch);
  });

  it("delivers job.failed for a job whose model call failed, with its error", async () => {
    const { key, secret } = await hookOwner();
    const path = newPath("failed");
    const job = await submit(key, chatJob("Hi [[fail=400]]", `${receiver.url}${path}`));
    const [request] = await receiver.waitFor(path);
    const payload = verifyDelivery(request!, secret);
    expect(payload.type).toBe("job.failed");
    expect(payload.data).toMatchObject({ id: job.id, status: "failed", error: { code: expect.stringMatching(/^upstream_/) } });
    expect(payload.data).toEqual(await getJob(key, job.id, hooks.url));
  });

  it("delivers job.cancelled once for a cancelled job; cancelling again sends nothing more", async () => {
    const { key, secret } = await hookOwner();
    const path = newPath("cancelled");
    const job = await submit(key, chatJob("A long story [[tokens=200]] [[delay=50]]", `${receiver.url}${path}`));
    await until(async () => (await getJob(key, job.id, hooks.url)).status === "running", "job running", 10_000);
    expect((await v1(`/api/v1/jobs/${job.id}`, { key, base: hooks.url, method: "DELETE" })).status).toBe(200);
    const [request] = await receiver.waitFor(path);
    const payload = verifyDelivery(request!, secret);
    expect(payload.type).toBe("job.cancelled");
    expect(payload.data).toMatchObject({ id: job.id, status: "cancelled" });
    expect((await v1(`/api/v1/jobs/${job.id}`, { key, base: hooks.url, method: "DELETE" })).status).toBe(200);
    await sleep(1_500);
    expect(receiver.requestsTo(path)).toHaveLength(1);
    expect(await deliveries(key, job.id)).toHaveLength(1);
  });

  it("sends no webhook for a job without webhook_url: its delivery log is empty", async () => {
    const { key } = await hookOwner();
    const job = await submit(key, chatJob("Hi [[tokens=2]]"));
    await until(async () => (await getJob(key, job.id, hooks.url)).status === "succeeded", "job succeeded", 10_000);
    await sleep(500);
    expect(await deliveries(key, job.id)).toEqual([]);
  });
});

// ------------------------------------------------------------------------------------------

describe("retries", () => {
  it("retries on 500 until the receiver recovers: same webhook-id each time, attempts logged with codes and times", async () => {
    const { key, secret } = await hookOwner();
    const path = newPath("recovers");
    receiver.script(path, [500, 500, 200]);
    const job = await submit(key, chatJob("Hi [[tokens=2]]", `${receiver.url}${path}`));
    const requests = await receiver.waitFor(path, 3);
    const ids = new Set(requests.map((r) => r.headers["webhook-id"]));
    expect(ids.size).toBe(1);
    for (const request of requests) expect(verifyDelivery(request, secret).type).toBe("job.succeeded");
    // Waits of 200 ms, then 400 ms (scheduling adds a little).
    expect(requests[1]!.at - requests[0]!.at).toBeGreaterThanOrEqual(180);
    expect(requests[2]!.at - requests[1]!.at).toBeGreaterThanOrEqual(380);

    const delivery = await settledDelivery(key, job.id);
    expect(delivery.id).toBe([...ids][0]);
    expect(delivery.status).toBe("delivered");
    expect(delivery.next_attempt_at).toBeNull();
    expect(delivery.attempts.map((a) => [a.attempt, a.status_code])).toEqual([
      [1, 500],
      [2, 500],
      [3, 200],
    ]);
    expect(delivery.attempts[0]!.error).toMatch(/500/);
    expect(delivery.attempts[2]!.error).toBeNull();
    const starts = delivery.attempts.map((a) => Date.parse(a.started_at));
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(180);
    expect(starts[2]! - starts[1]!).toBeGreaterThanOrEqual(380);
    for (const a of delivery.attempts) expect(a.duration_ms).toBeGreaterThanOrEqual(0);
  });

  it("counts a receiver that doesn't answer in time (WEBHOOK_TIMEOUT_MS) as failed and retries", async () => {
    const { key } = await hookOwner();
    const path = newPath("timeout");
    receiver.script(path, ["hang", 200]);
    const job = await submit(key, chatJob("Hi [[tokens=2]]", `${receiver.url}${path}`));
    const delivery = await settledDelivery(key, job.id);
    expect(delivery.status).toBe("delivered");
    expect(delivery.attempts).toHaveLength(2);
    expect(delivery.attempts[0]).toMatchObject({ attempt: 1, status_code: null, error: expect.stringMatching(/timeout/i) });
    expect(delivery.attempts[0]!.duration_ms).toBeGreaterThanOrEqual(900);
    expect(delivery.attempts[1]).toMatchObject({ attempt: 2, status_code: 200, error: null });
    expect(new Set(receiver.requestsTo(path).map((r) => r.headers["webhook-id"])).size).toBe(1);
  });

  it("does not follow a redirect: a 3xx is a failed attempt", async () => {
    const { key } = await hookOwner();
    const path = newPath("redirect");
    const elsewhere = newPath("redirect-target");
    receiver.script(path, [{ status: 302, headers: { location: elsewhere } }, 200]);
    const job = await submit(key, chatJob("Hi [[tokens=2]]", `${receiver.url}${path}`));
    const delivery = await settledDelivery(key, job.id);
    expect(delivery.attempts.map((a) => a.status_code)).toEqual([302, 200]);
    expect(delivery.attempts[0]!.error).toMatch(/redirect/i);
    expect(receiver.requestsTo(elsewhere)).toEqual([]);
  });

  it("ends failed when the schedule runs out (1 + 3 retries) against a receiver that never recovers", async () => {
    const { key } = await hookOwner();
    const path = newPath("never");
    receiver.setDefault(path, 503);
    const job = await submit(key, chatJob("Hi [[tokens=2]]", `${receiver.url}${path}`));
    const delivery = await settledDelivery(key, job.id, hooks.url, 15_000);
    expect(delivery.status).toBe("failed");
    expect(delivery.next_attempt_at).toBeNull();
    expect(delivery.attempts.map((a) => [a.attempt, a.status_code])).toEqual([
      [1, 503],
      [2, 503],
      [3, 503],
      [4, 503],
    ]);
    await sleep(1_200);
    expect(receiver.requestsTo(path)).toHaveLength(4);
  });
});

// ------------------------------------------------------------------------------------------

describe("test event and delivery log", () => {
  it("POST /api/v1/webhooks/test delivers a signed webhook.test now and reports the attempt", async () => {
    const { key, secret } = await hookOwner();
    const path = newPath("test-event");
    const res = await v1("/api/v1/webhooks/test", { key, base: hooks.url, body: { url: `${receiver.url}${path}` } });
    expect(res.status).toBe(200);
    const delivery = (await res.json()) as WebhookDeliveryJson;
    expect(delivery).toMatchObject({ object: "webhook_delivery", event: "webhook.test", url: `${receiver.url}${path}`, job_id: null, status: "delivered", next_attempt_at: null });
    expect(delivery.attempts).toEqual([{ attempt: 1, started_at: expect.any(String), duration_ms: expect.any(Number), status_code: 200, error: null }]);
    const requests = receiver.requestsTo(path);
    expect(requests).toHaveLength(1);
    const payload = verifyDelivery(requests[0]!, secret);
    expect(payload.type).toBe("webhook.test");
    expect(typeof payload.data.message).toBe("string");
    expect(requests[0]!.headers["webhook-id"]).toBe(delivery.id);
  });

  it("reports a receiver's 500 in the attempt (200 from the API) and does not retry a test event", async () => {
    const { key } = await hookOwner();
    const path = newPath("test-500");
    receiver.setDefault(path, 500);
    const res = await v1("/api/v1/webhooks/test", { key, base: hooks.url, body: { url: `${receiver.url}${path}` } });
    expect(res.status).toBe(200);
    const delivery = (await res.json()) as WebhookDeliveryJson;
    expect(delivery.status).toBe("failed");
    expect(delivery.attempts).toHaveLength(1);
    expect(delivery.attempts[0]).toMatchObject({ status_code: 500, error: expect.stringMatching(/500/) });
    await sleep(600);
    expect(receiver.requestsTo(path)).toHaveLength(1);
  });

  it("reports a receiver that refuses connections with status_code null and the reason", async () => {
    const { key } = await hookOwner();
    const res = await v1("/api/v1/webhooks/test", { key, base: hooks.url, body: { url: "http://127.0.0.1:3969/closed" } });
    expect(res.status).toBe(200);
    const delivery = (await res.json()) as WebhookDeliveryJson;
    expect(delivery.status).toBe("failed");
    expect(delivery.attempts[0]).toMatchObject({ status_code: null, error: expect.stringMatching(/refused/i) });
  });

  it.each([
    ["a missing url", {}],
    ["a url that is not a URL", { url: "hello" }],
    ["an ftp url", { url: "ftp://example.com/hook" }],
    ["a url with credentials", { url: "https://user:pw@example.com/hook" }],
    ["an unknown field", { url: "https://example.com/hook", secret: "x" }],
  ])("answers 400 for %s", async (_name, body) => {
    const { key } = await hookOwner();
    const error = await expectApiError(await v1("/api/v1/webhooks/test", { key, base: hooks.url, body }), 400, "invalid_request");
    expect(error.param).toMatch(/^(url|secret)$/);
  });

  it("answers 404 not_found (param id) for another user's job, an unknown id and a malformed id", async () => {
    const { key: owner } = await hookOwner();
    const { key: other } = await hookOwner();
    const job = await submit(owner, chatJob("Hi [[tokens=2]]", `${receiver.url}${newPath("owned")}`));
    for (const id of [job.id, crypto.randomUUID(), "not-a-job"]) {
      await expectApiError(await v1(`/api/v1/jobs/${id}/deliveries`, { key: other, base: hooks.url }), 404, "not_found", "id");
    }
    await settledDelivery(owner, job.id);
  });
});

// ------------------------------------------------------------------------------------------

describe("SSRF rules (no WEBHOOK_ALLOW_PRIVATE)", () => {
  beforeAll(() => {
    dns.set("private.hooks.test", ["10.0.0.5"]);
    dns.set("mixed.hooks.test", ["93.184.216.34", "::1"]);
    dns.set("public.hooks.test", ["93.184.216.34"]);
  });

  const refused: Array<[string, RegExp]> = [
    [`http://127.0.0.1:${RECEIVER_PORT}/`, /127\.0\.0\.1, a loopback address/],
    ["http://localhost/", /loopback/],
    ["http://10.1.2.3/", /10\.1\.2\.3, a private address/],
    ["http://192.168.0.1/", /192\.168\.0\.1, a private address/],
    ["http://169.254.169.254/latest/meta-data", /169\.254\.169\.254, a link-local address/],
    ["http://[::1]/", /::1, a loopback address/],
    ["http://[::ffff:127.0.0.1]/", /127\.0\.0\.1, a loopback address/],
    ["http://2130706433/", /127\.0\.0\.1, a loopback address/],
    ["http://0.0.0.0/", /0\.0\.0\.0, the unspecified address/],
    ["http://private.hooks.test/hook", /resolves to 10\.0\.0\.5, a private address/],
    ["http://mixed.hooks.test/hook", /resolves to ::1, a loopback address/],
  ];

  it.each(refused)("refuses webhook_url %s with 422 naming webhook_url", async (url, why) => {
    const { key } = await hookOwner(guarded.url);
    const message = await expectRefused(await v1("/api/v1/jobs", { key, base: guarded.url, body: chatJob("Hi", url) }), "webhook_url", why);
    expect(message).toMatch(/WEBHOOK_ALLOW_PRIVATE=true/);
    const list = (await (await v1("/api/v1/jobs", { key, base: guarded.url })).json()) as { data: unknown[] };
    expect(list.data).toEqual([]);
  });

  it.each(refused)("refuses the test event to %s with 422 naming url", async (url, why) => {
    const { key } = await hookOwner(guarded.url);
    await expectRefused(await v1("/api/v1/webhooks/test", { key, base: guarded.url, body: { url } }), "url", why);
  });

  it("refuses a host that doesn't resolve", async () => {
    const { key } = await hookOwner(guarded.url);
    await expectRefused(await v1("/api/v1/jobs", { key, base: guarded.url, body: chatJob("Hi", "http://nowhere.hooks.test/") }), "webhook_url", /could not be resolved/);
  });

  it("accepts a host that resolves only to public addresses", async () => {
    const { key } = await hookOwner(guarded.url);
    // Cancelled before it finishes: nothing is ever sent to the public address.
    const job = await submit(key, chatJob("Long [[tokens=200]] [[delay=50]]", "https://public.hooks.test/hook"), guarded.url);
    expect(job.webhook_url).toBe("https://public.hooks.test/hook");
    dns.set("public.hooks.test", ["127.0.0.1"]);
    await v1(`/api/v1/jobs/${job.id}`, { key, base: guarded.url, method: "DELETE" });
  });

  it("refuses a delivery whose host was rebound to a private address after submission, and logs it unsent", async () => {
    const { key } = await hookOwner(guarded.url);
    const host = `rebind-${Math.random().toString(36).slice(2, 8)}.hooks.test`;
    const path = newPath("rebind");
    dns.set(host, ["93.184.216.34"]);
    const job = await submit(key, chatJob("Hi [[tokens=20]] [[delay=50]]", `http://${host}:${RECEIVER_PORT}${path}`), guarded.url);
    // Rebound before the job ends (it takes about a second): the delivery must not go to 127.0.0.1.
    dns.set(host, ["127.0.0.1"]);
    const delivery = await settledDelivery(key, job.id, guarded.url, 15_000);
    expect(delivery.status).toBe("failed");
    expect(delivery.attempts.length).toBe(4);
    for (const attempt of delivery.attempts) {
      expect(attempt.status_code).toBeNull();
      expect(attempt.error).toMatch(/Not sent: .*127\.0\.0\.1, a loopback address/);
    }
    expect(receiver.requestsTo(path)).toEqual([]);
  });
});
