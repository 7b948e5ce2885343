/**
 * `npm run bench:profile`: a CPU profile of one route under the fast workload. Starts the
 * scripted upstream and the built app under `node --cpu-prof`, drives the route closed-loop,
 * stops the app (the profile is written on exit) and prints where the app's main thread spent
 * its time: by package or source area, then the hottest functions.
 *
 *   BENCH_PROFILE_ROUTE=v1-chat|chat|v1-completions|passthrough (default v1-chat)
 *   BENCH_PROFILE_SECONDS (default 8), BENCH_FAST_CONCURRENCY (default 64), BENCH_PROFILE_STREAM=false
 *   BENCH_PROFILE_RATE=100: the realistic workload instead, open loop at that many new streams/s
 *
 * Uses the build in NEXT_DIST_DIR (default .next): run `npm run bench` or `next build` first.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { closedLoop, createPools, openLoop, targetSpecs, type TargetId } from "./lib/load.ts";
import { appEnvironment, createApiKey, killAllSync, root, startUpstream } from "./lib/procs.ts";

const env = process.env;
const routeId = (env.BENCH_PROFILE_ROUTE ?? "v1-chat") as TargetId;
const seconds = Number(env.BENCH_PROFILE_SECONDS ?? 8);
const concurrency = Number(env.BENCH_FAST_CONCURRENCY ?? 64);
const stream = env.BENCH_PROFILE_STREAM !== "false";
const rate = env.BENCH_PROFILE_RATE ? Number(env.BENCH_PROFILE_RATE) : undefined;
const distDir = env.NEXT_DIST_DIR || ".next";
const upstreamPort = Number(env.BENCH_UPSTREAM_PORT ?? 5001);
const appPort = Number(env.BENCH_APP_PORT ?? 5002);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Where a script belongs: a package under node_modules, the app's own bundle, or Node/V8. */
function area(url: string, name: string): string {
  if (!url) return name.startsWith("(") ? name : "(native)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) {
    // Next's server bundles inline the app's code and its dependencies: name the chunk's source instead.
    return pkg[1]!;
  }
  if (url.startsWith("node:")) return url;
  // The app's server chunks are named after what they bundle (e.g. node_modules_drizzle-orm_….js).
  const chunk = /\/server\/chunks\/(?:ssr\/)?([^/]+?)(?:_[0-9a-z]{6,}(?:_[0-9a-z]+)*)?\._?\.js$/.exec(url);
  if (url.includes("/.next")) return `app bundle: ${chunk?.[1] ?? path.basename(url)}`;
  return url.replace(root, ".");
}

/** Self time per function and area over the load window only: the last `windowUs` before the shutdown began. */
function summarize(file: string, windowUs: number, tailUs: number): void {
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  const to = profile.endTime - tailUs;
  const from = to - windowUs;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at >= from && at <= to) self.set(id, (self.get(id) ?? 0) + delta);
  });
  let total = 0;
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    total += us;
    const a = area(url, functionName);
    areas.set(a, (areas.get(a) ?? 0) + us);
    const fn = `${functionName || "(anonymous)"}  ${url.replace(root, ".")}:${lineNumber + 1}`;
    functions.set(fn, (functions.get(fn) ?? 0) + us);
  }
  const idle = areas.get("(idle)") ?? 0;
  const busy = total - idle;
  const table = (rows: Map<string, number>, n: number) =>
    [...rows]
      .filter(([k]) => k !== "(idle)")
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, us]) => `${((100 * us) / busy).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`)
      .join("\n");
  console.log(`\nMain thread: ${(total / 1e6).toFixed(1)} s sampled, ${((100 * busy) / total).toFixed(0)}% busy.`);
  console.log(`\nSelf time by area (share of busy time):\n${table(areas, 25)}`);
  console.log(`\nHottest functions:\n${table(functions, 40)}`);
}

async function main(): Promise<void> {
  if (!existsSync(path.join(root, distDir, "BUILD_ID"))) throw new Error(`No production build in ${distDir}.`);
  const work = mkdtempSync(path.join(os.tmpdir(), "draftwise-profile-"));
  const dataDir = path.join(work, "data");
  const profileDir = path.join(work, "profile");
  mkdirSync(dataDir);
  const upstream = await startUpstream(upstreamPort);
  // Shut down through our own SIGTERM handler, so the profile is written when the process exits.
  const appEnv = { ...appEnvironment({ upstreamUrl: upstream.url, dataDir, distDir, model: "fake-model" }), NEXT_MANUAL_SIG_HANDLE: "true" };
  const apiKey = await createApiKey(appEnv);
  // `next start` serves from this very process, so --cpu-prof profiles the server itself.
  const app = spawn(
    process.execPath,
    ["--cpu-prof", `--cpu-prof-dir=${profileDir}`, path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", String(appPort), "-H", "127.0.0.1"],
    { cwd: root, env: appEnv, stdio: ["ignore", "ignore", "inherit"], detached: true },
  );
  const origin = `http://127.0.0.1:${appPort}`;
  for (let i = 0; ; i++) {
    if ((await fetch(`${origin}/api/live`).catch(() => undefined))?.ok) break;
    if (i > 600) throw new Error("The app did not start.");
    await sleep(100);
  }
  const pools = createPools(upstream.origin, origin, concurrency * 2);
  const target = targetSpecs({ apiKey, model: "fake-model" })[routeId];
  if (rate) {
    console.log(`Profiling ${target.label}: realistic workload, ${rate} new streams/s for ${seconds} s…`);
    const { samples } = await openLoop(pools, target, { workload: "realistic", rate, warmupMs: 1000, durationMs: seconds * 1000, drainMs: 5000 });
    const ok = samples.filter((x) => !x.error);
    const p = (q: number) => ok.map((x) => x.ttft).sort((a, b) => a - b)[Math.floor(q * (ok.length - 1))]?.toFixed(0);
    console.log(`${ok.length}/${samples.length} ok, TTFT p50/p99 ${p(0.5)}/${p(0.99)} ms`);
  } else {
    console.log(`Profiling ${target.label}: ${concurrency} in flight for ${seconds} s (fast workload, stream=${stream})…`);
    const result = await closedLoop(pools, target, { concurrency, durationMs: seconds * 1000, warmupMs: 1000, stream, workload: "fast" });
    console.log(`${result.perSecond.toFixed(0)} requests/s, ${result.errors} errors${result.firstError ? ` (first: ${result.firstError})` : ""}`);
  }
  await pools.close();
  const exited = new Promise((resolve) => app.once("exit", resolve));
  const stopAt = performance.now();
  process.kill(app.pid!, "SIGTERM");
  await exited;
  const shutdownUs = (performance.now() - stopAt) * 1000;
  await upstream.stop();
  const files = readdirSync(profileDir).filter((f) => f.endsWith(".cpuprofile"));
  if (!files.length) throw new Error("No profile was written.");
  const file = path.join(profileDir, files[0]!);
  console.log(`Profile: ${file} (open it in Chrome DevTools → Performance)`);
  // The measured seconds of load, minus a little at the end (requests finishing, then the shutdown).
  summarize(file, seconds * 1e6, shutdownUs + 200_000);
}

main().catch((error: unknown) => {
  killAllSync();
  console.error(error);
  process.exit(1);
});
