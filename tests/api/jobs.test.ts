/**
 * Asynchronous jobs (issue 6, first slice): POST/GET/DELETE /api/v1/jobs for the chat, write
 * and outline types, the in-process runner, idempotency, cancelling and surviving a restart.
 *
 * Most tests use the shared app (JOBS_CONCURRENCY 2, MODEL_TIMEOUT_MS 4000: slow answers stay
 * well under 4 s there). Tests that need another env or kill the app start their own
 * instances. Ports 3940–3949 belong to this file.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import type { JobJson, JobListJson, jobOutlineResultSchema, jobTextResultSchema } from "@/lib/contracts/jobs";
import { outlineSchema } from "@/lib/contracts/outline";
import { startApp, type AppServer } from "../fixtures/app-server";
import { startFakeDns, type FakeDns } from "../fixtures/fake-dns";
import { createKey, expectApiError, keyOwner, uuidPattern, v1 } from "./api-key-helpers";
import { appUrl, uniqueTag, upstreamRequests } from "./helpers";
import { appsOn, getJob, modelEnv, restart, sleep, upstreamAborted, upstreamCall, waitForStatus } from "./job-helpers";
import { registeredSession } from "./session";

// ------------------------------------------------------------------------------------------
// The contract's shapes

type Job = JobJson;
type JobList = JobListJson;
type CompletionResult = z.infer<typeof jobTextResultSchema>;
type OutlineResult = z.infer<typeof jobOutlineResultSchema>;

// ------------------------------------------------------------------------------------------
// Helpers

const leak = /127\.0\.0\.1|localhost|\bat .+\(|sk-|dw_[0-9A-Za-z]{40}/;

const chatInput = (content: string, extra: Record<string, unknown> = {}) => ({ messages: [{ role: "user", content }], ...extra });
const chatJob = (content: string, extra: Record<string, unknown> = {}) => ({ type: "chat", input: chatInput(content), ...extra });

interface CallOptions {
  base?: string;
  headers?: Record<string, string>;
}

/** POST /api/v1/jobs, whatever the answer. */
function post(key: string | undefined, body: unknown, { base = appUrl(), headers }: CallOptions = {}) {
  return v1("/api/v1/jobs", { key, base, body, headers });
}

/** POST /api/v1/jobs that must be accepted: 202, a queued job and its Location. */
async function submit(key: string, body: unknown, options: CallOptions = {}): Promise<Job> {
  const res = await post(key, body, options);
  if (res.status !== 202) throw new Error(`submitting a job failed: ${res.status} ${await res.text()}`);
  const job = (await res.json()) as Job;
  expectJobShape(job);
  return job;
}

async function cancelJob(key: string, id: string, base = appUrl()): Promise<Job> {
  const res = await v1(`/api/v1/jobs/${id}`, { key, base, method: "DELETE" });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/application\/json/);
  return (await res.json()) as Job;
}

async function listJobs(key: string, query = "", base = appUrl()): Promise<JobList> {
  const res = await v1(`/api/v1/jobs${query}`, { key, base });
  if (res.status !== 200) throw new Error(`GET /api/v1/jobs${query}: ${res.status} ${await res.text()}`);
  const list = (await res.json()) as JobList;
  expect(list.object).toBe("list");
  expect(Array.isArray(list.data)).toBe(true);
  return list;
}

const time = (iso: string | null) => {
  expect(iso).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
  const t = Date.parse(iso!);
  expect(Number.isNaN(t)).toBe(false);
  return t;
};

/** Every field of the contract's job object, with its type. */
function expectJobShape(job: Job) {
  expect(job.id).toMatch(uuidPattern);
  expect(job.object).toBe("job");
  expect(["chat", "write", "outline", "draft", "template"]).toContain(job.type);
  expect(["queued", "running", "succeeded", "failed", "cancelled"]).toContain(job.status);
  expect(job.progress).toBeGreaterThanOrEqual(0);
  expect(job.progress).toBeLessThanOrEqual(1);
  expect(typeof job.input).toBe("object");
  expect(typeof job.metadata).toBe("object");
  expect(job.metadata).not.toBeNull();
  for (const field of ["prompt_tokens", "completion_tokens", "total_tokens"] as const) expect(Number.isInteger(job.usage[field])).toBe(true);
  expect(Number.isInteger(job.attempts)).toBe(true);
  time(job.created_at);
  expect(job.webhook_url === null || typeof job.webhook_url === "string").toBe(true);
  expect(job.links).toEqual({ self: `/api/v1/jobs/${job.id}`, deliveries: `/api/v1/jobs/${job.id}/deliveries` });
}

