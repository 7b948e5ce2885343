/**
 * One user can't hold up everyone's jobs (issue 16): jobs are claimed fairly between users, a
 * user runs at most JOBS_RUNNING_PER_USER at once (by default all lanes but one) and may have at
 * most JOBS_QUEUED_PER_USER waiting. One instance of its own (API_TEST_PORT + 7), on the
 * scripted upstream: `[[tokens=40]] [[delay=50]]` answers take about 2 s.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobJson } from "@/lib/contracts/jobs";
import { startApp, type AppServer } from "../../fixtures/app-server";
import { expectApiError, keyOwner, v1 } from "../api-key-helpers";
import { uniqueTag } from "../helpers";
import { getJob, modelEnv, waitForStatus } from "../job-helpers";

const port = Number(process.env.API_TEST_PORT ?? 3210) + 7;

let app: AppServer;
beforeAll(async () => {
  app = await startApp(port, modelEnv({ JOBS_CONCURRENCY: "2", JOBS_QUEUED_PER_USER: "4" }));
});
afterAll(async () => {
  await app?.stop();
});

const chatJob = (content: string) => ({ type: "chat", input: { messages: [{ role: "user", content }] } });
const slow = (tag: string) => chatJob(`A long story [[tokens=40]] [[delay=50]] [[tag=${tag}]]`);

function submit(key: string, body: unknown): Promise<Response> {
  return v1("/api/v1/jobs", { key, base: app.url, body });
}

async function submitted(key: string, body: unknown): Promise<JobJson> {
  const res = await submit(key, body);
  if (res.status !== 202) throw new Error(`submitting a job failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as JobJson;
}

async function cancelAll(key: string, jobs: JobJson[]) {
  await Promise.all(jobs.map((job) => v1(`/api/v1/jobs/${job.id}`, { key, base: app.url, method: "DELETE" })));
}

describe("fair job claiming (JOBS_CONCURRENCY=2)", () => {
  it("runs user B's small job at once although user A queued many slow jobs first", { timeout: 30_000 }, async () => {
    const a = await keyOwner(app.url);
    const b = await keyOwner(app.url);
    const tag = uniqueTag("fair-a");
    const many: JobJson[] = [];
    for (let i = 0; i < 4; i++) many.push(await submitted(a.key, slow(`${tag}-${i}`)));
    await waitForStatus(a.key, many[0]!.id, "running", { base: app.url });

    const started = Date.now();
    const small = await submitted(b.key, chatJob(`Hello [[tokens=3]] [[tag=${uniqueTag("fair-b")}]]`));
    await waitForStatus(b.key, small.id, "succeeded", { base: app.url, timeoutMs: 10_000 });
    // FIFO would have made it wait for A's first two jobs (about 2 s each): it took one lane A could not have.
    expect(Date.now() - started).toBeLessThan(1_500);

    const states = await Promise.all(many.map((job) => getJob(a.key, job.id, app.url)));
    expect(states.map((j) => j.status)).toEqual(["running", "queued", "queued", "queued"]);
    await cancelAll(a.key, many);
  });

  it("refuses a submission past JOBS_QUEUED_PER_USER=4 with 429 rate_limited and Retry-After; others still submit", { timeout: 30_000 }, async () => {
    const a = await keyOwner(app.url);
    const tag = uniqueTag("queued-cap");
    const jobs: JobJson[] = [await submitted(a.key, slow(`${tag}-run`))];
    await waitForStatus(a.key, jobs[0]!.id, "running", { base: app.url });
    for (let i = 0; i < 4; i++) jobs.push(await submitted(a.key, slow(`${tag}-${i}`)));

    const res = await submit(a.key, slow(`${tag}-over`));
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    const error = await expectApiError(res, 429, "rate_limited", "queued_jobs");
    expect(error.message).toMatch(/\b4 jobs waiting\b/);

    const b = await keyOwner(app.url);
    const other = await submitted(b.key, chatJob("Hi [[tokens=2]]"));
    await cancelAll(a.key, jobs);
    await waitForStatus(b.key, other.id, "succeeded", { base: app.url, timeoutMs: 10_000 });
  });
});
