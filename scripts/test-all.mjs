// `npm test`: builds the app when the build is missing or older than the sources, runs the
// unit and API tests (Vitest) and the browser tests (Playwright), then prints the time of each
// phase and one summary line (CI greps `summary:`).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { postgresAvailable, startPostgres } from "./postgres.mjs";
import { redisAvailable, startRedis } from "./redis.mjs";

const root = path.resolve(import.meta.dirname, "..");
const bin = (name) => path.join(root, "node_modules/.bin", name);
const results = path.join(root, "test-results");
mkdirSync(results, { recursive: true });

const started = performance.now();
/** What each phase took, in the order they ran: printed before the summary. */
const phases = [];

/** Runs `work` (sync or async) as the phase `name` and notes how long it took. */
async function phase(name, work) {
  const start = performance.now();
  try {
    return await work();
  } finally {
    phases.push({ name, ms: performance.now() - start });
  }
}

function duration(ms) {
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, "0")}s`;
}

function newestSource(dir) {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

// Every app instance the tests start keeps its data in a temporary folder; they all go under this
// run's own, removed when the run ends, so runs don't fill the disk.
const scratch = mkdtempSync(path.join(tmpdir(), "draftwise-run-"));
process.on("exit", () => rmSync(scratch, { recursive: true, force: true }));

function run(command, args, env = {}) {
  console.log(`\n$ ${path.basename(command)} ${args.join(" ")}`);
  return spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", TMPDIR: scratch, ...env } }).status ?? 1;
}

const buildId = path.join(root, process.env.NEXT_DIST_DIR || ".next", "BUILD_ID");
const sources = ["app", "components", "hooks", "lib", "public"].map((d) => newestSource(path.join(root, d)));
const configs = ["next.config.mjs", "package-lock.json", "instrumentation.ts"].map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0));
if (!existsSync(buildId) || statSync(buildId).mtimeMs < Math.max(...sources, ...configs)) {
  if ((await phase("build", () => run(bin("next"), ["build"]))) !== 0) process.exit(1);
} else {
  phases.push({ name: "build", skipped: "up to date" });
}

const reports = {
  vitest: path.join(results, "vitest.json"),
  e2e: path.join(results, "e2e.json"),
  vitestPostgres: path.join(results, "vitest-postgres.json"),
  e2ePostgres: path.join(results, "e2e-postgres.json"),
};
// A report left from an earlier run must not count in this one.
for (const report of Object.values(reports)) rmSync(report, { force: true });

const vitest = (report, args = [], env = {}) =>
  run(bin("vitest"), ["run", ...args, "--reporter=default", "--reporter=json", `--outputFile=${report}`], env);
const playwright = (report, env = {}) =>
  run(bin("playwright"), ["test"], { E2E_JSON: report, E2E_OUTPUT_DIR: report.replace(/\.json$/, "-artifacts"), ...env });

// Everything on the embedded database (PGlite), the default.
const statuses = [
  await phase("vitest, PGlite", () => vitest(reports.vitest)),
  await phase("e2e, PGlite", () => playwright(reports.e2e)),
];
const expected = [reports.vitest, reports.e2e];

// The data layer, the API and the browser flows once more, on real PostgreSQL and Redis servers
// (Debian's packages): every instance on its own database, with limits in the shared Redis —
// which is also what lets two instances prove they hold one limit together.
const haveRedis = redisAvailable();
if (!haveRedis && process.env.CI) {
  console.error("Redis is required in CI (apt-get install redis-server).");
  statuses.push(1);
} else if (!haveRedis) {
  console.log("\nRedis not installed: the PostgreSQL run keeps limits in memory (apt-get install redis-server to include it).");
}
if (postgresAvailable()) {
  const label = haveRedis ? "PostgreSQL+Redis" : "PostgreSQL";
  const [server, redis] = await phase(`starting ${label}`, async () => [await startPostgres(), haveRedis ? await startRedis() : undefined]);
  try {
    const env = { TEST_DATABASE_URL: server.url, ...(redis ? { TEST_REDIS_URL: redis.url } : {}) };
    statuses.push(await phase(`vitest, ${label}`, () => vitest(reports.vitestPostgres, ["--project", "unit", "--project", "db", "--project", "api"], env)));
    statuses.push(await phase(`e2e, ${label}`, () => playwright(reports.e2ePostgres, env)));
    expected.push(reports.vitestPostgres, reports.e2ePostgres);
  } finally {
    await Promise.all([server.stop(), redis?.stop()]);
  }
} else if (process.env.CI) {
  console.error("PostgreSQL is required in CI (apt-get install postgresql).");
  statuses.push(1);
} else {
  console.log("\nPostgreSQL not installed: the PostgreSQL runs are skipped (apt-get install postgresql to include them).");
  phases.push({ name: "PostgreSQL runs", skipped: "PostgreSQL not installed" });
}

let passed = 0;
let failed = 0;
let skipped = 0;
for (const report of expected) {
  if (!existsSync(report)) {
    failed++;
    continue;
  }
  const json = JSON.parse(readFileSync(report, "utf8"));
  if (json.stats) {
    passed += json.stats.expected + json.stats.flaky;
    failed += json.stats.unexpected;
    skipped += json.stats.skipped;
  } else {
    passed += json.numPassedTests;
    failed += json.numFailedTests;
    skipped += json.numPendingTests + json.numTodoTests;
  }
}
if (statuses.some((status) => status !== 0) && failed === 0) failed++;

console.log("\ntimes:");
const width = Math.max(...phases.map((p) => p.name.length), "total".length);
for (const p of phases) console.log(`  ${p.name.padEnd(width)}  ${p.skipped ? `skipped (${p.skipped})` : duration(p.ms)}`);
console.log(`  ${"total".padEnd(width)}  ${duration(performance.now() - started)}`);
console.log(`\nsummary: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
