import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/server/db/client";
import { claimNextJob, getJob, insertJob, recoverInterruptedJobs } from "@/lib/server/db/queries/jobs";
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
    await insertJob({ job: { ownerId: owner.id, apiKeyId: null, type: "chat", input: {}, metadata: {}, idempotencyKey: "b", requestHash: "y" } });
    const claimed = await claimNextJob({ leaseMs: 60_000 });
    expect(claimed).toMatchObject({ id: first.id, status: "running", attempts: 1 });
    expect(claimed!.leaseUntil!.getTime()).toBeGreaterThan(Date.now() + 50_000);
  });

  it("returns the first job for a repeated idempotency key instead of a second one", async () => {
    const owner = await createGuestUser();
    const job = { ownerId: owner.id, apiKeyId: null, type: "chat", input: {}, metadata: {}, idempotencyKey: "same", requestHash: "h" };
    const first = await insertJob({ job });
    const second = await insertJob({ job });
    expect(first.created).toBe(true);
    expect(second).toEqual({ row: first.row, created: false });
  });
});
