import "server-only";
import { after } from "next/server";
import { env } from "@/lib/server/env";
import { logger } from "@/lib/server/log";
import { startWebhookSender } from "@/lib/server/webhooks";
import { jobRunner } from "./process-runner";
import { abortLocalRun, releaseRun } from "./registry";
import { runJobById } from "./run";

/**
 * Where jobs run (env.ts → JOBS_RUNNER): `process` (this server's pump), `redis` (a BullMQ
 * queue worked by `npm run worker` and, with JOBS_IN_APP_WORKER, this server) or `after`
 * (serverless: each submission's after(), and the cron route for stragglers).
 */
type JobsRunnerKind = "process" | "redis" | "after";

function effectiveJobsRunner(): JobsRunnerKind {
  return env.JOBS_RUNNER ?? (env.REDIS_URL ? "redis" : env.VERCEL ? "after" : "process");
}

/**
 * The submitting routes export maxDuration = 300 s, counted from the request: a run in their
 * after() still going 30 s before that goes back to the queue, its attempt not counted, and the
 * cron route resumes it (a draft after its last finished section) instead of Vercel killing it.
 */
const afterRunBudgetMs = 270_000;

/**
 * Sets a job that was just created on its way (called by submitJob, inside the request):
 * `process` wakes this server's runner, `redis` adds it to the BullMQ queue, `after` runs it in
 * the request's after() (serverless). Never throws: a job not handed over here is still queued
 * in the database, and the runner's next sweep (or the cron route) takes it.
 */
export async function dispatchJob({ jobId }: { jobId: string }): Promise<void> {
  switch (effectiveJobsRunner()) {
    case "process":
      jobRunner().wake();
      return;
    case "redis":
      try {
        const { enqueueJob } = await import("./queue");
        await enqueueJob({ id: jobId, attempts: 0 });
      } catch (error) {
        logger.warn({ err: error, jobId }, "jobs: adding a job to the queue failed; the next sweep adds it");
      }
      return;
    case "after":
      {
        const submittedAt = Date.now();
        after(async () => {
          const budget = setTimeout(() => void releaseRun(jobId), afterRunBudgetMs - (Date.now() - submittedAt));
          try {
            await runJobById(jobId);
          } catch (error) {
            logger.error({ err: error, jobId }, "jobs: running a job after its submission failed; the cron route retries it");
          } finally {
            clearTimeout(budget);
          }
        });
      }
      return;
  }
}

const startedKey = Symbol.for("draftwise.jobRunnersStarted");

/**
 * Starts this server's side of the jobs (instrumentation.ts), once: the webhook sender, and for
 * `process` the runner (recovering jobs cut short by a restart); for `redis` the sweep that
 * recovers and re-queues jobs and, with JOBS_IN_APP_WORKER, a queue worker in this process;
 * for `after` nothing (GET /api/cron/jobs sweeps).
 */
export function startJobRunners(): void {
  const holder = globalThis as { [startedKey]?: boolean };
  if (holder[startedKey]) return;
  holder[startedKey] = true;
  startWebhookSender();
  const kind = effectiveJobsRunner();
  switch (kind) {
    case "process":
      jobRunner().start();
      break;
    case "redis":
      // env.ts refuses JOBS_RUNNER=redis without REDIS_URL.
      void import("./queue")
        .then(async ({ startQueueSweeper, startQueueWorker }) => {
          startQueueSweeper();
          if (env.JOBS_IN_APP_WORKER) await startQueueWorker();
        })
        .catch((error: unknown) => logger.error({ err: error }, "jobs: starting the queue worker failed"));
      break;
    case "after":
      break;
  }
  logger.info({ runner: kind, inAppWorker: kind === "redis" ? env.JOBS_IN_APP_WORKER : undefined }, "jobs: runner started");
}

/**
 * Stops a cancelled job's run at once when it runs in this process; with the Redis queue, the
 * workers are told too. False when it does not run here (another instance sees the
 * cancellation when it next renews the lease).
 */
export function stopCancelledRun(jobId: string): boolean {
  if (effectiveJobsRunner() === "redis") {
    void import("./queue")
      .then(({ publishCancellation }) => publishCancellation(jobId))
      .catch((error: unknown) => logger.warn({ err: error, jobId }, "jobs: telling the workers of a cancellation failed"));
  }
  return abortLocalRun(jobId);
}