/** A fresh 202: queued, nothing run yet, Location and links.self pointing at the job. */
async function expectAccepted(res: Response): Promise<Job> {
  expect(res.status).toBe(202);
  expect(res.headers.get("content-type")).toMatch(/application\/json/);
  const job = (await res.json()) as Job;
  expectJobShape(job);
  const location = res.headers.get("location");
  expect(location).not.toBeNull();
  // The contract gives the path; an absolute URL to the same path would be equivalent.
  expect(new URL(location!, appUrl()).pathname).toBe(`/api/v1/jobs/${job.id}`);
  expect(job).toMatchObject({ status: "queued", progress: 0, result: null, error: null, attempts: 0, started_at: null, finished_at: null });
  expect(job.usage).toEqual({ prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 });
  expect(res.headers.get("idempotent-replayed")).toBeNull();
  return job;
}

/** A succeeded job: its result, progress 1, usage, one attempt and ordered timestamps. */
function expectSucceeded(job: Job) {
  expectJobShape(job);
  expect(job.status).toBe("succeeded");
  expect(job.progress).toBe(1);
  expect(job.error).toBeNull();
  expect(job.attempts).toBe(1);
  expect(job.usage.prompt_tokens).toBeGreaterThan(0);
  expect(job.usage.completion_tokens).toBeGreaterThan(0);
  expect(job.usage.total_tokens).toBe(job.usage.prompt_tokens + job.usage.completion_tokens);
  const created = time(job.created_at);
  const started = time(job.started_at);
  const finished = time(job.finished_at);
  expect(started).toBeGreaterThanOrEqual(created);
  expect(finished).toBeGreaterThanOrEqual(started);
}

function completion(job: Job): CompletionResult {
  const result = job.result as CompletionResult;
  expect(Object.keys(result).sort()).toEqual(["content", "finish_reason", "model"]);
  expect(result.model).toBe("fake-model");
  expect(result.finish_reason).toBe("stop");
  return result;
}

const words = (text: string) => text.replace(/\.$/, "").split(" ");

// ------------------------------------------------------------------------------------------

let key: string;
beforeAll(async () => {
  ({ key } = await keyOwner());
});

describe("job lifecycle", () => {
  it("runs a chat job: 202 queued with Location, then succeeded with {content, model, finish_reason}, usage and metadata", async () => {
    const input = chatInput("Say hello [[tokens=5]]");
    const metadata = { customer: "acme", run: "42" };
    const accepted = await expectAccepted(await post(key, { type: "chat", input, metadata }));
    expect(accepted).toMatchObject({ type: "chat", input, metadata });

    const done = await waitForStatus(key, accepted.id, "succeeded");
    expectSucceeded(done);
    expect(done).toMatchObject({ id: accepted.id, type: "chat", input, metadata, created_at: accepted.created_at });
    expect(words(completion(done).content)).toHaveLength(5);
  });

  it("runs a write job: succeeded with the written content", async () => {
    const input = { prompt: "A tagline for a bakery [[tokens=6]]", action: "write" };
    const metadata = { source: "lifecycle-test" };
    const accepted = await expectAccepted(await post(key, { type: "write", input, metadata }));
    expect(accepted).toMatchObject({ type: "write", input, metadata });

    const done = await waitForStatus(key, accepted.id, "succeeded");
    expectSucceeded(done);
    expect(done).toMatchObject({ type: "write", input, metadata });
    expect(words(completion(done).content)).toHaveLength(6);
  });

  it("runs an outline job: succeeded with {outline: {title, sections}, model}", async () => {
    const input = { topic: "Composting at home", audience: "beginners", sections: 4 };
    const accepted = await expectAccepted(await post(key, { type: "outline", input, metadata: { batch: "7" } }));
    expect(accepted).toMatchObject({ type: "outline", input, metadata: { batch: "7" } });

    const done = await waitForStatus(key, accepted.id, "succeeded");
    expectSucceeded(done);
    expect(done.metadata).toEqual({ batch: "7" });
    const result = done.result as OutlineResult;
    expect(Object.keys(result).sort()).toEqual(["model", "outline"]);
    expect(result.model).toBe("fake-model");
    const outline = outlineSchema.parse(result.outline);
    expect(outline.title.length).toBeGreaterThan(0);
    expect(outline.sections.length).toBeGreaterThanOrEqual(3);
    expect(outline.sections.length).toBeLessThanOrEqual(7);
  });

  it("has metadata {} when none was given", async () => {
    const accepted = await expectAccepted(await post(key, chatJob("Hi [[tokens=2]]")));
    expect(accepted.metadata).toEqual({});
    expect((await waitForStatus(key, accepted.id, "succeeded")).metadata).toEqual({});
  });

  it("shows a job as running while its model call streams: started_at set, finished_at null, progress 0", async () => {
    const tag = uniqueTag("job-running");
    const job = await submit(key, chatJob(`Tell me a story [[tokens=40]] [[delay=50]] [[tag=${tag}]]`));
    const running = await waitForStatus(key, job.id, "running", { timeoutMs: 3_000, interval: 25 });
    expect(running.started_at).not.toBeNull();
    expect(time(running.started_at)).toBeGreaterThanOrEqual(time(running.created_at));
    expect(running.finished_at).toBeNull();
    expect(running.result).toBeNull();
    expect(running.error).toBeNull();
    expect(running.progress).toBe(0);
    expect(running.attempts).toBe(1);
    // The model call is in flight at the upstream meanwhile.
    expect((await upstreamCall(tag)).completed).toBe(false);

    const done = await waitForStatus(key, job.id, "succeeded", { timeoutMs: 10_000 });
    expectSucceeded(done);
    expect(done.started_at).toBe(running.started_at);
    expect(words(completion(done).content)).toHaveLength(40);
  });

  it("ends a job whose model call fails with status failed and error {code, message}; DELETE leaves it failed", async () => {
    const tag = uniqueTag("job-fail");
    // A 4xx from the provider is final: no retries, so the job fails quickly.
    const job = await submit(key, chatJob(`Hi [[fail=400]] [[tag=${tag}]]`));
    const failed = await waitForStatus(key, job.id, "failed");
    expectJobShape(failed);
    expect(failed.result).toBeNull();
    expect(failed.error).not.toBeNull();
    expect(Object.keys(failed.error!).sort()).toEqual(["code", "message"]);
    expect(failed.error!.code).toMatch(/^upstream_(error|unavailable)$/);
    expect(failed.error!.message.length).toBeGreaterThan(5);
    expect(JSON.stringify(failed.error)).not.toMatch(leak);
    expect(failed.attempts).toBe(1);
    expect(failed.progress).toBeLessThan(1);
    expect(time(failed.finished_at)).toBeGreaterThanOrEqual(time(failed.started_at));
    expect((await upstreamRequests(tag)).length).toBeGreaterThanOrEqual(1);

    const after = await cancelJob(key, job.id);
    expect(after).toMatchObject({ status: "failed", error: failed.error, finished_at: failed.finished_at });
  });
});

