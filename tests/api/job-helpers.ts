/** Helpers shared by the job and webhook API tests. */
import { afterAll, beforeAll, inject } from "vitest";
import type { JobJson, JobStatusName } from "@/lib/contracts/jobs";
import { startApp, type AppServer } from "../fixtures/app-server";
import type { RequestRecord } from "../fixtures/fake-upstream/server";
import { v1 } from "./api-key-helpers";
import { appUrl, upstreamRequests } from "./helpers";

export const terminal: JobStatusName[] = ["succeeded", "failed", "cancelled"];
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Env of the instances a test file starts: the shared scripted upstream, fast retries. */
export const modelEnv = (extra: Record<string, string> = {}) => ({
  OPENAI_BASE_URL: inject("upstreamUrl"),
  OPENAI_MODEL: "fake-model",
  MODEL_RETRY_BASE_MS: "20",
  MODEL_RETRY_MAX_DELAY_MS: "2000",
  LOG_LEVEL: "warn",
  ...extra,
});

export async function getJob(key: string, id: string, base = appUrl()): Promise<JobJson> {
  const res = await v1(`/api/v1/jobs/${id}`, { key, base });
  if (res.status !== 200) throw new Error(`GET job ${id}: ${res.status} ${await res.text()}`);
  return (await res.json()) as JobJson;
}

export interface WaitOptions {
  base?: string;
  timeoutMs?: number;
  interval?: number;
  /** Handed every state polled, to check what the job looks like on the way. */
  seen?: (job: JobJson) => void;
}

/** Polls the job until it has `status`; fails at once if it ends in another state. */
export async function waitForStatus(
  key: string,
  id: string,
  status: JobStatusName,
  { base = appUrl(), timeoutMs = 15_000, interval = 50, seen }: WaitOptions = {},
): Promise<JobJson> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await getJob(key, id, base);
    seen?.(job);
    if (job.status === status) return job;
    if (terminal.includes(job.status)) {
      throw new Error(`job ${id} ended ${job.status} while waiting for ${status}: ${JSON.stringify({ error: job.error, attempts: job.attempts })}`);
    }
    if (Date.now() > deadline) throw new Error(`job ${id} is still ${job.status} after ${timeoutMs} ms (waiting for ${status})`);
    await sleep(interval);
  }
}

/** Polls until `probe` returns something, or fails saying what it was waiting for. */
export async function until<T>(probe: () => Promise<T | undefined | false>, what: string, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** The job's model call as the upstream sees it, once it has arrived (jobs call the model without streaming). */
export const upstreamCall = (tag: string, timeoutMs = 10_000): Promise<RequestRecord> =>
  until(async () => (await upstreamRequests(tag))[0], `upstream request ${tag}`, timeoutMs);

/** The job's model call once the upstream has seen it aborted. */
export const upstreamAborted = (tag: string, timeoutMs = 2_000): Promise<RequestRecord> =>
  until(async () => {
    const r = (await upstreamRequests(tag))[0];
    return r?.aborted ? r : undefined;
  }, `the upstream request ${tag} aborted`, timeoutMs);

/** An app on `port` for a describe block, and every instance a test restarts it as; all stopped afterwards. */
export function appsOn(port: number, env: Record<string, string>): AppServer[] {
  const apps: AppServer[] = [];
  beforeAll(async () => {
    apps.push(await startApp(port, env));
  });
  afterAll(async () => {
    for (const app of apps) await app.stop();
  });
  return apps;
}

/** Starts `first` again (same port, env and data) once it has exited. */
export async function startAgain(first: AppServer, port: number, env: Record<string, string>): Promise<AppServer> {
  await first.exited;
  return startApp(port, { ...env, DATA_DIR: first.dataDir, ...(first.databaseUrl ? { DATABASE_URL: first.databaseUrl } : {}) });
}

/** Kills `first` outright and starts a new instance on the same port with the same data. */
export async function restart(first: AppServer, port: number, env: Record<string, string>): Promise<AppServer> {
  first.signal("SIGKILL");
  return startAgain(first, port, env);
}
