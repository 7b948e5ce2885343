import "server-only";
import { closeDb } from "@/lib/server/db/client";
import { jobTablesExist } from "@/lib/server/db/queries/jobs";
import { env } from "@/lib/server/env";
import { logger } from "@/lib/server/log";
import { startWebhookSender, stopWebhookSender } from "@/lib/server/webhooks";
import { startQueueSweeper, startQueueWorker, stopQueueWorker } from "./queue";

/** How long a worker waits for the app to create the tables (it does not migrate itself). */
const SCHEMA_WAIT_MS = 120_000;

async function waitForSchema(): Promise<void> {
  const deadline = Date.now() + SCHEMA_WAIT_MS;
  let told = false;
  for (;;) {
    let problem: string;
    try {
      if (await jobTablesExist()) return;
      problem = "the jobs tables don't exist yet";
    } catch (error) {
      // Never the connection string: the driver's message names host and database at most.
      problem = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) {
      throw new Error(
        `The database at DATABASE_URL is not ready after ${SCHEMA_WAIT_MS / 1000} s (${problem}). Start the app once, or run \`npm run db:migrate\`, against the same DATABASE_URL.`,
      );
    }
    if (!told) logger.info({ problem }, "worker: waiting for the database (the app or `npm run db:migrate` applies the migrations)");
    told = true;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

/**
 * `npm run worker`: works the Redis queue (JOBS_CONCURRENCY jobs at once), sweeps it (recovering
 * jobs whose runner died) and sends webhooks. SIGTERM or SIGINT stops it gracefully: it takes no
 * new job, gives its running jobs back to the queue (their model calls aborted, their attempt not
 * counted) and exits. Resolves with the exit code once it has stopped.
 */
export async function runWorker(): Promise<number> {
  await waitForSchema();
  let stop!: (signal: NodeJS.Signals) => void;
  const stopped = new Promise<NodeJS.Signals>((resolve) => (stop = resolve));
  // Kept installed: a signal sent to the process group arrives twice (tsx relays it to this process
  // too), and a repeat must not kill the worker while it gives its jobs back.
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => stop(signal));

  await startQueueWorker({ concurrency: env.JOBS_CONCURRENCY, drain: false });
  startQueueSweeper();
  startWebhookSender();
  logger.info({ concurrency: env.JOBS_CONCURRENCY, leaseMs: env.JOBS_LEASE_MS }, "worker: started");

  const signal = await stopped;
  logger.info({ signal }, "worker: stopping; giving running jobs back to the queue");
  const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), env.SHUTDOWN_TIMEOUT_MS).unref());
  const result = await Promise.race([Promise.all([stopQueueWorker(), stopWebhookSender()]).then(() => "stopped" as const), timeout]);
  if (result === "timeout") {
    logger.error({ timeoutMs: env.SHUTDOWN_TIMEOUT_MS }, "worker: did not stop in time; exiting (unfinished runs are recovered after their lease)");
    return 1;
  }
  await closeDb().catch(() => {});
  logger.info("worker: stopped");
  return 0;
}