// ------------------------------------------------------------------------------------------

describe("POST /api/v1/jobs validation and errors", () => {
  const invalid: Array<[string, unknown, string]> = [
    ["a missing type", { input: chatInput("hi") }, "type"],
    ["an unknown type", { type: "translate", input: chatInput("hi") }, "type"],
    ["a type that is not a string", { type: 3, input: chatInput("hi") }, "type"],
    ["a missing input", { type: "chat" }, "input"],
    ["an input that is not an object", { type: "write", input: "write me a poem" }, "input"],
    ["a chat input without messages", { type: "chat", input: {} }, "input.messages"],
    ["a chat input with no messages", { type: "chat", input: { messages: [] } }, "input.messages"],
    ["a chat input without a user message", { type: "chat", input: { messages: [{ role: "system", content: "be brief" }] } }, "input.messages"],
    ["a chat input with stream (jobs don't stream)", { type: "chat", input: chatInput("hi", { stream: true }) }, "input.stream"],
    ["a chat input with an unknown field", { type: "chat", input: chatInput("hi", { temprature: 1 }) }, "input.temprature"],
    ["a write input without a prompt", { type: "write", input: {} }, "input.prompt"],
    ["a write input with a blank prompt", { type: "write", input: { prompt: "   " } }, "input.prompt"],
    ["an outline input without a topic", { type: "outline", input: {} }, "input.topic"],
    ["an outline input with 8 sections", { type: "outline", input: { topic: "Gardening", sections: 8 } }, "input.sections"],
    ["metadata that is not an object", chatJob("hi", { metadata: "tag" }), "metadata"],
    ["metadata with 17 keys", chatJob("hi", { metadata: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, "v"])) }), "metadata"],
    ["a metadata key of 41 characters", chatJob("hi", { metadata: { ["k".repeat(41)]: "v" } }), "metadata"],
    ["an empty metadata key", chatJob("hi", { metadata: { "": "v" } }), "metadata"],
    ["a metadata value of 501 characters", chatJob("hi", { metadata: { note: "v".repeat(501) } }), "metadata.note"],
    ["a metadata value that is not a string", chatJob("hi", { metadata: { count: 3 } }), "metadata.count"],
    ["an unknown top-level field", chatJob("hi", { priority: "high" }), "priority"],
  ];
  it.each(invalid)("answers 400 invalid_request for %s, naming the field", async (_name, body, param) => {
    await expectApiError(await post(key, body), 400, "invalid_request", param);
  });

  it("accepts metadata at its limits: 16 keys, a 40-character key, a 500-character value", async () => {
    const metadata: Record<string, string> = Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`k${i}`, "v"]));
    metadata["k".repeat(40)] = "v".repeat(500);
    const job = await expectAccepted(await post(key, chatJob("Hi [[tokens=1]]", { metadata })));
    expect(job.metadata).toEqual(metadata);
    await waitForStatus(key, job.id, "succeeded");
  });

  it("creates no job for a refused body", async () => {
    const { key: fresh } = await keyOwner();
    await expectApiError(await post(fresh, { type: "chat", input: {} }), 400, "invalid_request", "input.messages");
    await expectApiError(await post(fresh, chatJob("hi", { metadata: { count: 3 } })), 400, "invalid_request", "metadata.count");
    expect((await listJobs(fresh)).data).toEqual([]);
  });

  it("answers 401 unauthorized to a session cookie alone", async () => {
    const { session, key: own } = await keyOwner();
    const job = await submit(own, chatJob("Hi [[tokens=1]]"));
    await expectApiError(await session.json("/api/v1/jobs", chatJob("hi")), 401, "unauthorized");
    await expectApiError(await session.fetch("/api/v1/jobs"), 401, "unauthorized");
    await expectApiError(await session.fetch(`/api/v1/jobs/${job.id}`), 401, "unauthorized");
    await expectApiError(await session.fetch(`/api/v1/jobs/${job.id}`, { method: "DELETE" }), 401, "unauthorized");
    // Only the key-authenticated submission exists.
    expect((await listJobs(own)).data.map((j) => j.id)).toEqual([job.id]);
  });

  it("answers 404 not_found (param id) for another user's job, an unknown uuid and a malformed id, on GET and DELETE", async () => {
    const { key: owner } = await keyOwner();
    const { key: other } = await keyOwner();
    const tag = uniqueTag("job-404");
    const job = await submit(owner, chatJob(`Hi [[tokens=10]] [[delay=30]] [[tag=${tag}]]`));
    const ids = [job.id, "00000000-0000-4000-8000-000000000000", crypto.randomUUID(), "not-a-job-id", "12345"];
    for (const id of ids) {
      await expectApiError(await v1(`/api/v1/jobs/${id}`, { key: other }), 404, "not_found", "id");
      await expectApiError(await v1(`/api/v1/jobs/${id}`, { key: other, method: "DELETE" }), 404, "not_found", "id");
    }
    for (const id of ids.slice(1)) {
      await expectApiError(await v1(`/api/v1/jobs/${id}`, { key: owner }), 404, "not_found", "id");
      await expectApiError(await v1(`/api/v1/jobs/${id}`, { key: owner, method: "DELETE" }), 404, "not_found", "id");
    }
    // The other user's DELETE did not cancel it.
    const done = await waitForStatus(owner, job.id, "succeeded");
    expect(done.status).toBe("succeeded");
  });

  it("answers 422 content_storage_disabled (param store_content) to a user who turned content storage off", async () => {
    const { session } = await registeredSession();
    const { key: privateKey } = await createKey(session);
    const patched = await session.json("/api/account", { store_content: false }, { method: "PATCH" });
    expect(patched.status).toBe(200);
    expect(((await patched.json()) as { account: { store_content: boolean } }).account.store_content).toBe(false);

    const tag = uniqueTag("job-private");
    await expectApiError(await post(privateKey, chatJob(`A secret [[tag=${tag}]]`)), 422, "content_storage_disabled", "store_content");
    await expectApiError(await post(privateKey, { type: "outline", input: { topic: "Private matters" } }), 422, "content_storage_disabled", "store_content");
    expect((await listJobs(privateKey)).data).toEqual([]);
    await sleep(300);
    expect(await upstreamRequests(tag)).toHaveLength(0);
  });
});

