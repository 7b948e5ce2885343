// `node scripts/with-postgres.mjs <command…>`: runs the command with TEST_DATABASE_URL pointing
// at a throwaway PostgreSQL server (see scripts/postgres.mjs), then stops the server.
import { spawnSync } from "node:child_process";
import { postgresAvailable, startPostgres } from "./postgres.mjs";

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error("usage: node scripts/with-postgres.mjs <command> [args…]");
  process.exit(2);
}
if (!postgresAvailable()) {
  console.error("PostgreSQL is not installed and could not be installed (needs root and apt).");
  process.exit(1);
}
const server = await startPostgres();
let status = 1;
try {
  status = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, TEST_DATABASE_URL: server.url } }).status ?? 1;
} finally {
  await server.stop();
}
process.exit(status);
