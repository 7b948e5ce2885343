import "server-only";
import type { JobRow } from "@/lib/server/db/queries/jobs";
import { env } from "@/lib/server/env";
import { logger } from "@/lib/server/log";
import { recoverJobs } from "./recovery";
import { stoppingJobs } from "./registry";
import { claimFairly, runClaimedJob } from "./run";

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