// ------------------------------------------------------------------------------------------

describe("GET /api/v1/jobs", () => {
  /** Submits `n` quick jobs one after the other; returns their ids, oldest first. */
  async function submitMany(owner: string, n: number, name: string): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      ids.push((await submit(owner, chatJob(`${name} ${i} [[tokens=1]]`, { metadata: { i: String(i) } }))).id);
      // Distinct creation times, so "newest first" has one answer.
      await sleep(10);
    }
    return ids;
  }

  it("lists the caller's jobs only, newest first", async () => {
    const { key: mine } = await keyOwner();
    const { key: theirs } = await keyOwner();
    const foreign = await submit(theirs, chatJob("Not yours [[tokens=1]]"));
    const ids = await submitMany(mine, 3, "mine");
    const list = await listJobs(mine);
    expect(list.data.map((j) => j.id)).toEqual([...ids].reverse());
    expect(list.data.map((j) => j.id)).not.toContain(foreign.id);
    expect(list.has_more).toBe(false);
    expect(list.next_cursor).toBeNull();
    for (const job of list.data) expectJobShape(job);
    const createdAt = list.data.map((j) => time(j.created_at));
    expect(createdAt).toEqual([...createdAt].sort((a, b) => b - a));
    expect((await listJobs(theirs)).data.map((j) => j.id)).toEqual([foreign.id]);
  });

  it("pages with limit and next_cursor through all of a user's jobs exactly once", async () => {
    const { key: owner } = await keyOwner();
    const ids = await submitMany(owner, 5, "page");
    const seen: string[] = [];
    const pageSizes: number[] = [];
    let query = "?limit=2";
    for (let pages = 0; ; pages++) {
      expect(pages).toBeLessThan(5);
      const list = await listJobs(owner, query);
      seen.push(...list.data.map((j) => j.id));
      pageSizes.push(list.data.length);
      if (!list.has_more) {
        expect(list.next_cursor).toBeNull();
        break;
      }
      expect(typeof list.next_cursor).toBe("string");
      query = `?limit=2&cursor=${encodeURIComponent(list.next_cursor!)}`;
    }
    expect(pageSizes).toEqual([2, 2, 1]);
    expect(seen).toEqual([...ids].reverse());
    expect(new Set(seen).size).toBe(5);

    const all = await listJobs(owner, "?limit=100");
    expect(all.data.map((j) => j.id)).toEqual([...ids].reverse());
    expect(all.has_more).toBe(false);
    const exact = await listJobs(owner, "?limit=5");
    expect(exact.data).toHaveLength(5);
    expect(exact.has_more).toBe(false);
    expect(exact.next_cursor).toBeNull();
  });

  it("filters by status", async () => {
    const { key: owner } = await keyOwner();
    const ok = await submit(owner, chatJob("Fine [[tokens=2]]"));
    const bad = await submit(owner, chatJob(`Broken [[fail=400]] [[tag=${uniqueTag("job-filter")}]]`));
    await waitForStatus(owner, ok.id, "succeeded");
    await waitForStatus(owner, bad.id, "failed");
    expect((await listJobs(owner, "?status=succeeded")).data.map((j) => j.id)).toEqual([ok.id]);
    expect((await listJobs(owner, "?status=failed")).data.map((j) => j.id)).toEqual([bad.id]);
    for (const status of ["queued", "running", "cancelled"]) {
      const list = await listJobs(owner, `?status=${status}`);
      expect(list.data).toEqual([]);
      expect(list.has_more).toBe(false);
    }
    const page = await listJobs(owner, "?status=succeeded&limit=1");
    expect(page.data.map((j) => j.id)).toEqual([ok.id]);
    expect(page.has_more).toBe(false);
  });

  const badQueries: Array<[string, string]> = [
    ["?limit=0", "limit"],
    ["?limit=101", "limit"],
    ["?limit=ten", "limit"],
    ["?limit=2.5", "limit"],
    ["?status=done", "status"],
    ["?status=SUCCEEDED", "status"],
    ["?cursor=%25%25not-a-cursor%25%25", "cursor"],
  ];
  it.each(badQueries)("answers 400 invalid_request for %s (param %s)", async (query, param) => {
    await expectApiError(await v1(`/api/v1/jobs${query}`, { key }), 400, "invalid_request", param);
  });
});

