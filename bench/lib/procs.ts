/**
 * The benchmark's other two processes — the scripted upstream and the built app — each in a
 * process group of its own, stopped as a group (also on error and Ctrl-C), plus resident
 * memory read from /proc.
 */
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, openSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export const root = path.resolve(import.meta.dirname, "../..");
const nextBin = path.join(root, "node_modules/next/dist/bin/next");

const live = new Set<ChildProcess>();

/** Limits set high, not off: the benchmark measures them being checked. */
export const benchRateLimits = { RATE_LIMIT_RPM: "10000000", RATE_LIMIT_RPH: "100000000", RATE_LIMIT_TPM: "1000000000", RATE_LIMIT_CONCURRENT: "10000" };

/**
 * The app's environment for a benchmark: production, everything on, limits high, a fresh
 * DATA_DIR, the scripted upstream as the provider. The caller's own settings for these are dropped.
 */
export function appEnvironment(opts: { upstreamUrl: string; dataDir: string; distDir: string; model: string; redisUrl?: string }): NodeJS.ProcessEnv {
  const base: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(OPENAI|AZURE_OPENAI|OLLAMA|MODEL|AUTH|DATABASE|RATE_LIMIT|LOG|METRICS|OTEL|BENCH)_|^(DATA_DIR|REDIS_URL|NODE_ENV)$/.test(key)) base[key] = value;
  }
  return {
    ...base,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    NEXT_DIST_DIR: opts.distDir,
    BENCH_ROUTES: "true",
    OPENAI_BASE_URL: opts.upstreamUrl,
    OPENAI_MODEL: opts.model,
    OLLAMA_DETECT: "false",
    DATA_DIR: opts.dataDir,
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    LOG_LEVEL: "info",
    ...benchRateLimits,
    ...(opts.redisUrl ? { REDIS_URL: opts.redisUrl } : {}),
  };
}

/**
 * The app's environment for the embedded model's section: as `appEnvironment`, but no provider
 * configured (no OPENAI_*, no Ollama) and LOCAL_MODEL set, so the app picks the local provider.
 * The caller's own LOCAL_MODEL* settings are dropped; `threads` undefined leaves the app's default.
 */
export function localAppEnvironment(opts: {
  dataDir: string;
  distDir: string;
  modelPath: string;
  sequences: number;
  queue: number;
  queueTimeoutMs: number;
  threads?: number;
}): NodeJS.ProcessEnv {
  const base: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(OPENAI|AZURE_OPENAI|OLLAMA|MODEL|LOCAL_MODEL|AUTH|DATABASE|RATE_LIMIT|LOG|METRICS|OTEL|BENCH)_|^(DATA_DIR|REDIS_URL|NODE_ENV|LOCAL_MODEL)$/.test(key)) base[key] = value;
  }
  return {
    ...base,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    NEXT_DIST_DIR: opts.distDir,
    OLLAMA_DETECT: "false",
    LOCAL_MODEL: opts.modelPath,
    LOCAL_MODEL_SEQUENCES: String(opts.sequences),
    LOCAL_MODEL_QUEUE: String(opts.queue),
    LOCAL_MODEL_QUEUE_TIMEOUT_MS: String(opts.queueTimeoutMs),
    ...(opts.threads === undefined ? {} : { LOCAL_MODEL_THREADS: String(opts.threads) }),
    DATA_DIR: opts.dataDir,
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    LOG_LEVEL: "info",
    ...benchRateLimits,
  };
}

/** An API key for the benchmark's account, minted with the operator's CLI before the app opens the database. */
export async function createApiKey(appEnv: NodeJS.ProcessEnv): Promise<string> {
  const out = await run("npm", ["run", "-s", "api-key", "--", "create", "--email", "bench@example.com", "--name", "bench"], { env: appEnv, quiet: true });
  const key = out.split("\n").map((l) => l.trim()).find((l) => l.startsWith("dw_"));
  if (!key) throw new Error(`npm run api-key printed no key:\n${out}`);
  return key;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch (error) {
    if ((error as { code?: string }).code !== "ESRCH") throw error;
  }
}

/** Stops a process group: SIGTERM, then SIGKILL after `graceMs`. */
export async function stopGroup(child: ChildProcess, graceMs = 5_000): Promise<void> {
  live.delete(child);
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  signalGroup(child, "SIGTERM");
  const timer = setTimeout(() => signalGroup(child, "SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
  signalGroup(child, "SIGKILL"); // anything the leader left behind
}

/** Last resort on exit: nothing of ours outlives the benchmark. */
export function killAllSync(): void {
  for (const child of live) signalGroup(child, "SIGKILL");
  live.clear();
}

/** Spawns in a new process group (setsid), so stopping it stops everything it started. */
function spawnGroup(command: string, args: string[], options: SpawnOptions): ChildProcess {
  const child = spawn(command, args, { ...options, detached: true });
  live.add(child);
  child.once("exit", () => live.delete(child));
  return child;
}

/** Runs a command to completion; rejects on a non-zero exit. Returns stdout. */
export function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; quiet?: boolean } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawnGroup(command, args, { cwd: root, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (!options.quiet) process.stdout.write(d);
    });
    child.stderr!.on("data", (d: Buffer) => {
      err += d.toString();
      if (!options.quiet) process.stderr.write(d);
    });
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      if (code === 0) resolve(out);
      else reject(new Error(`${command} ${args.join(" ")} failed (${signal ?? `exit ${code}`})\n${err.slice(-4000)}`));
    });
  });
}

