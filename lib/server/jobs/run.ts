import "server-only";
import { jobTypes, type JobType } from "@/lib/contracts/jobs";
import { AppError } from "@/lib/errors";
import { getApiKey } from "@/lib/server/db/queries/api-keys";
import { addJobUsage, claimJob, claimNextJob, finishJob, releaseJob, renewJobLease, saveJobProgress, type JobRow } from "@/lib/server/db/queries/jobs";
import { getUserById } from "@/lib/server/db/queries/users";
import { env } from "@/lib/server/env";
import { isDraining } from "@/lib/server/lifecycle";
import { logger } from "@/lib/server/log";
import type { Caller } from "@/lib/server/usage";
import { enqueueJobEvent } from "@/lib/server/webhooks";
import { executeLimited } from "./limit-wait";
import { cancelled, registerRun, stoppingJobs, type Run, type RunOutcome } from "./registry";

/** JOBS_RUNNING_PER_USER, or by default all lanes but one, so another user's job can always start. */
function runningPerUser(): number {
  return env.JOBS_RUNNING_PER_USER || Math.max(1, env.JOBS_CONCURRENCY - 1);
}

/** Claims the next queued job, fairly between users (claimNextJob). */
export const claimFairly = () => claimNextJob({ leaseMs: env.JOBS_LEASE_MS, maxRunningPerOwner: runningPerUser() });

/**
 * Claims the next job fairly (claimNextJob) and runs it; undefined when none is claimable. A
 * queue message only says that some job may be runnable, so it runs whichever is fair now.
 */
export async function runNextJob(): Promise<RunOutcome | undefined> {
  if (stoppingJobs()) return undefined;
  const row = await claimFairly();
  if (!row) return undefined;
  return runClaimedJob(row);
}

/** Claims the given job when it is still queued and runs it; undefined when it was not claimable. */
export async function runJobById(jobId: string): Promise<RunOutcome | undefined> {
  if (stoppingJobs()) return undefined;
  const row = await claimJob({ jobId, leaseMs: env.JOBS_LEASE_MS });
  if (!row) return undefined;
  return runClaimedJob(row);
}

/**
 * Runs a claimed row (status running, leased) to its end: the one way a job runs, for the
 * in-process pump, the queue worker, after() and the cron route alike.
 */
export function runClaimedJob(row: JobRow): Promise<RunOutcome> {
  return registerRun(row.id, (run) => (run.release ? giveBack(row) : execute(row, run)));
}

async function giveBack(row: JobRow): Promise<RunOutcome> {
  try {
    await releaseJob({ jobId: row.id, attempts: row.attempts });
  } catch (error) {
    // The lease runs out and recovery takes the job over (counting this attempt).
    logger.error({ err: error, jobId: row.id }, "jobs: giving a job back failed");
  }
  return "released";
}

/** Tells the webhooks a job ended; a failure is logged, never the job's. */
async function finished(jobId: string) {
  try {
    await enqueueJobEvent({ jobId });
  } catch (error) {
    logger.error({ err: error, jobId }, "jobs: queueing the job's webhook failed");
  }
}

/** The job's caller (user, key) as its synchronous route would have it. */
async function callerOf(row: JobRow, onUsage: Caller["onUsage"]): Promise<{ type: JobType; caller: Caller }> {
  const user = await getUserById({ userId: row.ownerId });
  if (!user) throw new AppError("not_found", "The job's account no longer exists.");
  const apiKey = row.apiKeyId ? await getApiKey({ userId: row.ownerId, keyId: row.apiKeyId }) : undefined;
  const type = (jobTypes as readonly string[]).includes(row.type) ? (row.type as JobType) : undefined;
  if (!type) throw new AppError("invalid_request", `Unknown job type "${row.type}".`);
  // A job's model calls are counted under the developer API's jobs route, whichever route submitted it,
  // and against the document its input names (checked as the caller's when it was submitted).
  const documentId = typeof row.input.document_id === "string" ? row.input.document_id : undefined;
  return { type, caller: { user, apiKey, route: "/api/v1/jobs", requestId: row.id, documentId, onUsage } };
}

async function execute(row: JobRow, run: Run): Promise<RunOutcome> {
  const { controller } = run;
  // A cancellation made on another instance shows as a lease that can't be renewed. A run that
  // can't reach the database past its lease stops too: recovery may give the job to another.
  let leaseUntil = Date.now() + env.JOBS_LEASE_MS;
  const heartbeat = setInterval(() => {
    renewJobLease({ jobId: row.id, attempt: row.attempts, leaseMs: env.JOBS_LEASE_MS })
      .then((ours) => {
        if (ours) leaseUntil = Date.now() + env.JOBS_LEASE_MS;
        else controller.abort(cancelled());
      })
      .catch((error: unknown) => {
        logger.error({ err: error, jobId: row.id }, "jobs: renewing a lease failed");
        if (Date.now() > leaseUntil) controller.abort(cancelled());
      });
  }, env.JOBS_LEASE_MS / 3);
  let succeeded = false;
  try {
    // A call that failed or was cancelled still used tokens: they count once its usage is on record.
    // A successful run's tokens come with its answer and are written with its result.
    const { type, caller } = await callerOf(row, (outcome) => {
      if (succeeded) return;
      addJobUsage({ jobId: row.id, promptTokens: outcome.inputTokens, completionTokens: outcome.outputTokens }).catch((error: unknown) =>
        logger.error({ err: error, jobId: row.id }, "jobs: recording usage failed"),
      );
    });
    const { result, usage } = await executeLimited(type, row, caller, controller.signal, async (progress, partial) => {
      if (!(await saveJobProgress({ jobId: row.id, attempt: row.attempts, progress, result: partial }))) controller.abort(cancelled());
    });
    succeeded = true;
    const done = await finishJob({ jobId: row.id, attempt: row.attempts, outcome: { status: "succeeded", result, ...usage } });
    if (!done) return "cancelled";
    await finished(row.id);
    return "succeeded";
  } catch (error) {
    // Shutting down: a model call cut or refused because the server stops is not the job's failure.
    if (run.release) return giveBack(row);
    if (controller.signal.aborted) return "cancelled";
    if (isDraining()) return giveBack(row);
    const appError = error instanceof AppError ? error : new AppError("internal_error");
    if (!(error instanceof AppError)) logger.error({ err: error, jobId: row.id }, "jobs: a run failed");
    try {
      const done = await finishJob({ jobId: row.id, attempt: row.attempts, outcome: { status: "failed", error: { code: appError.code, message: appError.message } } });
      if (!done) return "cancelled";
    } catch (e) {
      logger.error({ err: e, jobId: row.id }, "jobs: recording a failure failed");
      return "failed";
    }
    await finished(row.id);
    return "failed";
  } finally {
    clearInterval(heartbeat);
  }
}
