// `npm run worker`: a job worker for JOBS_RUNNER=redis. Runs jobs from the BullMQ queue in
// REDIS_URL against the database in DATABASE_URL — on this machine or any other — and sends
// their webhooks. Start as many as you like; SIGTERM stops one gracefully (docs/jobs-and-webhooks.md#workers).
import { scriptEnv } from "./script-env";

const env = await scriptEnv();
const missing = (["DATABASE_URL", "REDIS_URL"] as const).filter((name) => !env[name]);
if (missing.length) {
  console.error(
    `npm run worker needs ${missing.join(" and ")}: workers share the app's PostgreSQL database and its Redis queue ` +
      "(the embedded database, PGlite, can only be opened by one process). Without Redis, jobs run inside the app (JOBS_RUNNER=process).",
  );
  process.exit(1);
}

const { logger } = await import("@/lib/server/log");
const { runWorker } = await import("@/lib/server/jobs/worker");
let code = 1;
try {
  code = await runWorker();
} catch (error) {
  logger.error({ err: error }, "worker: failed");
  console.error(error instanceof Error ? error.message : error);
}
// Let the last log lines reach stdout (pino writes asynchronously).
logger.flush?.();
setTimeout(() => process.exit(code), 100);
