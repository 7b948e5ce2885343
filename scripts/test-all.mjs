// `npm test`: builds the app when the build is missing or older than the sources, runs the
// unit and API tests (Vitest) and the browser tests (Playwright), then prints one summary line.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { postgresAvailable, startPostgres } from "./postgres.mjs";

const root = path.resolve(import.meta.dirname, "..");
const bin = (name) => path.join(root, "node_modules/.bin", name);
const results = path.join(root, "test-results");
mkdirSync(results, { recursive: true });

function newestSource(dir) {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function run(command, args, env = {}) {
  console.log(`\n$ ${path.basename(command)} ${args.join(" ")}`);
  return spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env } }).status ?? 1;
}

const buildId = path.join(root, process.env.NEXT_DIST_DIR || ".next", "BUILD_ID");
const sources = ["app", "components", "hooks", "lib", "public"].map((d) => newestSource(path.join(root, d)));
const configs = ["next.config.mjs", "package-lock.json", "instrumentation.ts"].map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0));
if (!existsSync(buildId) || statSync(buildId).mtimeMs < Math.max(...sources, ...configs)) {
  if (run(bin("next"), ["build"]) !== 0) process.exit(1);
}

const vitestJson = path.join(results, "vitest.json");
const e2eJson = path.join(results, "e2e.json");
const postgresJson = path.join(results, "vitest-postgres.json");
// A report left from an earlier run must not count in this one.
for (const report of [vitestJson, e2eJson, postgresJson]) rmSync(report, { force: true });
const vitestStatus = run(bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile=${vitestJson}`]);

// The data layer and the API once more, on a real PostgreSQL server (Debian's package).
let postgresStatus = 0;
if (postgresAvailable()) {
  const server = await startPostgres();
  try {
    postgresStatus = run(
      bin("vitest"),
      ["run", "--project", "db", "--project", "api", "--reporter=default", "--reporter=json", `--outputFile=${postgresJson}`],
      { TEST_DATABASE_URL: server.url },
    );
  } finally {
    await server.stop();
  }
} else if (process.env.CI) {
  console.error("PostgreSQL is required in CI (apt-get install postgresql).");
  postgresStatus = 1;
} else {
  console.log("\nPostgreSQL not installed: the PostgreSQL run is skipped (apt-get install postgresql to include it).");
}

const e2eStatus = run(bin("playwright"), ["test"]);

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(vitestJson)) {
  const v = JSON.parse(readFileSync(vitestJson, "utf8"));
  passed += v.numPassedTests;
  failed += v.numFailedTests;
  skipped += v.numPendingTests + v.numTodoTests;
} else failed++;
if (existsSync(postgresJson)) {
  const v = JSON.parse(readFileSync(postgresJson, "utf8"));
  passed += v.numPassedTests;
  failed += v.numFailedTests;
  skipped += v.numPendingTests + v.numTodoTests;
}
if (existsSync(e2eJson)) {
  const s = JSON.parse(readFileSync(e2eJson, "utf8")).stats;
  passed += s.expected + s.flaky;
  failed += s.unexpected;
  skipped += s.skipped;
} else failed++;
if (vitestStatus !== 0 && failed === 0) failed++;
if (postgresStatus !== 0 && failed === 0) failed++;
if (e2eStatus !== 0 && failed === 0) failed++;

console.log(`\nsummary: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