// ------------------------------------------------------------------------------------------

describe("Idempotency-Key", () => {
  it("replays the original job for the same key and body (key order irrelevant): 202, same id, Idempotent-Replayed: true", async () => {
    const { key: owner } = await keyOwner();
    const idem = uniqueTag("idem");
    const first = await expectAccepted(
      await post(owner, { type: "write", input: { prompt: "A slogan [[tokens=3]]", action: "write" }, metadata: { a: "1", b: "2" } }, { headers: { "Idempotency-Key": idem } }),
    );

    const again = await post(owner, { metadata: { b: "2", a: "1" }, input: { action: "write", prompt: "A slogan [[tokens=3]]" }, type: "write" }, { headers: { "Idempotency-Key": idem } });
    expect(again.status).toBe(202);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const replayed = (await again.json()) as Job;
    expect(replayed.id).toBe(first.id);
    expect(replayed.created_at).toBe(first.created_at);

    // The replay shows the job's current state, and no second job exists.
    await waitForStatus(owner, first.id, "succeeded");
    const late = await post(owner, { type: "write", input: { prompt: "A slogan [[tokens=3]]", action: "write" }, metadata: { a: "1", b: "2" } }, { headers: { "Idempotency-Key": idem } });
    expect(late.status).toBe(202);
    expect(late.headers.get("idempotent-replayed")).toBe("true");
    const lateJob = (await late.json()) as Job;
    expect(lateJob).toMatchObject({ id: first.id, status: "succeeded", attempts: 1 });
    expect((await listJobs(owner)).data.map((j) => j.id)).toEqual([first.id]);
  });

  it("answers 422 unprocessable_request (param Idempotency-Key) for the same key with a different body", async () => {
    const { key: owner } = await keyOwner();
    const idem = uniqueTag("idem-diff");
    const first = await expectAccepted(await post(owner, chatJob("First [[tokens=1]]"), { headers: { "Idempotency-Key": idem } }));
    await expectApiError(await post(owner, chatJob("Second [[tokens=1]]"), { headers: { "Idempotency-Key": idem } }), 422, "unprocessable_request", "Idempotency-Key");
    await expectApiError(
      await post(owner, chatJob("First [[tokens=1]]", { metadata: { extra: "x" } }), { headers: { "Idempotency-Key": idem } }),
      422,
      "unprocessable_request",
      "Idempotency-Key",
    );
    expect((await listJobs(owner)).data.map((j) => j.id)).toEqual([first.id]);
  });

  it("keeps keys per user: another user's identical key and body create a separate job", async () => {
    const { key: a } = await keyOwner();
    const { key: b } = await keyOwner();
    const idem = uniqueTag("idem-user");
    const body = chatJob("Shared key [[tokens=1]]");
    const jobA = await expectAccepted(await post(a, body, { headers: { "Idempotency-Key": idem } }));
    const resB = await post(b, body, { headers: { "Idempotency-Key": idem } });
    const jobB = await expectAccepted(resB);
    expect(jobB.id).not.toBe(jobA.id);
    expect((await listJobs(a)).data.map((j) => j.id)).toEqual([jobA.id]);
    expect((await listJobs(b)).data.map((j) => j.id)).toEqual([jobB.id]);
  });

  it("creates separate jobs for different keys and for no key", async () => {
    const { key: owner } = await keyOwner();
    const body = chatJob("Same body [[tokens=1]]");
    const one = await expectAccepted(await post(owner, body, { headers: { "Idempotency-Key": uniqueTag("k1") } }));
    const two = await expectAccepted(await post(owner, body, { headers: { "Idempotency-Key": uniqueTag("k2") } }));
    const three = await expectAccepted(await post(owner, body));
    expect(new Set([one.id, two.id, three.id]).size).toBe(3);
  });

  it("accepts a 255-character key and answers 400 (param Idempotency-Key) to a 256-character key or one with invisible characters", async () => {
    const { key: owner } = await keyOwner();
    await expectAccepted(await post(owner, chatJob("Long key [[tokens=1]]"), { headers: { "Idempotency-Key": "k".repeat(255) } }));
    await expectApiError(await post(owner, chatJob("hi"), { headers: { "Idempotency-Key": "k".repeat(256) } }), 400, "invalid_request", "Idempotency-Key");
    await expectApiError(await post(owner, chatJob("hi"), { headers: { "Idempotency-Key": "k".repeat(300) } }), 400, "invalid_request", "Idempotency-Key");
    await expectApiError(await post(owner, chatJob("hi"), { headers: { "Idempotency-Key": "has a space" } }), 400, "invalid_request", "Idempotency-Key");
    expect((await listJobs(owner)).data).toHaveLength(1);
  });
});

