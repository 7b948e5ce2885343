import "server-only";
import { jobTypes, type JobType } from "@/lib/contracts/jobs";
import { AppError } from "@/lib/errors";
import { getApiKey } from "@/lib/server/db/queries/api-keys";
import { addJobUsage, claimNextJob, finishJob, recoverInterruptedJobs, renewJobLease, saveJobProgress, type JobRow } from "@/lib/server/db/queries/jobs";
import { getUserById } from "@/lib/server/db/queries/users";
import { env } from "@/lib/server/env";
import { isDraining } from "@/lib/server/lifecycle";
import { logger } from "@/lib/server/log";
import { executeJob } from "./execute";

/** Why a run's model call was aborted: its job was cancelled (here or on another instance). */
const cancelled = () => new AppError("unprocessable_request", "The job was cancelled.");

/**
 * Runs jobs in this process: at most JOBS_CONCURRENCY at once, oldest queued first. A running
 * job's lease is renewed every JOBS_LEASE_MS / 3; if the process dies the lease runs out and
 * recovery (at start and every JOBS_LEASE_MS / 2, in whichever instance runs it) queues the
 * job again or, after JOBS_MAX_ATTEMPTS runs, fails it.
 */
class JobRunner {
  private readonly running = new Map<string, AbortController>();
  private pumping = false;
  private again = false;
  private started = false;

  start(): void {
    if (this.started) return;
    this.started = true;
    void this.recover().then(() => this.wake());
    setInterval(() => void this.recover().then(() => this.wake()), env.JOBS_LEASE_MS / 2).unref();
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

  /** Stops a job running here at once (it was cancelled); false when it runs elsewhere or not at all. */
  abort(jobId: string): boolean {
    const controller = this.running.get(jobId);
    controller?.abort(cancelled());
    return controller !== undefined;
  }

  private async recover() {
    try {
      const { requeued, failed } = await recoverInterruptedJobs({ maxAttempts: env.JOBS_MAX_ATTEMPTS });
      if (requeued || failed) logger.warn({ requeued, failed }, "jobs: took over runs cut short");
    } catch (error) {
      logger.error({ err: error }, "jobs: recovery failed");
    }
  }

  private async pump() {
    while (this.running.size < env.JOBS_CONCURRENCY && !isDraining()) {
      let row: JobRow | undefined;
      try {
        row = await claimNextJob({ leaseMs: env.JOBS_LEASE_MS });
      } catch (error) {
        logger.error({ err: error }, "jobs: claiming a job failed");
        return;
      }
      if (!row) return;
      const controller = new AbortController();
      this.running.set(row.id, controller);
      void this.run(row, controller).finally(() => {
        this.running.delete(row.id);
        this.wake();
      });
    }
  }

  private async run(row: JobRow, controller: AbortController) {
    // A cancellation made on another instance shows as a lease that can't be renewed.
    const heartbeat = setInterval(() => {
      renewJobLease({ jobId: row.id, leaseMs: env.JOBS_LEASE_MS })
        .then((running) => running || controller.abort(cancelled()))
        .catch((error: unknown) => logger.error({ err: error, jobId: row.id }, "jobs: renewing a lease failed"));
    }, env.JOBS_LEASE_MS / 3);
    let succeeded = false;
    try {
      const user = await getUserById({ userId: row.ownerId });
      if (!user) throw new AppError("not_found", "The job's account no longer exists.");
      const apiKey = row.apiKeyId ? await getApiKey({ userId: row.ownerId, keyId: row.apiKeyId }) : undefined;
      const type = (jobTypes as readonly string[]).includes(row.type) ? (row.type as JobType) : undefined;
      if (!type) throw new AppError("invalid_request", `Unknown job type "${row.type}".`);
      const caller = {
        user,
        apiKey,
        route: "/api/v1/jobs",
        requestId: row.id,
        // A call that failed or was cancelled still used tokens: they count once its usage is on record.
        // A successful run's tokens come with its answer and are written with its result.
        onUsage: (outcome: { inputTokens: number; outputTokens: number }) => {
          if (succeeded) return;
          addJobUsage({ jobId: row.id, promptTokens: outcome.inputTokens, completionTokens: outcome.outputTokens }).catch((error: unknown) =>
            logger.error({ err: error, jobId: row.id }, "jobs: recording usage failed"),
          );
        },
      };
      const { result, usage } = await executeJob(type, row.input, caller, controller.signal, {
        job: row,
        onProgress: async (progress, partial) => {
          if (!(await saveJobProgress({ jobId: row.id, progress, result: partial }))) controller.abort(cancelled());
        },
      });
      succeeded = true;
      await finishJob({ jobId: row.id, outcome: { status: "succeeded", result, error: null, ...usage } });
    } catch (error) {
      if (controller.signal.aborted) return;
      const appError = error instanceof AppError ? error : new AppError("internal_error");
      if (!(error instanceof AppError)) logger.error({ err: error, jobId: row.id }, "jobs: a run failed");
      await finishJob({ jobId: row.id, outcome: { status: "failed", result: null, error: { code: appError.code, message: appError.message } } }).catch(
        (e: unknown) => logger.error({ err: e, jobId: row.id }, "jobs: recording a failure failed"),
      );
    } finally {
      clearInterval(heartbeat);
    }
  }
}

const runnerSymbol = Symbol.for("draftwise.jobRunner");

/** The process's one runner (shared by every route bundle and the instrumentation that starts it). */
export function jobRunner(): JobRunner {
  const holder = globalThis as { [runnerSymbol]?: JobRunner };
  return (holder[runnerSymbol] ??= new JobRunner());
}
