import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/server/db/client";
import {
  acceptJob,
  claimNextJob,
  discardCreatingJob,
  finishJob,
  getJob,
  insertJob,
  listJobs,
  recoverInterruptedJobs,
  renewJobLease,
  saveJobProgress,
} from "@/lib/server/db/queries/jobs";
// The runners' queries (claim a given job, give a run back, the queue sweep).
import { claimJob, databaseIdentity, jobTablesExist, listQueuedJobs, releaseJob } from "@/lib/server/db/queries/jobs";
import { createGuestUser } from "@/lib/server/db/queries/users";
import { jobs } from "@/lib/server/db/schema";

async function runningJob({ ownerId, attempts, leaseAgoMs }: { ownerId: string; attempts: number; leaseAgoMs: number }) {
  const { row } = await insertJob({ job: { ownerId, apiKeyId: null, type: "chat", input: {}, metadata: {}, idempotencyKey: null, requestHash: null } });
  const db = await getDb();
  await db
    .update(jobs)
    .set({ status: "running", attempts, startedAt: new Date(), leaseUntil: new Date(Date.now() - leaseAgoMs) })
    .where(eq(jobs.id, row.id));
  return row.id;
}

describe("job recovery", () => {
  it("requeues a job whose lease ran out while it has runs left, and fails one that has none, in one pass", async () => {
    const owner = await createGuestUser();
    const again = await runningJob({ ownerId: owner.id, attempts: 1, leaseAgoMs: 1_000 });
    const spent = await runningJob({ ownerId: owner.id, attempts: 2, leaseAgoMs: 1_000 });
    const alive = await runningJob({ ownerId: owner.id, attempts: 1, leaseAgoMs: -60_000 });

    expect(await recoverInterruptedJobs({ maxAttempts: 2 })).toEqual({ requeued: 1, failed: 1 });

    expect(await getJob({ ownerId: owner.id, jobId: again })).toMatchObject({ status: "queued", leaseUntil: null, error: null, finishedAt: null });
    const failed = await getJob({ ownerId: owner.id, jobId: spent });
    expect(failed).toMatchObject({ status: "failed", error: { code: "job_interrupted" } });
    expect(failed?.finishedAt).toBeInstanceOf(Date);
    expect((await getJob({ ownerId: owner.id, jobId: alive }))?.status).toBe("running");
  });

  it("claims the oldest queued job, counts the attempt and leases it", async () => {
    const owner = await createGuestUser();
    await recoverInterruptedJobs({ maxAttempts: 2 });
    while (await claimNextJob({ leaseMs: 60_000 })); // what earlier tests left queued
    const { row: first } = await insertJob({ job: { ownerId: owner.id, apiKeyId: null, type: "chat", input: {}, metadata: {}, idempotencyKey: "a", requestHash: "x" } });
    const { row: second } = await insertJob({ job: { ownerId: owner.id, apiKeyId: null, type: "chat", input: {}, metadata: {}, idempotencyKey: "b", requestHash: "y" } });
    await acceptJob({ jobId: second.id, webhookUrl: null });
    await acceptJob({ jobId: first.id, webhookUrl: null });
    const claimed = await claimNextJob({ leaseMs: 60_000 });
    expect(claimed).toMatchObject({ id: first.id, status: "running", attempts: 1 });
    expect(claimed!.leaseUntil!.getTime()).toBeGreaterThan(Date.now() + 50_000);
  });

  it("claims fairly between owners: the one with the fewest jobs running goes first, though its job is newer", async () => {
    while (await claimNextJob({ leaseMs: 60_000 })); // what earlier tests left queued
    const busy = await createGuestUser();
    const other = await createGuestUser();
    const queued = async (ownerId: string) => {
      const { row } = await insertJob({ job: { ownerId, apiKeyId: null, type: "chat", input: {}, metadata: {}, idempotencyKey: null, requestHash: null } });
      return (await acceptJob({ jobId: row.id, webhookUrl: null }))!;
    };
    const busyJobs = [await queued(busy.id), await queued(busy.id), await queued(busy.id), await queued(busy.id)];
    expect((await claimNextJob({ leaseMs: 60_000 }))?.id).toBe(busyJobs[0]!.id);
    const late = await queued(other.id);
    // FIFO would give the busy owner a second lane; the other owner has none running.
    expect((await claimNextJob({ leaseMs: 60_000 }))?.id).toBe(late.id);
    expect((await claimNextJob({ leaseMs: 60_000 }))?.id).toBe(busyJobs[1]!.id);
  });

  it("leaves an owner with maxRunningPerOwner jobs running waiting, and runs everyone else's", async () => {
    while (await claimNextJob({ leaseMs: 60_000 }));
    const busy = await createGuestUser();
    const other = await createGuestUser();
    const queued = async (ownerId: string) => {
      const { row } = await insertJob({ job: { ownerId, apiKeyId: null, type: "chat", input: {}, metadata: {}, idempotencyKey: null, requestHash: null } });
      return (await acceptJob({ jobId: row.id, webhookUrl: null }))!;
    };
    const first = await queued(busy.id);
    const second = await queued(busy.id);
    expect((await claimNextJob({ leaseMs: 60_000, maxRunningPerOwner: 1 }))?.id).toBe(first.id);
    expect(await claimNextJob({ leaseMs: 60_000, maxRunningPerOwner: 1 })).toBeUndefined();
    const others = await queued(other.id);
    expect((await claimNextJob({ leaseMs: 60_000, maxRunningPerOwner: 1 }))?.id).toBe(others.id);
    // The busy owner's run ends: its next job may go.
    await finishJob({ jobId: first.id, attempt: 1, outcome: { status: "failed", error: { code: "x", message: "x" } } });
    expect((await claimNextJob({ leaseMs: 60_000, maxRunningPerOwner: 1 }))?.id).toBe(second.id);
  });

  it("returns the first job for a repeated idempotency key instead of a second one", async () => {
    const owner = await createGuestUser();
    const job = { ownerId: owner.id, apiKeyId: null, type: "chat", input: {}, metadata: {}, idempotencyKey: "same", requestHash: "h" };
    const first = await insertJob({ job });
    const second = await insertJob({ job });
    expect(first.created).toBe(true);
    expect(second).toEqual({ row: first.row, created: false });
  });

  it("keeps a job being created out of reach of runners and listings until it is accepted", async () => {
    const owner = await createGuestUser();
    const job = { ownerId: owner.id, apiKeyId: null, type: "chat", input: {}, metadata: {}, idempotencyKey: "creating", requestHash: "h" };
    const { row } = await insertJob({ job });
    expect(row.status).toBe("creating");
    expect(await getJob({ ownerId: owner.id, jobId: row.id })).toBeUndefined();
    expect(await listJobs({ ownerId: owner.id, limit: 10 })).toEqual([]);
    expect(await insertJob({ job })).toMatchObject({ created: false, row: { id: row.id, status: "creating" } });

    expect(await acceptJob({ jobId: row.id, webhookUrl: "https://example.com/hook" })).toMatchObject({ status: "queued", webhookUrl: "https://example.com/hook" });
    expect((await getJob({ ownerId: owner.id, jobId: row.id }))?.status).toBe("queued");
    expect(await acceptJob({ jobId: row.id, webhookUrl: null })).toBeUndefined();
  });

  it("frees the idempotency key of a creation that failed, and only of an old one when asked for age", async () => {
    const owner = await createGuestUser();
    const job = { ownerId: owner.id, apiKeyId: null, type: "chat", input: {}, metadata: {}, idempotencyKey: "abandoned", requestHash: "h" };
    const { row } = await insertJob({ job });
    expect(await discardCreatingJob({ jobId: row.id, olderThanMs: 60_000 })).toBe(false);
    expect(await discardCreatingJob({ jobId: row.id })).toBe(true);
    expect((await insertJob({ job })).created).toBe(true);
  });
});

