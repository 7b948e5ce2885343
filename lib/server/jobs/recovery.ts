import "server-only";
import { recoverInterruptedJobs } from "@/lib/server/db/queries/jobs";
import { env } from "@/lib/server/env";
import { logger } from "@/lib/server/log";

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