async function waitFor(url: string, child: ChildProcess, timeoutMs: number, what: string, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited early with code ${child.exitCode}\n${output()}`);
    try {
      const res = await fetch(url);
      await res.body?.cancel();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${what} did not answer at ${url} within ${timeoutMs} ms\n${output()}`);
}

export interface Upstream {
  /** Base URL with /v1, for OPENAI_BASE_URL. */
  url: string;
  origin: string;
  child: ChildProcess;
  /** Clears its request log (it keeps every request; thousands per rate point add up). */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** The scripted upstream (tests/fixtures/fake-upstream/cli.ts) in a process of its own. */
export async function startUpstream(port: number): Promise<Upstream> {
  const child = spawnGroup(process.execPath, ["--import", "tsx", "tests/fixtures/fake-upstream/cli.ts", "--port", String(port)], {
    cwd: root,
    env: { ...process.env, FAKE_API_KEY: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const origin = `http://127.0.0.1:${port}`;
  await waitFor(`${origin}/v1/models`, child, 30_000, "The scripted upstream", () => output);
  return {
    url: `${origin}/v1`,
    origin,
    child,
    async reset() {
      const res = await fetch(`${origin}/__reset`, { method: "POST" });
      await res.body?.cancel();
    },
    stop: () => stopGroup(child),
  };
}

export interface App {
  origin: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * `next start` of the production build, its stdout and stderr appended to `logFile`. With
 * `inspectPort`, the Node inspector listens there (only for `collectGarbage`).
 */
export async function startApp(port: number, env: NodeJS.ProcessEnv, logFile: string, inspectPort?: number): Promise<App> {
  const fd = openSync(logFile, "a");
  const inspect = inspectPort === undefined ? [] : [`--inspect=127.0.0.1:${inspectPort}`];
  const child = spawnGroup(process.execPath, ["--import", path.join(root, "scripts/peer-address.mjs"), nextBin, "start", "-p", String(port), "-H", "127.0.0.1", ...inspect], {
    cwd: root,
    env,
    stdio: ["ignore", fd, fd],
  });
  closeSync(fd);
  const origin = `http://127.0.0.1:${port}`;
  const tail = () => {
    try {
      return readFileSync(logFile, "utf8").slice(-4000);
    } catch {
      return "";
    }
  };
  try {
    await waitFor(`${origin}/api/status`, child, 60_000, "The app", tail);
  } catch (error) {
    await stopGroup(child, 0);
    throw error;
  }
  return { origin, child, stop: () => stopGroup(child) };
}

/**
 * A full garbage collection in the process behind the inspector on `inspectPort` (the Chrome
 * DevTools protocol's HeapProfiler.collectGarbage), so resident memory shows what is live.
 */
export async function collectGarbage(inspectPort: number, times = 2): Promise<void> {
  const targets = (await (await fetch(`http://127.0.0.1:${inspectPort}/json/list`)).json()) as Array<{ webSocketDebuggerUrl?: string }>;
  const url = targets[0]?.webSocketDebuggerUrl;
  if (!url) throw new Error(`No inspector target on port ${inspectPort}`);
  const ws = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    ws.onopen = () => resolve();
    ws.onerror = () => reject(new Error(`Could not connect to the inspector at ${url}`));
  });
  try {
    for (let id = 1; id <= times; id++) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("HeapProfiler.collectGarbage timed out")), 30_000);
        ws.onmessage = (event) => {
          if ((JSON.parse(String(event.data)) as { id?: number }).id === id) {
            clearTimeout(timer);
            resolve();
          }
        };
        ws.send(JSON.stringify({ id, method: "HeapProfiler.collectGarbage" }));
      });
    }
  } finally {
    ws.close();
  }
}

function rssKb(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** CPU time (user + system) a process has used so far, ms; Linux clock ticks are 10 ms. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // After "pid (comm) ": state is field 3, so utime (14) and stime (15) are at 11 and 12.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** The process of the group with the largest resident set (`next-server`), and that set in KB. */
export function groupRss(child: ChildProcess): { pid: number; kb: number; name: string } {
  const group = child.pid!;
  let best = { pid: group, kb: rssKb(group), name: "" };
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue;
    }
    // pid (comm) state ppid pgrp …: comm may hold spaces, so split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(fields[2]) !== group) continue;
    const kb = rssKb(Number(entry));
    if (kb >= best.kb) best = { pid: Number(entry), kb, name: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")) };
  }
  return best;
}
