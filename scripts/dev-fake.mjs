// `npm run dev:fake`: the studio in dev mode against the scripted OpenAI-compatible upstream,
// for working on Draftwise without any model. FAKE_DELAY_MS / FAKE_TOKENS tune its answers.
import { spawn } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const port = process.env.FAKE_UPSTREAM_PORT ?? "4010";
const env = {
  ...process.env,
  FAKE_UPSTREAM_PORT: port,
  FAKE_DELAY_MS: process.env.FAKE_DELAY_MS ?? "30",
  FAKE_TOKENS: process.env.FAKE_TOKENS ?? "60",
  OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`,
  OPENAI_MODEL: "fake-model",
  OPENAI_MODELS: "fake-model-small",
};
const children = [
  spawn(path.join(root, "node_modules/.bin/tsx"), ["tests/fixtures/fake-upstream/cli.ts", "--port", port], { cwd: root, env, stdio: "inherit" }),
  spawn(path.join(root, "node_modules/.bin/next"), ["dev", ...process.argv.slice(2)], { cwd: root, env, stdio: "inherit" }),
];
const stop = () => children.forEach((c) => c.kill("SIGTERM"));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
for (const child of children) child.on("exit", (code) => { stop(); process.exitCode = code ?? 0; });
