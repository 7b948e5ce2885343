// A throwaway Redis server on loopback for the tests that prove limits hold across instances:
// Debian's `redis-server` package (installed here when missing and we are root), no
// persistence, a free port, stopped again afterwards.
//
// As a module: `redisAvailable()`, `startRedis()`. As a command:
// `node scripts/redis.mjs <command…>` runs the command with TEST_REDIS_URL set, e.g.
// `node scripts/with-postgres.mjs node scripts/redis.mjs npx vitest run --project api`.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

const isRoot = process.getuid?.() === 0;

function findBin() {
  for (const dir of ["/usr/bin", "/usr/local/bin", ...(process.env.PATH ?? "").split(":")]) {
    const bin = path.join(dir, "redis-server");
    if (dir && existsSync(bin)) return bin;
  }
  return undefined;
}

function install() {
  if (!isRoot) return;
  console.log("Installing Redis from Debian's packages…");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
  spawnSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "redis-server"], { stdio: "inherit", env });
}

export function redisAvailable() {
  if (!findBin()) install();
  return findBin() !== undefined;
}

/** A port nobody listens on right now (two runs side by side get different ones). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Sends PING and resolves true on +PONG. */
function ping(port) {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (data) => done(data.toString().startsWith("+PONG")));
  });
}

export async function startRedis({ port } = {}) {
  const bin = findBin();
  if (!bin) throw new Error("Redis is not installed (apt-get install redis-server).");
  const chosen = port ?? (await freePort());
  const dir = mkdtempSync(path.join(tmpdir(), "draftwise-redis-"));
  const server = spawn(
    bin,
    ["--port", String(chosen), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir, "--daemonize", "no", "--loglevel", "warning"],
    { stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  let log = "";
  server.stdout.on("data", (d) => (log += d));
  server.stderr.on("data", (d) => (log += d));
  const deadline = Date.now() + 15_000;
  while (!(await ping(chosen))) {
    if (server.exitCode !== null || Date.now() > deadline) {
      try {
        process.kill(-server.pid, "SIGKILL");
      } catch {}
      throw new Error(`Redis did not start on port ${chosen}:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `redis://127.0.0.1:${chosen}`,
    port: chosen,
    async stop() {
      if (server.exitCode === null) {
        const exited = new Promise((resolve) => server.once("exit", resolve));
        try {
          process.kill(-server.pid, "SIGTERM");
        } catch {}
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [command, ...args] = process.argv.slice(2);
  if (!command) {
    console.error("usage: node scripts/redis.mjs <command> [args…]");
    process.exit(2);
  }
  if (!redisAvailable()) {
    console.error("Redis is not installed and could not be installed (needs root and apt).");
    process.exit(1);
  }
  const server = await startRedis();
  let status = 1;
  try {
    status = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, TEST_REDIS_URL: server.url } }).status ?? 1;
  } finally {
    await server.stop();
  }
  process.exit(status);
}
