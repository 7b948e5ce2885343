// A throwaway PostgreSQL server on loopback for the tests that prove the PostgreSQL path:
// Debian's `postgresql` package (installed here when missing and we are root), a fresh
// cluster in a temporary folder, trust auth on 127.0.0.1 only, removed again afterwards.
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const isRoot = process.getuid?.() === 0;

function findBin() {
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base).filter((v) => existsSync(path.join(base, v, "bin/postgres")));
  versions.sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(base, versions[0], "bin") : undefined;
}

function install() {
  if (!isRoot) return;
  console.log("Installing PostgreSQL from Debian's packages…");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
  spawnSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "postgresql"], { stdio: "inherit", env });
}

/** Runs a PostgreSQL binary as the `postgres` user when we are root (the server refuses root). */
function asPostgres(bin, args, options = {}) {
  return isRoot ? ["runuser", ["-u", "postgres", "--", bin, ...args], options] : [bin, args, options];
}

export function postgresAvailable() {
  if (!findBin()) install();
  return findBin() !== undefined;
}

export async function startPostgres({ port = 55432 } = {}) {
  const bin = findBin();
  if (!bin) throw new Error("PostgreSQL is not installed (apt-get install postgresql).");
  const dir = mkdtempSync(path.join(tmpdir(), "draftwise-pg-"));
  chmodSync(dir, 0o777);
  const data = path.join(dir, "data");
  if (isRoot) spawnSync("chown", ["postgres", dir]);
  const init = spawnSync(...asPostgres(path.join(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"], { encoding: "utf8" }));
  if (init.status !== 0) throw new Error(`initdb failed:\n${init.stderr}`);
  const server = spawn(
    ...asPostgres(path.join(bin, "postgres"), [
      "-D", data, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", `unix_socket_directories=${dir}`,
      "-c", "fsync=off", "-c", "max_connections=300",
    ], { stdio: ["ignore", "ignore", "pipe"], detached: true }),
  );
  let log = "";
  server.stderr.on("data", (d) => (log += d));
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const pg = (await import("pg")).default;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      break;
    } catch (error) {
      if (server.exitCode !== null || Date.now() > deadline) throw new Error(`PostgreSQL did not start: ${error.message}\n${log}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    url,
    async stop() {
      if (server.exitCode === null) {
        const exited = new Promise((resolve) => server.once("exit", resolve));
        try {
          process.kill(-server.pid, "SIGINT");
        } catch {}
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