// ------------------------------------------------------------------------------------------

describe("DELETE /api/v1/jobs/{id}", () => {
  it("cancels a running job: 200 cancelled, finished_at set, the model call aborted within 1 s, and it stays cancelled", async () => {
    const { key: owner } = await keyOwner();
    const tag = uniqueTag("job-cancel");
    // 150 × 20 ms = 3 s: under the shared app's 4 s model timeout, far longer than the test needs.
    const job = await submit(owner, chatJob(`A long story [[tokens=150]] [[delay=20]] [[tag=${tag}]]`));
    await waitForStatus(owner, job.id, "running");
    await upstreamCall(tag);

    const cancelledAt = Date.now();
    const cancelled = await cancelJob(owner, job.id);
    expectJobShape(cancelled);
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.result).toBeNull();
    expect(time(cancelled.finished_at)).toBeGreaterThanOrEqual(time(cancelled.started_at));

    const record = await upstreamAborted(tag);
    expect(record.endedAt! - cancelledAt).toBeLessThan(1_000);
    expect(record.completed).toBe(false);
    expect(record.chunksSent).toBeLessThan(150);

    // Long past the answer's natural end: still cancelled, no result, not run again.
    await sleep(3_500);
    const later = await getJob(owner, job.id);
    expect(later).toMatchObject({ status: "cancelled", result: null, finished_at: cancelled.finished_at });
    expect(later.progress).toBeLessThan(1);
    expect(await upstreamRequests(tag)).toHaveLength(1);
    expect((await listJobs(owner, "?status=cancelled")).data.map((j) => j.id)).toEqual([job.id]);

    // Idempotent: a second DELETE answers 200 with the job unchanged.
    const again = await cancelJob(owner, job.id);
    expect(again).toMatchObject({ status: "cancelled", finished_at: cancelled.finished_at, result: null });
  });

  it("leaves a succeeded job as it is: 200 with status succeeded and its result", async () => {
    const { key: owner } = await keyOwner();
    const job = await submit(owner, chatJob("Short [[tokens=3]]"));
    const done = await waitForStatus(owner, job.id, "succeeded");
    const after = await cancelJob(owner, job.id);
    expect(after).toMatchObject({ status: "succeeded", progress: 1, finished_at: done.finished_at, result: done.result });
    expect(await getJob(owner, job.id)).toMatchObject({ status: "succeeded", result: done.result });
  });
});

