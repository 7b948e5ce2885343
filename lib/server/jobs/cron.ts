import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { AppError } from "@/lib/errors";
import { env } from "@/lib/server/env";
import { logger } from "@/lib/server/log";
import { deliverDueWebhooks } from "@/lib/server/webhooks";
import { recoverJobs } from "./recovery";
import { releaseRun, stoppingJobs } from "./registry";
import { claimFairly, runClaimedJob } from "./run";

/**
 * GET /api/cron/jobs is called by Vercel Cron with `Authorization: Bearer $CRON_SECRET`. Without
 * CRON_SECRET configured the route is off (404), so it can never be called anonymously.
 */
export function authorizeCron(req: Request): void {
  const secret = env.CRON_SECRET;
  if (!secret) throw new AppError("not_found", "This route is off: set CRON_SECRET to let a scheduler call it.");
  const given = req.headers.get("authorization") ?? "";
  const digest = (value: string) => createHash("sha256").update(value).digest();
  if (!timingSafeEqual(digest(given), digest(`Bearer ${secret}`))) {
    throw new AppError("unauthorized", "Send Authorization: Bearer <CRON_SECRET>.");
  }
}

interface CronSweep {
  /** Jobs whose run was cut short (lease expired) and were queued again or failed. */
  recovered: number;
  /** Runs started (each ran to its end, or was given back to the queue at the deadline). */
  ran: number;
  /** Webhook deliveries attempted. */
  deliveries: number;
}

/**
 * One sweep for serverless deployments (JOBS_RUNNER=after), where no process stays up to run
 * jobs: recovers jobs whose run was cut short, runs queued jobs (JOBS_CONCURRENCY at once) until
 * `deadline` — a run still going then goes back to the queue, its attempt not counted — and
 * sends the webhooks that are due. Works with any runner (a manual kick on a self-hosted server).
 */
export async function runCronSweep({ deadline }: { deadline: number }): Promise<CronSweep> {
  const recovered = await recoverJobs();
  // Webhooks get the time that is left; a few seconds are kept for them in any case.
  const ran = await runQueuedJobs({ deadline: deadline - 5_000 });
  let deliveries = 0;
  try {
    deliveries = await deliverDueWebhooks({ deadline });
  } catch (error) {
    logger.error({ err: error }, "cron: delivering webhooks failed");
  }
  logger.info({ recovered, ran, deliveries }, "cron: jobs swept");
  return { recovered, ran, deliveries };
}

/**
 * Runs queued jobs, `concurrency` at a time, until none is left or `deadline` (ms since the
 * epoch) nears: no job is started in its last `startMarginMs`, and a run still going at the
 * deadline is given back to the queue. Returns how many runs it started.
 */
async function runQueuedJobs({
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
