/**
 * The studio's job routes (session cookie): GET/POST /api/jobs, GET/DELETE /api/jobs/{id} and
 * POST /api/jobs/{id}/document (a succeeded draft becomes a document) — every status each
 * can answer. They share lib/server/jobs with /api/v1/jobs (tested in jobs.test.ts), so the
 * runner itself isn't tested again here.
 *
 * Most tests use the shared app. The rate limit (429) and the document limit (403) get
 * instances of their own, on ports 3996 and 3997 (3990–3999 belong to this file and the jobs
 * e2e spec).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { DocumentJson } from "@/lib/contracts/documents";
import type { JobDraftResult, JobJson, JobListJson, JobStatusName } from "@/lib/contracts/jobs";
import { startApp, type AppServer } from "../fixtures/app-server";
import { uuidPattern } from "./api-key-helpers";
import { appUrl, expectError, uniqueTag } from "./helpers";
import { sleep, terminal } from "./job-helpers";
import { guestSession, type Session } from "./session";

const chatJob = (content: string) => ({ type: "chat", input: { messages: [{ role: "user", content }] } });
const draftJob = (topic: string, extra: Record<string, unknown> = {}) => ({ type: "draft", input: { topic, sections: 3, ...extra } });

async function submit(session: Session, body: unknown, headers: Record<string, string> = {}): Promise<JobJson> {
  const res = await session.json("/api/jobs", body, { headers });
  if (res.status !== 202) throw new Error(`POST /api/jobs: ${res.status} ${await res.text()}`);
  return (await res.json()) as JobJson;
}

async function getJob(session: Session, id: string): Promise<JobJson> {
  const res = await session.fetch(`/api/jobs/${id}`);
  if (res.status !== 200) throw new Error(`GET /api/jobs/${id}: ${res.status} ${await res.text()}`);
  return (await res.json()) as JobJson;
}

async function waitFor(session: Session, id: string, status: JobStatusName, timeoutMs = 20_000): Promise<JobJson> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await getJob(session, id);
    if (job.status === status) return job;
    if (terminal.includes(job.status)) throw new Error(`job ${id} ended ${job.status} (waiting for ${status}): ${JSON.stringify(job.error)}`);
    if (Date.now() > deadline) throw new Error(`job ${id} still ${job.status} after ${timeoutMs} ms`);
    await sleep(50);
  }
}

const openAsDocument = (session: Session, id: string) => session.fetch(`/api/jobs/${id}/document`, { method: "POST" });
const anonymous = (path: string, init: RequestInit = {}) => fetch(`${appUrl()}${path}`, init);
const missingId = "00000000-0000-4000-8000-000000000000";

let owner: Session;
let other: Session;

beforeAll(async () => {
  [owner, other] = await Promise.all([guestSession(), guestSession()]);
});

describe("POST /api/jobs", () => {
  it("202: queues the job as /api/v1/jobs does, with a Location under /api/jobs", async () => {
    const res = await owner.json("/api/jobs", { ...chatJob(`Hello [[tag=${uniqueTag("session-submit")}]]`), metadata: { from: "studio" } });
    expect(res.status).toBe(202);
    const job = (await res.json()) as JobJson;
    expect(job.id).toMatch(uuidPattern);
    expect(job).toMatchObject({ object: "job", type: "chat", status: "queued", metadata: { from: "studio" } });
    expect(res.headers.get("location")).toBe(`/api/jobs/${job.id}`);
    expect((await waitFor(owner, job.id, "succeeded")).result).toMatchObject({ content: expect.any(String) });
  });

  it("202 with Idempotent-Replayed for a retried submission; 422 when the key comes with another body", async () => {
    const key = uniqueTag("idem");
    const body = chatJob(`Once [[tag=${key}]]`);
    const first = await submit(owner, body, { "Idempotency-Key": key });
    const again = await owner.json("/api/jobs", body, { headers: { "Idempotency-Key": key } });
    expect(again.status).toBe(202);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(((await again.json()) as JobJson).id).toBe(first.id);
    await expectError(await owner.json("/api/jobs", chatJob("Another body"), { headers: { "Idempotency-Key": key } }), 422, "unprocessable_request", "Idempotency-Key");
  });

  it("400 for a body that breaks the schema, naming the field (input fields as input.…)", async () => {
    await expectError(await owner.json("/api/jobs", { type: "poem", input: {} }), 400, "invalid_request", "type");
    await expectError(await owner.json("/api/jobs", { type: "draft", input: { topic: "ab", sections: 3 } }), 400, "invalid_request", "input.topic");
    await expectError(await owner.json("/api/jobs", { type: "draft", input: { topic: "Bees in the city", sections: 9 } }), 400, "invalid_request", "input.sections");
    await expectError(await owner.json("/api/jobs", { ...chatJob("Hi"), webhook_url: "ftp://example.com" }), 400, "invalid_request", "webhook_url");
  });

  it("422 content_storage_disabled for an account that doesn't store content", async () => {
    const privateUser = await guestSession();
    expect((await privateUser.json("/api/account", { store_content: false }, { method: "PATCH" })).status).toBe(200);
    await expectError(await privateUser.json("/api/jobs", chatJob("A secret")), 422, "content_storage_disabled", "store_content");
  });
});

describe("GET /api/jobs", () => {
  it("200: the user's own jobs only, newest first, filtered by status and paged by cursor", async () => {
    const lister = await guestSession();
    const jobs: JobJson[] = [];
    for (let i = 0; i < 3; i++) jobs.push(await submit(lister, chatJob(`List me ${i} [[tag=${uniqueTag("list")}]]`)));
    await submit(other, chatJob("Not yours"));
    for (const job of jobs) await waitFor(lister, job.id, "succeeded");

    const all = (await (await lister.fetch("/api/jobs")).json()) as JobListJson;
    expect(all.data.map((j) => j.id)).toEqual(jobs.map((j) => j.id).reverse());

    const first = await lister.fetch("/api/jobs?limit=2");
    expect(first.status).toBe(200);
    const page1 = (await first.json()) as JobListJson;
    expect(page1).toMatchObject({ object: "list", has_more: true });
    expect(page1.data).toHaveLength(2);
    const page2 = (await (await lister.fetch(`/api/jobs?limit=2&cursor=${page1.next_cursor}`)).json()) as JobListJson;
    expect(page2).toMatchObject({ has_more: false, next_cursor: null });
    expect([...page1.data, ...page2.data].map((j) => j.id)).toEqual(all.data.map((j) => j.id));

    const none = (await (await lister.fetch("/api/jobs?status=failed")).json()) as JobListJson;
    expect(none.data).toEqual([]);
    const succeeded = (await (await lister.fetch("/api/jobs?status=succeeded")).json()) as JobListJson;
    expect(succeeded.data).toHaveLength(3);
  });

  it("400 for an unknown status, a bad limit or a cursor this API didn't give", async () => {
    await expectError(await owner.fetch("/api/jobs?status=done"), 400, "invalid_request", "status");
    await expectError(await owner.fetch("/api/jobs?limit=0"), 400, "invalid_request", "limit");
    await expectError(await owner.fetch("/api/jobs?cursor=bogus"), 400, "invalid_request", "cursor");
    await expectError(await owner.fetch("/api/jobs?page=2"), 400, "invalid_request", "page");
  });
});

describe("GET and DELETE /api/jobs/{id}", () => {
  it("200: the job; 404 for another user's job, an unknown id or one that isn't a UUID", async () => {
    const job = await submit(owner, chatJob(`Mine [[tag=${uniqueTag("get")}]]`));
    expect((await getJob(owner, job.id)).id).toBe(job.id);
    await expectError(await other.fetch(`/api/jobs/${job.id}`), 404, "not_found");
    await expectError(await owner.fetch(`/api/jobs/${missingId}`), 404, "not_found");
    await expectError(await owner.fetch("/api/jobs/not-a-uuid"), 404, "not_found");
    await expectError(await anonymous(`/api/jobs/${job.id}`), 401, "unauthorized");
  });

  it("DELETE 200 cancels a running job, and answers a finished one as it is; 404 for others' jobs", async () => {
    const job = await submit(owner, chatJob(`A long story [[tokens=150]] [[delay=20]] [[tag=${uniqueTag("cancel")}]]`));
    await waitFor(owner, job.id, "running");
    await expectError(await other.fetch(`/api/jobs/${job.id}`, { method: "DELETE" }), 404, "not_found");
    const res = await owner.fetch(`/api/jobs/${job.id}`, { method: "DELETE" });
    expect(res.status).toBe(200);
    expect(((await res.json()) as JobJson).status).toBe("cancelled");
    const again = await owner.fetch(`/api/jobs/${job.id}`, { method: "DELETE" });
    expect(again.status).toBe(200);
    expect(((await again.json()) as JobJson).status).toBe("cancelled");
    expect((await getJob(owner, job.id)).status).toBe("cancelled");
    await expectError(await anonymous(`/api/jobs/${job.id}`, { method: "DELETE" }), 401, "unauthorized");
    await expectError(await owner.fetch(`/api/jobs/${missingId}`, { method: "DELETE" }), 404, "not_found");
  });
});

describe("POST /api/jobs/{id}/document", () => {
  it("201: a succeeded draft becomes a new document with its title and headings", async () => {
    const job = await submit(owner, draftJob(`Rooftop beekeeping [[tag=${uniqueTag("draft-doc")}]]`));
    const done = await waitFor(owner, job.id, "succeeded", 30_000);
    const result = done.result as JobDraftResult;
    expect(result.markdown).toEqual(expect.any(String));

    const res = await openAsDocument(owner, job.id);
    expect(res.status).toBe(201);
    const { document } = (await res.json()) as { document: DocumentJson };
    expect(document.id).toMatch(uuidPattern);
    expect(document.title).toBe(result.title);
    const headings = (document.content.content ?? []).filter((node) => node.type === "heading");
    const texts = headings.map((node) => (node.content ?? []).map((t) => t.text ?? "").join(""));
    for (const section of result.sections) expect(texts).toContain(section.heading);
    // The article is AI-written: every heading's text carries the job's authorship record.
    for (const heading of headings) {
      for (const text of heading.content ?? []) expect(text.marks).toContainEqual({ type: "authorship", attrs: expect.objectContaining({ runId: job.id, origin: "ai", action: "draft" }) });
    }

    // It is the user's document like any other; opening the job again makes another one.
    const opened = await owner.fetch(`/api/documents/${document.id}`);
    expect(opened.status).toBe(200);
    const second = await openAsDocument(owner, job.id);
    expect(second.status).toBe(201);
    expect(((await second.json()) as { document: DocumentJson }).document.id).not.toBe(document.id);

    // Someone else's draft is not found.
    await expectError(await openAsDocument(other, job.id), 404, "not_found");
  });

  it("409 not_a_finished_draft for a job that isn't a draft, or a draft that didn't succeed", async () => {
    const chat = await submit(owner, chatJob(`Not a draft [[tag=${uniqueTag("chat-doc")}]]`));
    await waitFor(owner, chat.id, "succeeded");
    await expectError(await openAsDocument(owner, chat.id), 409, "not_a_finished_draft", "id");

    // A draft cancelled while its first (slow) call runs.
    const draft = await submit(owner, draftJob(`Slow topic [[first=2500]] [[tag=${uniqueTag("draft-cancel")}]]`));
    await waitFor(owner, draft.id, "running");
    const running = await openAsDocument(owner, draft.id);
    const error = await expectError(running, 409, "not_a_finished_draft", "id");
    expect(error.message).toMatch(/running/);
    expect((await owner.fetch(`/api/jobs/${draft.id}`, { method: "DELETE" })).status).toBe(200);
    await expectError(await openAsDocument(owner, draft.id), 409, "not_a_finished_draft", "id");
  });

  it("404 for an unknown id or one that isn't a UUID; 401 without a session; 405 for GET", async () => {
    await expectError(await openAsDocument(owner, missingId), 404, "not_found");
    await expectError(await openAsDocument(owner, "nope"), 404, "not_found");
    await expectError(await anonymous(`/api/jobs/${missingId}/document`, { method: "POST" }), 401, "unauthorized");
    const res = await owner.fetch(`/api/jobs/${missingId}/document`);
    await expectError(res, 405, "method_not_allowed");
    expect(res.headers.get("allow")).toBe("POST");
  });
});

describe("limits on instances of their own", () => {
  let limited: AppServer;
  let fewDocuments: AppServer;

  beforeAll(async () => {
    const upstream = { OPENAI_BASE_URL: inject("upstreamUrl"), OPENAI_MODEL: "fake-model" };
    [limited, fewDocuments] = await Promise.all([
      startApp(3996, { ...upstream, RATE_LIMIT_RPM: "3" }),
      startApp(3997, { ...upstream, DOCUMENTS_PER_USER: "1" }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([limited?.stop(), fewDocuments?.stop()]);
  });

  it("429 rate_limited past the requests per minute, on every job route", async () => {
    const session = await guestSession(limited.url);
    for (let i = 0; i < 3; i++) expect((await session.fetch("/api/jobs")).status).toBe(200);
    const res = await session.fetch("/api/jobs");
    await expectError(res, 429, "rate_limited");
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    await expectError(await session.json("/api/jobs", chatJob("Hi")), 429, "rate_limited");
    await expectError(await session.fetch(`/api/jobs/${missingId}`), 429, "rate_limited");
    await expectError(await session.fetch(`/api/jobs/${missingId}/document`, { method: "POST" }), 429, "rate_limited");
  });

  it("403 document_limit_reached when the user already has as many documents as allowed", async () => {
    const session = await guestSession(fewDocuments.url);
    const job = await submit(session, draftJob(`Urban foxes [[tag=${uniqueTag("limit-doc")}]]`));
    await waitFor(session, job.id, "succeeded", 30_000);
    expect((await openAsDocument(session, job.id)).status).toBe(201);
    await expectError(await openAsDocument(session, job.id), 403, "document_limit_reached");
  });
});
