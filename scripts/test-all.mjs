// `npm test`: builds the app when the build is missing or older than the sources, runs the
// unit and API tests (Vitest) and the browser tests (Playwright), then prints one summary line.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

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

function run(command, args) {
  console.log(`\n$ ${path.basename(command)} ${args.join(" ")}`);
  return spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } }).status ?? 1;
}

const buildId = path.join(root, process.env.NEXT_DIST_DIR || ".next", "BUILD_ID");
const sources = ["app", "components", "hooks", "lib", "public"].map((d) => newestSource(path.join(root, d)));
const configs = ["next.config.mjs", "package-lock.json", "instrumentation.ts"].map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0));
if (!existsSync(buildId) || statSync(buildId).mtimeMs < Math.max(...sources, ...configs)) {
  if (run(bin("next"), ["build"]) !== 0) process.exit(1);
}

const vitestJson = path.join(results, "vitest.json");
const e2eJson = path.join(results, "e2e.json");
const vitestStatus = run(bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile=${vitestJson}`]);
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
if (existsSync(e2eJson)) {
  const s = JSON.parse(readFileSync(e2eJson, "utf8")).stats;
  passed += s.expected + s.flaky;
  failed += s.unexpected;
  skipped += s.skipped;
} else failed++;
if (vitestStatus !== 0 && failed === 0) failed++;
if (e2eStatus !== 0 && failed === 0) failed++;

console.log(`\nsummary: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
