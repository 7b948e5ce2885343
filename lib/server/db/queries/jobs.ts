import "server-only";
import { and, count, desc, eq, inArray, lt, ne, or, sql } from "drizzle-orm";
import { storableJson } from "@/lib/contracts/strings";
import { getDb } from "../client";
import { jobs, now, type JobStatus } from "../schema";

export type JobRow = typeof jobs.$inferSelect;
type NewJob = Pick<typeof jobs.$inferInsert, "ownerId" | "apiKeyId" | "type" | "input" | "metadata" | "idempotencyKey" | "requestHash">;

/**
 * Creates a job in the internal `creating` state (no runner takes it, no listing shows it), or
 * with an idempotency key already used by this owner returns that job instead (`created:
 * false`): the unique index makes a retried submission race-free.
 */
export async function insertJob({ job }: { job: NewJob }): Promise<{ row: JobRow; created: boolean }> {
  const db = await getDb();
  const [row] = await db
    .insert(jobs)
    .values({ ...job, status: "creating" })
    .onConflictDoNothing({ target: [jobs.ownerId, jobs.idempotencyKey] })
    .returning();
  if (row) return { row, created: true };
  const [existing] = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.ownerId, job.ownerId), eq(jobs.idempotencyKey, job.idempotencyKey!)))
    .limit(1);
  return { row: existing!, created: false };
}

/** Hands a created job to the runners (queued), with its checked webhook URL. */
export async function acceptJob({ jobId, webhookUrl }: { jobId: string; webhookUrl: string | null }): Promise<JobRow | undefined> {
  const db = await getDb();
  const [row] = await db
    .update(jobs)
    .set({ status: "queued", webhookUrl })
    .where(and(eq(jobs.id, jobId), eq(jobs.status, "creating")))
    .returning();
  return row;
}

/**
 * Drops a job whose submission failed its checks, or (`olderThanMs`) one whose submission
 * died half-way, so its Idempotency-Key can be used again.
 */
export async function discardCreatingJob({ jobId, olderThanMs = 0 }: { jobId: string; olderThanMs?: number }): Promise<boolean> {
  const db = await getDb();
  const rows = await db
    .delete(jobs)
    .where(and(eq(jobs.id, jobId), eq(jobs.status, "creating"), sql`${jobs.createdAt} <= now() - ${`${olderThanMs} milliseconds`}::interval`))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

export async function getJob({ ownerId, jobId }: { ownerId: string; jobId: string }): Promise<JobRow | undefined> {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.id, jobId), eq(jobs.ownerId, ownerId), ne(jobs.status, "creating")))
    .limit(1);
  return row;
}

/** The owner's jobs, newest first, after the cursor position (the last row of the previous page). */
export async function listJobs({
  ownerId,
  status,
  limit,
  after,
}: {
  ownerId: string;
  status?: JobStatus;
  limit: number;
  after?: { createdAt: Date; id: string };
}): Promise<JobRow[]> {
  const db = await getDb();
  return db
    .select()
    .from(jobs)
    .where(
      and(
        eq(jobs.ownerId, ownerId),
        status ? eq(jobs.status, status) : ne(jobs.status, "creating"),
        after ? or(lt(jobs.createdAt, after.createdAt), and(eq(jobs.createdAt, after.createdAt), lt(jobs.id, after.id))) : undefined,
      ),
    )
    .orderBy(desc(jobs.createdAt), desc(jobs.id))
    .limit(limit);
}

const leaseEnd = (leaseMs: number) => sql`now() + ${`${leaseMs} milliseconds`}::interval`;

/**
 * Takes a queued job for a run: running, one more attempt, leased. Fair between owners: the
 * owner with the fewest jobs running goes first (then the oldest job), and an owner with
 * `maxRunningPerOwner` jobs running waits, so one owner's many jobs never hold up everyone
 * else's. Skips rows other runners hold. Two runners claiming at the same moment may each see
 * the same count, so an owner can briefly run one job more.
 */