describe("running a given job and giving it back (the queue workers, after(), shutdown)", () => {
  const newJob = async (ownerId: string) => {
    const { row } = await insertJob({ job: { ownerId, apiKeyId: null, type: "chat", input: {}, metadata: {}, idempotencyKey: null, requestHash: null } });
    return (await acceptJob({ jobId: row.id, webhookUrl: null }))!;
  };

  it("claims a given queued job once: running, one more attempt, leased; not again, nor when cancelled", async () => {
    const owner = await createGuestUser();
    const job = await newJob(owner.id);
    const claimed = await claimJob({ jobId: job.id, leaseMs: 60_000 });
    expect(claimed).toMatchObject({ id: job.id, status: "running", attempts: 1 });
    expect(claimed!.startedAt).toBeInstanceOf(Date);
    expect(claimed!.leaseUntil!.getTime()).toBeGreaterThan(Date.now() + 50_000);
    expect(await claimJob({ jobId: job.id, leaseMs: 60_000 })).toBeUndefined();

    const other = await newJob(owner.id);
    const db = await getDb();
    await db.update(jobs).set({ status: "cancelled" }).where(eq(jobs.id, other.id));
    expect(await claimJob({ jobId: other.id, leaseMs: 60_000 })).toBeUndefined();
    expect(await claimJob({ jobId: "00000000-0000-4000-8000-000000000000", leaseMs: 60_000 })).toBeUndefined();
  });

  it("gives a run back without counting its attempt, only for the run that holds it", async () => {
    const owner = await createGuestUser();
    const job = await newJob(owner.id);
    const first = (await claimJob({ jobId: job.id, leaseMs: 60_000 }))!;
    // A stale run (an older attempt) can't give back the current one.
    expect(await releaseJob({ jobId: job.id, attempts: first.attempts - 1 })).toBe(false);
    expect(await releaseJob({ jobId: job.id, attempts: first.attempts })).toBe(true);
    const released = await getJob({ ownerId: owner.id, jobId: job.id });
    expect(released).toMatchObject({ status: "queued", attempts: 0, leaseUntil: null, finishedAt: null });
    // Only a running job is given back.
    expect(await releaseJob({ jobId: job.id, attempts: 0 })).toBe(false);
    const again = await claimJob({ jobId: job.id, leaseMs: 60_000 });
    expect(again).toMatchObject({ status: "running", attempts: 1 });
    expect(again!.startedAt!.getTime()).toBe(first.startedAt!.getTime());
  });

  it("lists queued jobs oldest first with their attempts", async () => {
    const owner = await createGuestUser();
    while (await claimNextJob({ leaseMs: 60_000 })); // what earlier tests left queued
    const a = await newJob(owner.id);
    const b = await newJob(owner.id);
    const c = await newJob(owner.id);
    await claimJob({ jobId: b.id, leaseMs: 60_000 });
    expect(await listQueuedJobs({ limit: 10 })).toEqual([
      { id: a.id, attempts: 0 },
      { id: c.id, attempts: 0 },
    ]);
    expect(await listQueuedJobs({ limit: 1 })).toEqual([{ id: a.id, attempts: 0 }]);
  });

  it("names the database (what the Redis queue is named after) and sees its tables", async () => {
    const id = await databaseIdentity();
    expect(id.length).toBeGreaterThan(0);
    expect(await databaseIdentity()).toBe(id);
    expect(await jobTablesExist()).toBe(true);
  });

  it("lets only the job's current run renew, save progress or finish: a run that lost its lease to another can't", async () => {
    const owner = await createGuestUser();
    const jobId = await runningJob({ ownerId: owner.id, attempts: 1, leaseAgoMs: 1_000 });
    await recoverInterruptedJobs({ maxAttempts: 3 });
    const db = await getDb();
    // Another runner takes it over: attempt 2.
    await db.update(jobs).set({ status: "running", attempts: 2, leaseUntil: new Date(Date.now() + 60_000) }).where(eq(jobs.id, jobId));

    expect(await renewJobLease({ jobId, attempt: 1, leaseMs: 60_000 })).toBe(false);
    expect(await saveJobProgress({ jobId, attempt: 1, progress: 0.5 })).toBe(false);
    expect(await finishJob({ jobId, attempt: 1, outcome: { status: "failed", error: { code: "x", message: "stale" } } })).toBeUndefined();
    expect(await getJob({ ownerId: owner.id, jobId })).toMatchObject({ status: "running", attempts: 2, progress: 0, error: null });

    expect(await renewJobLease({ jobId, attempt: 2, leaseMs: 60_000 })).toBe(true);
    expect(await finishJob({ jobId, attempt: 2, outcome: { status: "succeeded", result: { content: "ok" }, promptTokens: 1, completionTokens: 2 } })).toMatchObject({
      status: "succeeded",
      progress: 1,
    });
  });
});
