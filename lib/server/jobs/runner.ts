import "server-only";
import { jobTypes, type JobType } from "@/lib/contracts/jobs";
import { AppError } from "@/lib/errors";
import { getApiKey } from "@/lib/server/db/queries/api-keys";
import {
  addJobUsage,
  claimJob,
  claimNextJob,
  finishJob,
  recoverInterruptedJobs,
  releaseJob,
  renewJobLease,
  saveJobProgress,
  type JobRow,
} from "@/lib/server/db/queries/jobs";
import { getUserById } from "@/lib/server/db/queries/users";
import { env } from "@/lib/server/env";
import { isDraining, onDrain } from "@/lib/server/lifecycle";
import { estimateRequestTokens, withLimits } from "@/lib/server/limits";
import { logger } from "@/lib/server/log";
import type { Caller } from "@/lib/server/usage";
import { enqueueJobEvent } from "@/lib/server/webhooks";
import { executeJob, type JobOutcome } from "./execute";

/**
 * Where jobs run (env.ts → JOBS_RUNNER): `process` (this server's pump), `redis` (a BullMQ
 * queue worked by `npm run worker` and, with JOBS_IN_APP_WORKER, this server) or `after`
 * (serverless: each submission's after(), and the cron route for stragglers).
 */
export type JobsRunnerKind = "process" | "redis" | "after";

export function effectiveJobsRunner(): JobsRunnerKind {
  return env.JOBS_RUNNER ?? (env.REDIS_URL ? "redis" : env.VERCEL ? "after" : "process");
}

/** Why a run's model call was aborted: its job was cancelled (here or on another instance). */
const cancelled = () => new AppError("unprocessable_request", "The job was cancelled.");
/** Why a run's model call was aborted: this process is shutting down and gives the job back. */
const shuttingDown = () => new AppError("server_draining", "The server is shutting down; the job runs again on another.");

/** How a run ended: `released` went back to the queue without using up an attempt. */
export type RunOutcome = "succeeded" | "failed" | "cancelled" | "released";

interface Run {
  controller: AbortController;
  /** Set when the run is being given back (shutdown, a cron sweep's deadline), not cancelled. */
  release: boolean;
  settled: Promise<RunOutcome>;
}

/**
 * Every run in this process, whichever way it started (pump, queue worker, after(), cron), so
 * a cancellation and a shutdown reach them all. On globalThis: each route bundle has its own
 * copy of this module, and the instrumentation another.
 */
interface Registry {
  runs: Map<string, Run>;
  stopping: boolean;
  drainHook: boolean;
}
const registryKey = Symbol.for("draftwise.jobRuns");
function registry(): Registry {
  const holder = globalThis as { [registryKey]?: Registry };
  return (holder[registryKey] ??= { runs: new Map(), stopping: false, drainHook: false });
}

/** Jobs running in this process now. */
export function runningJobs(): number {
  return registry().runs.size;
}

/** True once this process has started giving its runs back: nothing new is claimed. */
export function stoppingJobs(): boolean {
  return registry().stopping || isDraining();
}

/** Stops a job running here at once (it was cancelled); false when it runs elsewhere or not at all. */
export function abortLocalRun(jobId: string): boolean {
  const run = registry().runs.get(jobId);
  run?.controller.abort(cancelled());
  return run !== undefined;
}

/** Aborts one run and queues its job again, its attempt not counted (a cron sweep's deadline). */
export function releaseRun(jobId: string): Promise<RunOutcome> | undefined {
  const run = registry().runs.get(jobId);
  if (!run) return undefined;
  run.release = true;
  run.controller.abort(shuttingDown());
  return run.settled;
}

/**
 * Shutdown: claims nothing more, aborts every run's model call and queues its job again without
 * counting the attempt, so a graceful restart never fails a job. Resolves once every run has
 * settled; returns the jobs given back.
 */
export async function releaseRunningJobs(): Promise<string[]> {
  const reg = registry();
  reg.stopping = true;
  const runs = [...reg.runs.entries()];
  if (runs.length) logger.info({ jobs: runs.length }, "jobs: shutting down; giving running jobs back to the queue");
  for (const [jobId] of runs) void releaseRun(jobId);
  const outcomes = await Promise.all(runs.map(([, run]) => run.settled.catch(() => "failed" as const)));
  return runs.filter((_, i) => outcomes[i] === "released").map(([jobId]) => jobId);
}

/** Requeues (or fails, after JOBS_MAX_ATTEMPTS) jobs whose runner died; returns how many it took over. */
export async function recoverJobs(): Promise<number> {
  try {
    const { requeued, failed } = await recoverInterruptedJobs({ maxAttempts: env.JOBS_MAX_ATTEMPTS });
    if (requeued || failed) logger.warn({ requeued, failed }, "jobs: took over runs cut short");
    return requeued + failed;
  } catch (error) {
    logger.error({ err: error }, "jobs: recovery failed");
    return 0;
  }
}

/** JOBS_RUNNING_PER_USER, or by default all lanes but one, so another user's job can always start. */
export function runningPerUser(): number {
  return env.JOBS_RUNNING_PER_USER || Math.max(1, env.JOBS_CONCURRENCY - 1);
}

const claimFairly = () => claimNextJob({ leaseMs: env.JOBS_LEASE_MS, maxRunningPerOwner: runningPerUser() });

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
 * Runs queued jobs, `concurrency` at a time, until none is left or `deadline` (ms since the
 * epoch) nears: no job is started in its last `startMarginMs`, and a run still going at the
 * deadline is given back to the queue. Returns how many runs it started.
 */
