import "server-only";
import { createHash } from "node:crypto";
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { databaseIdentity, listQueuedJobs } from "@/lib/server/db/queries/jobs";
import { env } from "@/lib/server/env";
import { onDrain } from "@/lib/server/lifecycle";
import { logger } from "@/lib/server/log";
import { redisClient } from "@/lib/server/redis";
import { recoverJobs } from "./recovery";
import { abortLocalRun, releaseRunningJobs } from "./registry";
import { runNextJob } from "./run";

/**
 * JOBS_RUNNER=redis: jobs go through a BullMQ queue in REDIS_URL, worked by `npm run worker`
 * processes (and by the app itself with JOBS_IN_APP_WORKER). The database stays the source of
 * truth: a queue message only says "a job may be runnable", the worker claims the fairest queued
 * row (queued → running; claimNextJob) or drops the message when none may run now, and a sweep
 * puts every queued job back into the queue (recovering expired leases first), so a lost message, a Redis restart or a dead worker only
 * delays a job. A message's id is `<job id>.<attempts>`: adding it again is a no-op while it
 * waits, and a job taken over after a crash gets a fresh one at once (the dead worker's message
 * stays locked until BullMQ sees it stalled).
 */
/** `draftwise-jobs-<hash of the database's identity>`: apps on different databases may share a Redis. */
let queueName: Promise<string> | undefined;
function queueNameOf(): Promise<string> {
  queueName ??= databaseIdentity()
    .then((id) => `draftwise-jobs-${createHash("sha256").update(id).digest("hex").slice(0, 16)}`)
    .catch((error: unknown) => {
      queueName = undefined;
      throw error;
    });
  return queueName;
}
/** Cancellations, so a worker on another machine stops a cancelled job's model call at once. */
const CANCEL_CHANNEL = "draftwise:jobs:cancel";
/** Queued jobs handed to the queue per sweep, oldest first. */
const SWEEP_LIMIT = 1_000;
/** A submission does not wait longer than this on Redis: the sweep adds the job later. */
const ADD_TIMEOUT_MS = 2_000;

interface JobMessage {
  jobId: string;
}

interface QueueState {
  connection?: Redis;
  queue?: Promise<Queue<JobMessage>>;
  worker?: Worker<JobMessage>;
  workerConnection?: Redis;
  subscriber?: Redis;
  sweeper?: NodeJS.Timeout;
  stopping?: Promise<void>;
}

const stateKey = Symbol.for("draftwise.jobQueue");
function state(): QueueState {
  const holder = globalThis as { [stateKey]?: QueueState };
  return (holder[stateKey] ??= {});
}

function redisUrl(): string {
  if (!env.REDIS_URL) throw new Error("JOBS_RUNNER=redis needs REDIS_URL.");
  return env.REDIS_URL;
}

/** BullMQ's connection: retries commands until Redis is back (what its blocking reads require). */
function newConnection(): Redis {
  const client = new Redis(redisUrl(), { maxRetriesPerRequest: null });
  let reported = false;
  client.on("error", (error: Error) => {
    if (reported) return;
    reported = true;
    logger.error({ err: error }, "jobs: the queue's Redis (REDIS_URL) is unreachable");
  });
  client.on("ready", () => {
    if (reported) logger.info("jobs: the queue's Redis is reachable again");
    reported = false;
  });
  return client;
}

function queue(): Promise<Queue<JobMessage>> {
  const s = state();
  s.queue ??= queueNameOf().then(
    (name) => new Queue<JobMessage>(name, { connection: (s.connection ??= newConnection()) }),
    (error: unknown) => {
      s.queue = undefined; // the database was unreachable: ask again next time
      throw error;
    },
  );
  return s.queue;
}

const messageId = (job: { id: string; attempts: number }) => `${job.id}.${job.attempts}`;
const messageOptions = (job: { id: string; attempts: number }) => ({
  jobId: messageId(job),
  removeOnComplete: true,
  removeOnFail: true,
  attempts: 1,
});

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Hands one queued job to the queue (a new job has made no attempt yet). */
export async function enqueueJob(job: { id: string; attempts: number }): Promise<void> {
  await withTimeout(
    queue().then((q) => q.add("run", { jobId: job.id }, messageOptions(job))),
    ADD_TIMEOUT_MS,
    "adding a job to the queue",
  );
}

