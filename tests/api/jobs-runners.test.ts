/**
 * The ways jobs run (JOBS_RUNNER): the Redis queue worked by a separate `npm run worker` process
 * (with PostgreSQL and Redis only: TEST_DATABASE_URL and TEST_REDIS_URL), `after` with the cron
 * route that picks up stragglers (Vercel), and a graceful stop of the in-process runner. Every
 * test starts its own instances. Ports 3970–3979 belong to this file.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobJson } from "@/lib/contracts/jobs";
import { startApp, testAppEnv, type AppServer } from "../fixtures/app-server";
import { databaseRows } from "../fixtures/database";
import { expectApiError, keyOwner, v1 } from "./api-key-helpers";
import { appUrl, uniqueTag, upstreamRequests } from "./helpers";
import { appsOn, getJob, modelEnv, restart, sleep, startAgain, terminal, until, upstreamAborted, upstreamCall, waitForStatus } from "./job-helpers";

const root = path.resolve(import.meta.dirname, "../..");
const chatJob = (content: string) => ({ type: "chat", input: { messages: [{ role: "user", content }] } });

async function submit(key: string, body: unknown, base: string): Promise<JobJson> {
  const res = await v1("/api/v1/jobs", { key, base, body });
  if (res.status !== 202) throw new Error(`submitting a job failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as JobJson;
}

const words = (job: JobJson) => ((job.result as { content: string }).content ?? "").replace(/\.$/, "").split(" ");

/** The job's row as stored (the app may be stopped: on PGlite the folder is read directly). */
async function storedJob(app: AppServer, id: string): Promise<Record<string, unknown>> {
  const rows = (await databaseRows(app)).jobs ?? [];
  const row = rows.map((r) => JSON.parse(r) as Record<string, unknown>).find((r) => r.id === id);
  if (!row) throw new Error(`job ${id} is not in the database`);
  return row;
}

// ------------------------------------------------------------------------------------------
// `npm run worker` on the Redis queue

interface WorkerProcess {
  signal(signal: NodeJS.Signals): void;
  exited: Promise<number | NodeJS.Signals | null>;
  output(): string;
  stop(): Promise<void>;
}