export async function runQueuedJobs({
  deadline,
  concurrency = env.JOBS_CONCURRENCY,
  startMarginMs = 5_000,
}: {
  deadline: number;
  concurrency?: number;
  startMarginMs?: number;
}): Promise<number> {
  let started = 0;
  const lane = async () => {
    while (!stoppingJobs() && Date.now() < deadline - startMarginMs) {
      const row = await claimFairly();
      if (!row) return;
      started++;
      const timer = setTimeout(() => void releaseRun(row.id), Math.max(0, deadline - Date.now()));
      try {
        await runClaimedJob(row);
      } finally {
        clearTimeout(timer);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return started;
}

/**
 * Runs a claimed row (status running, leased) to its end: the one way a job runs, for the
 * in-process pump, the queue worker, after() and the cron route alike.
 */
export function runClaimedJob(row: JobRow): Promise<RunOutcome> {
  const reg = registry();
  if (!reg.drainHook) {
    reg.drainHook = true;
    // A graceful stop of the app (SIGTERM) gives its runs back before it waits for its streams.
    onDrain(async () => {
      await releaseRunningJobs();
    });
  }
  const run: Run = { controller: new AbortController(), release: reg.stopping || isDraining(), settled: Promise.resolve<RunOutcome>("released") };
  reg.runs.set(row.id, run);
  run.settled = (run.release ? giveBack(row) : execute(row, run)).finally(() => {
    if (reg.runs.get(row.id) === run) reg.runs.delete(row.id);
  });
  return run.settled;
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
  return { type, caller: { user, apiKey, route: "/api/v1/jobs", requestId: row.id, onUsage } };
}

/** A limit that clears by itself (tokens per minute, concurrent calls) is waited out, up to this long. */
const LIMIT_WAIT_MS = 10 * 60_000;

/**
 * Runs the job's work under the same limits as a synchronous model call: tokens per minute,
 * concurrent calls and the key's token budgets (its request was counted when it was submitted).
 * A rate limit that clears by itself is waited out; a spent budget fails the job.
 */
async function executeLimited(type: JobType, row: JobRow, caller: Caller, signal: AbortSignal, onProgress: (progress: number, partial?: Record<string, unknown>) => Promise<void>) {
  const input = row.input as { max_tokens?: unknown };
  const estimatedTokens = estimateRequestTokens(row.input, typeof input.max_tokens === "number" ? input.max_tokens : undefined);
  const waitUntil = Date.now() + LIMIT_WAIT_MS;
  for (;;) {
    let outcome: JobOutcome | undefined;
    let admitted = false;
    try {
      await withLimits(caller, { estimatedTokens, model: true, requests: false }, async (metered) => {
        admitted = true;
        outcome = await executeJob(type, row.input, metered, signal, { job: row, onProgress });
        return new Response(null, { status: 204 });
      });
      return outcome!;
    } catch (error) {
      // Only a refusal by the limits themselves is waited out, never the work's own failure.
      const waitable = !admitted && error instanceof AppError && (error.code === "rate_limited" || error.code === "limits_unavailable");
      const retryAfterMs = waitable ? Math.max(1, error.retryAfter ?? 1) * 1_000 : 0;
      if (!waitable || Date.now() + retryAfterMs > waitUntil || signal.aborted) throw error;
      await abortableSleep(retryAfterMs, signal);
    }
  }
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    function done() {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }
    function onAbort() {
      clearTimeout(timer);
      reject(signal.reason);
    }
    signal.addEventListener("abort", onAbort, { once: true });
  });
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

/**
 * JOBS_RUNNER=process: runs jobs in this process, at most JOBS_CONCURRENCY at once, claimed
 * fairly between users (claimNextJob). A running job's lease is renewed every JOBS_LEASE_MS / 3; if the process dies the lease
 * runs out and recovery (at start and every JOBS_LEASE_MS / 2, in whichever instance runs it)
 * queues the job again or, after JOBS_MAX_ATTEMPTS runs, fails it. A graceful stop gives running
 * jobs back at once, their attempt not counted.
 */
class JobRunner {
  private active = 0;
  private pumping = false;
  private again = false;
  private started = false;

  start(): void {
    if (this.started) return;
    this.started = true;
    void recoverJobs().then(() => this.wake());
    setInterval(() => void recoverJobs().then(() => this.wake()), env.JOBS_LEASE_MS / 2).unref();
  }

  /** Looks for queued work now (a job was submitted, or a run ended). */
  wake(): void {
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = true;
    void this.pump().finally(() => {
      this.pumping = false;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  /**
   * Stops a cancelled job's run at once when it runs in this process; with the Redis queue, the
   * workers are told too. False when it does not run here (another instance sees the
   * cancellation when it next renews the lease).
   */
  abort(jobId: string): boolean {
    if (effectiveJobsRunner() === "redis") {
      void import("./queue")
        .then(({ publishCancellation }) => publishCancellation(jobId))
        .catch((error: unknown) => logger.warn({ err: error, jobId }, "jobs: telling the workers of a cancellation failed"));
    }
    return abortLocalRun(jobId);
  }

  private async pump() {
    while (this.active < env.JOBS_CONCURRENCY && !stoppingJobs()) {
      let row: JobRow | undefined;
      try {
        row = await claimFairly();
      } catch (error) {
        logger.error({ err: error }, "jobs: claiming a job failed");
        return;
      }
      if (!row) return;
      this.active++;
      void runClaimedJob(row).finally(() => {
        this.active--;
        this.wake();
      });
    }
  }
}

const runnerSymbol = Symbol.for("draftwise.jobRunner");

/** The process's one runner (shared by every route bundle and the instrumentation that starts it). */
export function jobRunner(): JobRunner {
  const holder = globalThis as { [runnerSymbol]?: JobRunner };
  return (holder[runnerSymbol] ??= new JobRunner());
}
