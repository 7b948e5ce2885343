import "server-only";
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";

/**
 * Scalar's standalone API reference, served from our own origin out of node_modules (no CDN):
 * one self-contained script (styles included, no chunks), read once per process. Next drops a
 * route's Content-Encoding, so it goes out uncompressed unless a proxy in front compresses it.
 */
export interface ScalarBundle {
  script: Uint8Array<ArrayBuffer>;
  /** Content hash: the script's URL carries it, so the script can be cached for good. */
  hash: string;
}

const file = path.join(process.cwd(), "node_modules", "@scalar", "api-reference", "dist", "browser", "standalone.js");

let loading: Promise<ScalarBundle> | undefined;

export function scalarBundle(): Promise<ScalarBundle> {
  loading ??= (async () => {
    const script = await readFile(file);
    return { script, hash: createHash("sha256").update(script).digest("hex").slice(0, 16) };
  })().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

export const scalarScriptPath = "/docs/api-reference.js";