export async function claimNextJob({ leaseMs, maxRunningPerOwner }: { leaseMs: number; maxRunningPerOwner?: number }): Promise<JobRow | undefined> {
  const db = await getDb();
  const running = sql`coalesce(r.n, 0)`;
  const next = sql`(
    with r as (select ${jobs.ownerId} as owner_id, count(*) as n from ${jobs} where ${jobs.status} = 'running' group by ${jobs.ownerId})
    select q.id from ${jobs} q left join r on r.owner_id = q.owner_id
    where q.status = 'queued' ${maxRunningPerOwner === undefined ? sql`` : sql`and ${running} < ${maxRunningPerOwner}`}
    order by ${running}, q.created_at
    limit 1 for update of q skip locked)`;
  const [row] = await db
    .update(jobs)
    .set({ status: "running", attempts: sql`${jobs.attempts} + 1`, startedAt: sql`coalesce(${jobs.startedAt}, now())`, leaseUntil: leaseEnd(leaseMs) })
    .where(and(eq(jobs.id, next), eq(jobs.status, "queued")))
    .returning();
  return row;
}

/** The owner's queued jobs (a submission past JOBS_QUEUED_PER_USER is refused). */
export async function countQueuedJobs({ ownerId }: { ownerId: string }): Promise<number> {
  const db = await getDb();
  const [row] = await db.select({ n: count() }).from(jobs).where(and(eq(jobs.ownerId, ownerId), eq(jobs.status, "queued")));
  return row?.n ?? 0;
}

/**
 * A run is its job running with the attempt number it claimed: a run whose lease ran out while
 * it was cut off from the database (and whose job another runner took over) no longer matches.
 */
const isRun = (jobId: string, attempt: number) => and(eq(jobs.id, jobId), eq(jobs.status, "running"), eq(jobs.attempts, attempt));

