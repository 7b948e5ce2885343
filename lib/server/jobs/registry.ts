import "server-only";
import { AppError } from "@/lib/errors";
import { isDraining, onDrain } from "@/lib/server/lifecycle";
import { logger } from "@/lib/server/log";

/** Why a run's model call was aborted: its job was cancelled (here or on another instance). */
export const cancelled = () => new AppError("unprocessable_request", "The job was cancelled.");
/** Why a run's model call was aborted: this process is shutting down and gives the job back. */
const shuttingDown = () => new AppError("server_draining", "The server is shutting down; the job runs again on another.");

/** How a run ended: `released` went back to the queue without using up an attempt. */
export type RunOutcome = "succeeded" | "failed" | "cancelled" | "released";

export interface Run {
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

/** True once this process has started giving its runs back: nothing new is claimed. */
export function stoppingJobs(): boolean {
  return registry().stopping || isDraining();
}

/**
 * Registers a claimed job's run for as long as `start` takes: the run is born released (to be
 * given back at once) when this process is already stopping.
 */
export function registerRun(jobId: string, start: (run: Run) => Promise<RunOutcome>): Promise<RunOutcome> {
  const reg = registry();
  if (!reg.drainHook) {
    reg.drainHook = true;
    // A graceful stop of the app (SIGTERM) gives its runs back before it waits for its streams.
    onDrain(async () => {
      await releaseRunningJobs();
    });
  }
  const run: Run = { controller: new AbortController(), release: reg.stopping || isDraining(), settled: Promise.resolve<RunOutcome>("released") };
  reg.runs.set(jobId, run);
  run.settled = start(run).finally(() => {
    if (reg.runs.get(jobId) === run) reg.runs.delete(jobId);
  });
  return run.settled;
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
