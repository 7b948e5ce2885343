// `npm run serve` (deployments) and `npm start` (after its build): `next start` with the peer-address
// preload, so rate limits and guest caps key on the connection's address, not on what a client claims.
// Arguments go to `next start` (-p, -H). Draftwise drains on SIGTERM itself (lib/server/lifecycle.ts).
import { spawn } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");

/** The command line that serves the built app: Node with the preload, then Next's own CLI. */
export function serveCommand(args = []) {
  return {
    command: process.execPath,
    args: ["--import", path.join(root, "scripts/peer-address.mjs"), path.join(root, "node_modules/next/dist/bin/next"), "start", ...args],
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { command, args } = serveCommand(process.argv.slice(2));
  const child = spawn(command, args, { stdio: "inherit", env: { NEXT_MANUAL_SIG_HANDLE: "true", ...process.env } });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
