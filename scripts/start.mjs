// `npm start` (after `next build`): the one-command local start. Production requires AUTH_SECRET;
// for a local install without one, a random secret is kept in DATA_DIR/auth-secret (the same
// file `next dev` uses), so sessions survive restarts. Deployments use `npm run serve`.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import nextEnv from "@next/env";
import { serveCommand } from "./serve.mjs";

const root = path.resolve(import.meta.dirname, "..");
nextEnv.loadEnvConfig(root);

// Draftwise drains on SIGTERM itself (lib/server/lifecycle.ts): new streams get 503 while running ones finish.
const env = { NEXT_MANUAL_SIG_HANDLE: "true", ...process.env };
if (!env.AUTH_SECRET) {
  const file = path.resolve(root, env.DATA_DIR || "./data", "auth-secret");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  env.AUTH_SECRET = readFileSync(file, "utf8").trim();
  console.log(`AUTH_SECRET not set: using the local one in ${path.relative(root, file)} (set AUTH_SECRET in production).`);
}
const { command, args } = serveCommand(process.argv.slice(2));
const child = spawn(command, args, { stdio: "inherit", env });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