/** `npm run worker` (its tsx command) in its own process group; resolves once it works the queue. */
async function startWorker(env: Record<string, string>): Promise<WorkerProcess> {
  const child: ChildProcess = spawn(path.join(root, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/worker.ts"], {
    cwd: root,
    env: testAppEnv(env) as NodeJS.ProcessEnv,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal)));
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, s);
    } catch (error) {
      if ((error as { code?: string }).code !== "ESRCH") throw error;
    }
  };
  const worker: WorkerProcess = {
    signal,
    exited,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      signal("SIGTERM");
      const timer = setTimeout(() => signal("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
  try {
    await until(
      async () => {
        if (child.exitCode !== null) throw new Error(`the worker exited with code ${child.exitCode}`);
        return output.includes('"msg":"jobs: working the queue"');
      },
      "the worker starting",
      30_000,
    );
  } catch (error) {
    signal("SIGKILL");
    throw new Error(`${(error as Error).message}\n${output}`);
  }
  return worker;
}

const queueAvailable = Boolean(process.env.TEST_DATABASE_URL && process.env.TEST_REDIS_URL);

describe.runIf(queueAvailable)("JOBS_RUNNER=redis with a separate `npm run worker` process", () => {
  const port = 3970;
  const env = modelEnv({ JOBS_RUNNER: "redis", JOBS_IN_APP_WORKER: "false", JOBS_LEASE_MS: "1500", JOBS_CONCURRENCY: "2", LOG_LEVEL: "info" });
  let app: AppServer;
  let owner: string;
  const workers: WorkerProcess[] = [];
  const worker = async () => {
    const started = await startWorker({ ...env, DATABASE_URL: app.databaseUrl!, REDIS_URL: process.env.TEST_REDIS_URL! });
    workers.push(started);
    return started;
  };

  beforeAll(async () => {
    app = await startApp(port, env);
    ({ key: owner } = await keyOwner(app.url));
  });
  afterAll(async () => {
    for (const w of workers) await w.stop();
    await app?.stop();
  });

  it("leaves a job queued while no worker runs; a worker started later runs it (attempts 1)", { timeout: 60_000 }, async () => {
    const tag = uniqueTag("redis-wait");
    const job = await submit(owner, chatJob(`Hello [[tokens=4]] [[tag=${tag}]]`), app.url);
    // Twice the lease: the app's own sweeps run meanwhile, and still nothing in the app runs jobs.
    await sleep(3_000);
    expect(await getJob(owner, job.id, app.url)).toMatchObject({ status: "queued", attempts: 0, started_at: null });
    expect(await upstreamRequests(tag)).toHaveLength(0);

    const w = await worker();
    const done = await waitForStatus(owner, job.id, "succeeded", { base: app.url, timeoutMs: 20_000 });
    expect(done.attempts).toBe(1);
    expect(words(done)).toHaveLength(4);
    expect(await upstreamRequests(tag)).toHaveLength(1);
    expect(w.output()).not.toMatch(/"level":"(error|fatal)"/);
  });

  it("stops the worker's model call at once when the job is cancelled through the app", { timeout: 60_000 }, async () => {
    if (workers.length === 0) await worker();
    const tag = uniqueTag("redis-cancel");
    const job = await submit(owner, chatJob(`A long story [[tokens=150]] [[delay=20]] [[tag=${tag}]]`), app.url);
    await waitForStatus(owner, job.id, "running", { base: app.url });
    await upstreamCall(tag);

    const cancelledAt = Date.now();
    const res = await v1(`/api/v1/jobs/${job.id}`, { key: owner, base: app.url, method: "DELETE" });
    expect(res.status).toBe(200);
    expect(((await res.json()) as JobJson).status).toBe("cancelled");
    const record = await upstreamAborted(tag);
    expect(record.endedAt! - cancelledAt).toBeLessThan(1_000);
    expect(record.completed).toBe(false);

    await sleep(1_500);
    expect(await getJob(owner, job.id, app.url)).toMatchObject({ status: "cancelled", result: null });
    expect(await upstreamRequests(tag)).toHaveLength(1);
  });

  it("runs a job again on a restarted worker after the first was killed (SIGKILL) mid-job: attempts 2", { timeout: 90_000 }, async () => {
    for (const w of workers.splice(0)) await w.stop();
    const first = await worker();
    const tag = uniqueTag("redis-kill");
    const job = await submit(owner, chatJob(`Slow [[tokens=60]] [[delay=50]] [[tag=${tag}]]`), app.url);
    await waitForStatus(owner, job.id, "running", { base: app.url });
    await upstreamCall(tag);

    first.signal("SIGKILL");
    await first.exited;
    // The lease still names the dead worker's run until it runs out.
    expect(await getJob(owner, job.id, app.url)).toMatchObject({ status: "running", attempts: 1 });

    await worker();
    const done = await waitForStatus(owner, job.id, "succeeded", { base: app.url, timeoutMs: 30_000 });
    expect(done.attempts).toBe(2);
    expect(words(done)).toHaveLength(60);
    const requests = await upstreamRequests(tag);
    expect(requests).toHaveLength(2);
    expect(requests[0]!.completed).toBe(false);
    expect(requests[1]!.completed).toBe(true);
  });

  it("gives a running job back when the worker gets SIGTERM: queued, attempt not counted, finished by the next worker (attempts 1)", { timeout: 90_000 }, async () => {
    for (const w of workers.splice(0)) await w.stop();
    const first = await worker();
    const tag = uniqueTag("redis-term");
    const job = await submit(owner, chatJob(`Slow [[tokens=100]] [[delay=50]] [[tag=${tag}]]`), app.url);
    await waitForStatus(owner, job.id, "running", { base: app.url });
    await upstreamCall(tag);

    const stoppedAt = Date.now();
    first.signal("SIGTERM");
    expect(await first.exited).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(5_000);
    await upstreamAborted(tag);
    expect(first.output()).toMatch(/"msg":"worker: stopped"/);
    const given = await getJob(owner, job.id, app.url);
    expect(given).toMatchObject({ status: "queued", attempts: 0, result: null, error: null, finished_at: null });

    // Long past the lease: nobody runs it while no worker is up, and it is not failed.
    await sleep(2_000);
    expect(await getJob(owner, job.id, app.url)).toMatchObject({ status: "queued", attempts: 0 });

    await worker();
    const done = await waitForStatus(owner, job.id, "succeeded", { base: app.url, timeoutMs: 30_000 });
    expect(done.attempts).toBe(1);
    expect(words(done)).toHaveLength(100);
    const requests = await upstreamRequests(tag);
    expect(requests).toHaveLength(2);
    expect(requests[0]!.aborted).toBe(true);
    expect(requests[1]!.completed).toBe(true);
  });
});

describe("npm run worker without PostgreSQL and Redis", () => {
  it("exits 1 saying it needs DATABASE_URL and REDIS_URL", { timeout: 30_000 }, async () => {
    const child = spawn(path.join(root, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/worker.ts"], {
      cwd: root,
      env: testAppEnv({ REDIS_URL: "", DATABASE_URL: "" }) as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(1);
    expect(output).toMatch(/needs DATABASE_URL and REDIS_URL/);
  });
});

// ------------------------------------------------------------------------------------------
// JOBS_RUNNER=after (Vercel) and the cron route

describe("JOBS_RUNNER=after and GET /api/cron/jobs", () => {
  const port = 3971;
  const secret = "cron-secret-0123456789";
  const env = modelEnv({ JOBS_RUNNER: "after", CRON_SECRET: secret, JOBS_LEASE_MS: "1500", JOBS_CONCURRENCY: "1" });
  const apps = appsOn(port, env);
  let owner: string;
  const cron = (base: string, headers: Record<string, string> = { Authorization: `Bearer ${secret}` }, method = "GET") =>
    fetch(`${base}/api/cron/jobs`, { method, headers });

  beforeAll(async () => {
    ({ key: owner } = await keyOwner(apps[0]!.url));
  });

  it("runs a job in its submission's after(): succeeded, attempts 1", async () => {
    const base = apps.at(-1)!.url;
    const job = await submit(owner, chatJob("Hello there [[tokens=5]]"), base);
    const done = await waitForStatus(owner, job.id, "succeeded", { base });
    expect(done.attempts).toBe(1);
    expect(words(done)).toHaveLength(5);
  });

  it("answers 401 without the secret or with a wrong one, 200 {recovered, ran, deliveries} with it; 404 where CRON_SECRET is not set", async () => {
    const base = apps.at(-1)!.url;
    await expectApiError(await cron(base, {}), 401, "unauthorized");
    await expectApiError(await cron(base, { Authorization: "Bearer wrong" }), 401, "unauthorized");
    await expectApiError(await cron(base, { Authorization: secret }), 401, "unauthorized");
    await expectApiError(await cron(base, { Authorization: `Bearer ${secret}x` }), 401, "unauthorized");

    for (const method of ["GET", "POST"]) {
      const res = await cron(base, undefined, method);
      expect(res.status).toBe(200);
      const body = (await res.json()) as Record<string, unknown>;
      expect(Object.keys(body).sort()).toEqual(["deliveries", "ran", "recovered"]);
      for (const value of Object.values(body)) expect(Number.isInteger(value)).toBe(true);
    }
    expect((await cron(base, undefined, "PUT")).status).toBe(405);

    // The shared instance has no CRON_SECRET: the route is off.
    await expectApiError(await cron(appUrl(), { Authorization: "Bearer anything" }), 404, "not_found");
    await expectApiError(await cron(appUrl(), {}), 404, "not_found");
  });

  it("leaves a run cut short (SIGKILL) alone until the cron route recovers and runs it: attempts 2", { timeout: 90_000 }, async () => {
    const first = apps.at(-1)!;
    const tag = uniqueTag("after-straggler");
    const job = await submit(owner, chatJob(`Slow [[tokens=60]] [[delay=50]] [[tag=${tag}]]`), first.url);
    await waitForStatus(owner, job.id, "running", { base: first.url });
    await upstreamCall(tag);

    const second = await restart(first, port, env);
    apps.push(second);
    // Well past the lease: with `after`, nothing in the app picks the job up by itself.
    await sleep(3_000);
    expect(await getJob(owner, job.id, second.url)).toMatchObject({ status: "running", attempts: 1 });

    const res = await cron(second.url);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { recovered: number; ran: number; deliveries: number };
    expect(body.recovered).toBe(1);
    expect(body.ran).toBe(1);
    const done = await getJob(owner, job.id, second.url);
    expect(done).toMatchObject({ status: "succeeded", attempts: 2 });
    expect(words(done)).toHaveLength(60);
    const requests = await upstreamRequests(tag);
    expect(requests).toHaveLength(2);
    expect(requests[1]!.completed).toBe(true);

    // Nothing left: the next sweep finds nothing to do.
    expect(await (await cron(second.url)).json()).toMatchObject({ recovered: 0, ran: 0 });
  });
});

// ------------------------------------------------------------------------------------------
// A graceful stop of the in-process runner

describe("JOBS_RUNNER=process: SIGTERM mid-job", () => {
  const port = 3972;
  // The default 30 s lease: a job the stop did not give back would wait for it, and count an attempt.
  const env = modelEnv({ JOBS_RUNNER: "process", JOBS_CONCURRENCY: "1" });
  const apps = appsOn(port, env);

  it("aborts the model call, queues the job again with its attempt not counted, and the restarted app runs it (attempts 1)", { timeout: 90_000 }, async () => {
    const first = apps[0]!;
    const { key: owner } = await keyOwner(first.url);
    const tag = uniqueTag("process-term");
    const job = await submit(owner, chatJob(`Slow [[tokens=100]] [[delay=50]] [[tag=${tag}]]`), first.url);
    await waitForStatus(owner, job.id, "running", { base: first.url });
    await upstreamCall(tag);

    const stoppedAt = Date.now();
    first.signal("SIGTERM");
    expect(await first.exited).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(5_000);
    const aborted = await upstreamAborted(tag);
    expect(aborted.completed).toBe(false);
    expect(await storedJob(first, job.id)).toMatchObject({ status: "queued", attempts: 0, lease_until: null, finished_at: null, error: null });

    const second = await startAgain(first, port, env);
    apps.push(second);
    const done = await waitForStatus(owner, job.id, "succeeded", { base: second.url, timeoutMs: 20_000 });
    expect(done.attempts).toBe(1);
    expect(words(done)).toHaveLength(100);
    const requests = await upstreamRequests(tag);
    expect(requests).toHaveLength(2);
    expect(requests[1]!.completed).toBe(true);
  });
});

// ------------------------------------------------------------------------------------------
// A job's model calls count against the same limits as a synchronous call

describe("limits on a job's model calls", () => {
  it("fails a job whose key's token budget can't cover its call (insufficient_quota), without calling the model", async () => {
    const { key } = await keyOwner(appUrl(), { limits: { daily_tokens: 10 } });
    const tag = uniqueTag("job-budget");
    const job = await submit(key, chatJob(`Hello [[tokens=3]] [[tag=${tag}]]`), appUrl());
    const deadline = Date.now() + 15_000;
    let done = await getJob(key, job.id, appUrl());
    while (!terminal.includes(done.status) && Date.now() < deadline) {
      await sleep(50);
      done = await getJob(key, job.id, appUrl());
    }
    expect(done.status).toBe("failed");
    expect(done.error?.code).toBe("insufficient_quota");
    expect(done.error?.message).toMatch(/daily budget/);
    expect(await upstreamRequests(tag)).toHaveLength(0);
  });
});