describe("cancelling a queued job (JOBS_CONCURRENCY=1)", () => {
  let app: AppServer;
  let owner: string;

  beforeAll(async () => {
    app = await startApp(3940, modelEnv({ JOBS_CONCURRENCY: "1" }));
    ({ key: owner } = await keyOwner(app.url));
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("cancels a job waiting behind a running one: it never runs, and the next queued job still does", async () => {
    const base = app.url;
    const slowTag = uniqueTag("job-slow");
    const queuedTag = uniqueTag("job-queued");
    const nextTag = uniqueTag("job-next");
    const slow = await submit(owner, chatJob(`Slow [[tokens=40]] [[delay=50]] [[tag=${slowTag}]]`), { base });
    await waitForStatus(owner, slow.id, "running", { base });
    const queued = await submit(owner, chatJob(`Queued [[tokens=3]] [[tag=${queuedTag}]]`), { base });
    const next = await submit(owner, chatJob(`Next [[tokens=3]] [[tag=${nextTag}]]`), { base });

    // One slot, taken by the slow job: the others wait.
    await sleep(300);
    expect((await getJob(owner, queued.id, base)).status).toBe("queued");
    expect((await getJob(owner, next.id, base)).status).toBe("queued");

    const cancelled = await cancelJob(owner, queued.id, base);
    expect(cancelled).toMatchObject({ status: "cancelled", started_at: null, attempts: 0, result: null });
    time(cancelled.finished_at);

    const slowDone = await waitForStatus(owner, slow.id, "succeeded", { base, timeoutMs: 10_000 });
    expectSucceeded(slowDone);
    const nextDone = await waitForStatus(owner, next.id, "succeeded", { base, timeoutMs: 10_000 });
    expectSucceeded(nextDone);

    await sleep(500);
    expect(await upstreamRequests(queuedTag)).toHaveLength(0);
    expect(await getJob(owner, queued.id, base)).toMatchObject({ status: "cancelled", started_at: null, attempts: 0, finished_at: cancelled.finished_at });
  });
});

// ------------------------------------------------------------------------------------------

describe("surviving a restart (JOBS_CONCURRENCY=1, JOBS_LEASE_MS=1500)", () => {
  const port = 3941;
  const env = modelEnv({ JOBS_CONCURRENCY: "1", JOBS_LEASE_MS: "1500" });
  const apps = appsOn(port, env);

  it(
    "runs again a job that was running when the process was killed (attempts 2) and runs the queued one (attempts 1)",
    { timeout: 90_000 },
    async () => {
      const first = apps[0]!;
      const { key: owner } = await keyOwner(first.url);
      const tagA = uniqueTag("job-restart-a");
      const tagB = uniqueTag("job-restart-b");
      const a = await submit(owner, chatJob(`Slow [[tokens=60]] [[delay=50]] [[tag=${tagA}]]`), { base: first.url });
      const b = await submit(owner, chatJob(`Queued [[tokens=5]] [[tag=${tagB}]]`), { base: first.url });
      await waitForStatus(owner, a.id, "running", { base: first.url });
      await upstreamCall(tagA);
      expect((await getJob(owner, b.id, first.url)).status).toBe("queued");

      const second = await restart(first, port, env);
      apps.push(second);
      // The key and the jobs live in the database: the new process knows them.
      const doneA = await waitForStatus(owner, a.id, "succeeded", { base: second.url, timeoutMs: 30_000, interval: 100 });
      const doneB = await waitForStatus(owner, b.id, "succeeded", { base: second.url, timeoutMs: 30_000, interval: 100 });

      expect(doneA.attempts).toBe(2);
      expect(doneA.progress).toBe(1);
      expect(words(completion(doneA).content)).toHaveLength(60);
      expect(doneA.usage.completion_tokens).toBeGreaterThan(0);
      expect(doneB.attempts).toBe(1);
      expect(words(completion(doneB).content)).toHaveLength(5);

      // A's first model call died with the process; the second ran to its end. B's ran once.
      const requestsA = await upstreamRequests(tagA);
      expect(requestsA).toHaveLength(2);
      expect(requestsA[0]!.completed).toBe(false);
      expect(requestsA[1]!.completed).toBe(true);
      const requestsB = await upstreamRequests(tagB);
      expect(requestsB).toHaveLength(1);
      expect(requestsB[0]!.completed).toBe(true);
    },
  );
});

describe("a job interrupted once too often (JOBS_MAX_ATTEMPTS=1)", () => {
  const port = 3942;
  const env = modelEnv({ JOBS_CONCURRENCY: "1", JOBS_LEASE_MS: "1500", JOBS_MAX_ATTEMPTS: "1" });
  const apps = appsOn(port, env);

  it(
    "fails a job that was running when the process was killed with error.code job_interrupted after the restart",
    { timeout: 90_000 },
    async () => {
      const first = apps[0]!;
      const { key: owner } = await keyOwner(first.url);
      const tag = uniqueTag("job-interrupted");
      const job = await submit(owner, chatJob(`Slow [[tokens=60]] [[delay=50]] [[tag=${tag}]]`), { base: first.url });
      await waitForStatus(owner, job.id, "running", { base: first.url });
      await upstreamCall(tag);

      const second = await restart(first, port, env);
      apps.push(second);
      const failed = await waitForStatus(owner, job.id, "failed", { base: second.url, timeoutMs: 30_000, interval: 100 });
      expectJobShape(failed);
      expect(failed.error?.code).toBe("job_interrupted");
      expect(failed.error!.message.length).toBeGreaterThan(5);
      expect(JSON.stringify(failed.error)).not.toMatch(leak);
      expect(failed.attempts).toBe(1);
      expect(failed.result).toBeNull();
      time(failed.finished_at);

      // Not run again.
      await sleep(1_000);
      expect(await upstreamRequests(tag)).toHaveLength(1);
      expect((await getJob(owner, job.id, second.url)).status).toBe("failed");
    },
  );
});

// ------------------------------------------------------------------------------------------

describe("an Idempotency-Key whose first submission is still being created (slow webhook DNS)", () => {
  // The job's row holds the key from the start; the webhook URL's DNS answer takes 1.5 s here.
  const port = 3943;
  let dns: FakeDns;
  const apps: AppServer[] = [];
  beforeAll(async () => {
    dns = await startFakeDns();
    dns.delayMs = 1_500;
    dns.set("receiver.test", ["127.0.0.1"]);
    apps.push(await startApp(port, modelEnv({ WEBHOOK_DNS_SERVERS: dns.server, WEBHOOK_ALLOW_PRIVATE: "true" })));
  });
  afterAll(async () => {
    for (const app of apps) await app.stop();
    await dns.close();
  });

  async function ownerWithSecret(base: string): Promise<string> {
    const { key } = await keyOwner(base);
    const res = await v1("/api/v1/webhooks/secret", { key, base, method: "POST" });
    expect(res.status).toBe(201);
    return key;
  }

  it("answers 409 request_in_progress (param Idempotency-Key) to a retry during creation, then replays the job", async () => {
    const base = apps[0]!.url;
    const owner = await ownerWithSecret(base);
    const idem = uniqueTag("idem-creating");
    const body = chatJob("Slow creation [[tokens=1]]", { webhook_url: "http://receiver.test:3944/hook" });
    const first = post(owner, body, { base, headers: { "Idempotency-Key": idem } });
    await sleep(400);
    const during = await post(owner, body, { base, headers: { "Idempotency-Key": idem } });
    await expectApiError(during, 409, "request_in_progress", "Idempotency-Key");
    // Not listed while it is being created.
    expect((await listJobs(owner, "", base)).data).toEqual([]);

    const created = await expectAccepted(await first);
    expect(created.webhook_url).toBe("http://receiver.test:3944/hook");
    const after = await post(owner, body, { base, headers: { "Idempotency-Key": idem } });
    expect(after.status).toBe(202);
    expect(after.headers.get("idempotent-replayed")).toBe("true");
    expect(((await after.json()) as Job).id).toBe(created.id);
  });

  it("frees the key when the creation fails its checks: a corrected retry with the same key is a new job", async () => {
    const base = apps[0]!.url;
    const owner = await ownerWithSecret(base);
    const idem = uniqueTag("idem-refused");
    const refused = await post(owner, chatJob("Nowhere [[tokens=1]]", { webhook_url: "http://unknown-host.test/hook" }), { base, headers: { "Idempotency-Key": idem } });
    await expectApiError(refused, 422, "unprocessable_request", "webhook_url");
    const fixed = await expectAccepted(await post(owner, chatJob("Nowhere [[tokens=1]]"), { base, headers: { "Idempotency-Key": idem } }));
    expect(fixed.webhook_url).toBeNull();
    expect((await listJobs(owner, "", base)).data.map((j) => j.id)).toEqual([fixed.id]);
  });
});