/**
 * One sweep: takes over jobs whose runner died, then hands every queued job to the queue again
 * (idempotent: a message still waiting keeps its place). Returns how many jobs it handed over.
 */
export async function sweepQueue(): Promise<number> {
  await recoverJobs();
  const rows = await listQueuedJobs({ limit: SWEEP_LIMIT });
  if (rows.length === 0) return 0;
  await (await queue()).addBulk(rows.map((row) => ({ name: "run", data: { jobId: row.id }, opts: messageOptions(row) })));
  return rows.length;
}

async function sweepLogged() {
  try {
    await sweepQueue();
  } catch (error) {
    logger.error({ err: error }, "jobs: sweeping the queue failed");
  }
}

/** Sweeps now and every JOBS_LEASE_MS / 2. Idempotent. */
export function startQueueSweeper(): void {
  const s = state();
  if (s.sweeper) return;
  s.sweeper = setInterval(() => void sweepLogged(), env.JOBS_LEASE_MS / 2);
  s.sweeper.unref();
  void sweepLogged();
}

/** Tells every worker that a job was cancelled (each aborts its run of it, if it has one). */
export async function publishCancellation(jobId: string): Promise<void> {
  const client = redisClient();
  if (client) await client.publish(CANCEL_CHANNEL, jobId);
}

/**
 * Works the queue in this process: JOBS_CONCURRENCY jobs at once, each message claiming the
 * fairest queued job and the next after it (or dropped when none may run now). Listens for cancellations. Idempotent.
 * `drain`: also stop with the app (lifecycle.ts) — the worker process stops itself.
 */
export async function startQueueWorker({ concurrency = env.JOBS_CONCURRENCY, drain = true }: { concurrency?: number; drain?: boolean } = {}): Promise<void> {
  const s = state();
  if (s.worker || s.stopping) return;
  const name = await queueNameOf();
  if (s.worker || s.stopping) return;
  s.worker = new Worker<JobMessage>(
    name,
    // Whichever jobs are fair now, not necessarily the message's (BullMQ's queue is FIFO across
    // users). Then on to the next, as a process runner's lane does: a job that waited for its
    // owner's other one to end starts then, not at the next sweep.
    async () => {
      let ran = 0;
      while ((await runNextJob()) !== undefined) ran++;
      return ran ? `ran ${ran}` : "skipped";
    },
    { connection: (s.workerConnection = newConnection()), concurrency },
  );
  s.worker.on("error", (error) => logger.error({ err: error }, "jobs: the queue worker failed"));
  s.worker.on("failed", (message, error) => logger.error({ err: error, jobId: message?.data.jobId }, "jobs: a queue message failed"));
  s.subscriber = newConnection();
  s.subscriber.on("message", (_channel: string, jobId: string) => {
    if (abortLocalRun(jobId)) logger.info({ jobId }, "jobs: stopped a cancelled job");
  });
  s.subscriber.subscribe(CANCEL_CHANNEL).catch((error: unknown) => logger.error({ err: error }, "jobs: listening for cancellations failed"));
  if (drain) onDrain(stopQueueWorker);
  logger.info({ queue: name, concurrency }, "jobs: working the queue");
}

/**
 * Stops working the queue: takes no new message, gives every running job back (its model call
 * aborted, queued again without counting the attempt), waits for the worker to close, then hands
 * the given-back jobs to the queue again for the next worker. Idempotent.
 */
export function stopQueueWorker(): Promise<void> {
  const s = state();
  s.stopping ??= (async () => {
    clearInterval(s.sweeper);
    const closing = s.worker?.close();
    const released = await releaseRunningJobs();
    await closing?.catch((error: unknown) => logger.error({ err: error }, "jobs: closing the queue worker failed"));
    if (released.length) {
      try {
        await withTimeout(sweepQueue(), 5_000, "handing given-back jobs to the queue");
      } catch (error) {
        logger.error({ err: error }, "jobs: handing given-back jobs to the queue failed (the next sweep will)");
      }
    }
    await Promise.allSettled([s.subscriber?.quit(), s.queue?.then((q) => q.close())]);
    await Promise.allSettled([s.connection?.quit(), s.workerConnection?.quit()]);
  })();
  return s.stopping;
}
