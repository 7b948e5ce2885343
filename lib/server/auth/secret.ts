import "server-only";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "@/lib/server/env";

/**
 * AUTH_SECRET signs session cookies. Production requires it (lib/server/env refuses to start without);
 * elsewhere a random one is kept in DATA_DIR so sessions survive restarts of a local install.
 */
export function authSecret(): string {
  if (env.AUTH_SECRET) return env.AUTH_SECRET;
  const file = path.resolve(env.DATA_DIR, "auth-secret");
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(path.dirname(file), { recursive: true });
    try {
      writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
    } catch (error) {
      // Another process wrote it first: use theirs.
      if ((error as { code?: string }).code !== "EEXIST") throw error;
    }
    return readFileSync(file, "utf8").trim();
  }
}