/** Extends a run's lease; false when it is no longer this run's (cancelled, or taken over). */
export async function renewJobLease({ jobId, attempt, leaseMs }: { jobId: string; attempt: number; leaseMs: number }): Promise<boolean> {
  const db = await getDb();
  const rows = await db
    .update(jobs)
    .set({ leaseUntil: leaseEnd(leaseMs) })
    .where(isRun(jobId, attempt))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/** Ends a run. Only the job's current run changes it: a cancellation that came first stands. */
export async function finishJob({
  jobId,
  attempt,
  outcome,
}: {
  jobId: string;
  attempt: number;
  outcome:
    | ({ status: "succeeded"; result: JobRow["result"] } & Pick<JobRow, "promptTokens" | "completionTokens">)
    // A failed draft keeps the sections it finished, and its progress.
    | { status: "failed"; error: JobRow["error"] };
}): Promise<JobRow | undefined> {
  const db = await getDb();
  const [row] = await db
    .update(jobs)
    .set({ ...storableJson(outcome), ...(outcome.status === "succeeded" ? { progress: 1 } : {}), finishedAt: now, leaseUntil: null })
    .where(isRun(jobId, attempt))
    .returning();
  return row;
}

/** Records a run's progress (and a draft's sections so far); false when it is no longer this run's. */
export async function saveJobProgress({
  jobId,
  attempt,
  progress,
  result,
}: {
  jobId: string;
  attempt: number;
  progress: number;
  result?: Record<string, unknown>;
}): Promise<boolean> {
  const db = await getDb();
  const rows = await db
    .update(jobs)
    .set({ progress, ...(result === undefined ? {} : { result: storableJson(result) }) })
    .where(isRun(jobId, attempt))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/** Adds a call's tokens to a job that did not succeed (a failed or cancelled call used them too). */
export async function addJobUsage({ jobId, promptTokens, completionTokens }: { jobId: string; promptTokens: number; completionTokens: number }) {
  const db = await getDb();
  await db
    .update(jobs)
    .set({ promptTokens: sql`${jobs.promptTokens} + ${promptTokens}`, completionTokens: sql`${jobs.completionTokens} + ${completionTokens}` })
    .where(eq(jobs.id, jobId));
}

/** Cancels a queued or running job of the owner; returns the job as it now is (undefined: not theirs). */
export async function cancelJob({
  ownerId,
  jobId,
}: {
  ownerId: string;
  jobId: string;
}): Promise<{ row: JobRow; changed: boolean } | undefined> {
  const db = await getDb();
  const before = await getJob({ ownerId, jobId });
  if (!before) return undefined;
  const [row] = await db
    .update(jobs)
    .set({ status: "cancelled", finishedAt: now, leaseUntil: null })
    .where(and(eq(jobs.id, jobId), eq(jobs.ownerId, ownerId), inArray(jobs.status, ["queued", "running"])))
    .returning();
  return row ? { row, changed: true } : { row: (await getJob({ ownerId, jobId }))!, changed: false };
}

/**
 * Jobs whose runner died (lease expired): run again while attempts remain, else failed with
 * `job_interrupted`. One statement, so both outcomes see the same "now" (with two, a lease could
 * expire between them and a job with attempts left would be failed). Returns how many of each.
 */
export async function recoverInterruptedJobs({ maxAttempts }: { maxAttempts: number }): Promise<{ requeued: number; failed: number }> {
  const db = await getDb();
  const retry = sql`${jobs.attempts} < ${maxAttempts}`;
  const interrupted = JSON.stringify({
    code: "job_interrupted",
    message: `The job's run was cut short (the server stopped) ${maxAttempts} time${maxAttempts === 1 ? "" : "s"}; it was not run again.`,
  });
  const rows = await db
    .update(jobs)
    .set({
      status: sql`case when ${retry} then 'queued' else 'failed' end`,
      leaseUntil: null,
      finishedAt: sql`case when ${retry} then null else now() end`,
      error: sql`case when ${retry} then ${jobs.error} else ${interrupted}::jsonb end`,
    })
    .where(and(eq(jobs.status, "running"), lt(jobs.leaseUntil, sql`now()`)))
    .returning({ status: jobs.status });
  const requeued = rows.filter((r) => r.status === "queued").length;
  // A submission that died between creating its row and accepting it left the row behind.
  await db.delete(jobs).where(and(eq(jobs.status, "creating"), lt(jobs.createdAt, sql`now() - interval '10 minutes'`)));
  return { requeued, failed: rows.length - requeued };
}

/**
 * Takes one given job for a run, as claimNextJob does, when it is still queued (a queue message
 * or an after() callback names its job); undefined when it is not (taken, cancelled, finished).
 */
export async function claimJob({ jobId, leaseMs }: { jobId: string; leaseMs: number }): Promise<JobRow | undefined> {
  const db = await getDb();
  const [row] = await db
    .update(jobs)
    .set({ status: "running", attempts: sql`${jobs.attempts} + 1`, startedAt: sql`coalesce(${jobs.startedAt}, now())`, leaseUntil: leaseEnd(leaseMs) })
    .where(and(eq(jobs.id, jobId), eq(jobs.status, "queued")))
    .returning();
  return row;
}

/**
 * Gives a run back (this process is shutting down): queued again, its attempt not counted, so a
 * graceful restart never uses up a job's attempts. Only the run that made attempt `attempts`
 * releases it — not one that lost its lease and was taken over meanwhile. False when nothing changed.
 */
export async function releaseJob({ jobId, attempts }: { jobId: string; attempts: number }): Promise<boolean> {
  const db = await getDb();
  const rows = await db
    .update(jobs)
    .set({ status: "queued", attempts: sql`greatest(${jobs.attempts} - 1, 0)`, leaseUntil: null })
    .where(and(eq(jobs.id, jobId), eq(jobs.status, "running"), eq(jobs.attempts, attempts)))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/** Queued jobs, oldest first (the queue sweep hands them to Redis again). */
export async function listQueuedJobs({ limit }: { limit: number }): Promise<Array<Pick<JobRow, "id" | "attempts">>> {
  const db = await getDb();
  return db.select({ id: jobs.id, attempts: jobs.attempts }).from(jobs).where(eq(jobs.status, "queued")).orderBy(jobs.createdAt).limit(limit);
}

/** Whether the jobs and webhook tables exist yet (a worker waits for the app to migrate). */
export async function jobTablesExist(): Promise<boolean> {
  const db = await getDb();
  const result = (await db.execute(
    sql`select (to_regclass('public.jobs') is not null and to_regclass('public.webhook_deliveries') is not null) as ready`,
  )) as unknown as { rows: Array<{ ready: boolean }> };
  return Boolean(result.rows[0]?.ready);
}

/**
 * Names this database wherever it is reached from (host names differ between machines): its
 * cluster's system identifier and its name. The job queue in Redis is named after it, so apps on
 * different databases can share one Redis without taking each other's jobs.
 */
export async function databaseIdentity(): Promise<string> {
  const db = await getDb();
  const rows = async (query: ReturnType<typeof sql>) => ((await db.execute(query)) as unknown as { rows: Array<{ id: string }> }).rows;
  try {
    const [row] = await rows(sql`select (select system_identifier from pg_control_system())::text || '/' || current_database() as id`);
    if (row?.id) return row.id;
  } catch {
    // pg_control_system() may be revoked: the name alone then.
  }
  const [row] = await rows(sql`select current_database() as id`);
  return row?.id ?? "default";
}
