import "server-only";
import { createHash, type Hash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, open, readFile, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { checkModelFile, ModelFileError } from "./gguf";
import type { DownloadReference } from "./reference";

/**
 * Downloads a model file into the models folder: into `<file>.part` first (resumed with a Range
 * request when a previous download was interrupted), hashing it on the way; the SHA-256 must
 * match the one the reference pins or the host announces (Hugging Face announces it for every
 * LFS file), the result must be a GGUF file llama.cpp can load, and only then is it renamed
 * into place — so a file in the models folder is always complete.
 */

export interface DownloadProgress {
  phase: "connecting" | "downloading" | "verifying" | "done";
  /** Bytes of the file received so far (a resumed download starts at the size of its .part). */
  receivedBytes: number;
  totalBytes?: number;
}

export type ModelDownloadErrorCode =
  | "not_found"
  | "http_error"
  | "network"
  | "checksum_mismatch"
  | "no_checksum"
  | "not_gguf"
  | "aborted"
  | "disk"
  | "in_progress";

export class ModelDownloadError extends Error {
  constructor(
    readonly code: ModelDownloadErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "ModelDownloadError";
  }
}

export interface DownloadResult {
  path: string;
  /** The file's SHA-256 (lower-case hex). */
  sha256: string;
  bytes: number;
  /** The file was already in the folder: nothing was downloaded. */
  alreadyPresent: boolean;
  /** The SHA-256 matched a pinned or announced one (false only with allowUnverified and none known). */
  verified: boolean;
}

const MAX_REDIRECTS = 10;
const SHA256 = /^[0-9a-f]{64}$/;

/** `"<64 hex>"` (optionally weak, W/"…") → the hex; anything else → undefined. */
function sha256FromEtag(value: string | null): string | undefined {
  const hex = value?.trim().replace(/^W\//, "").replace(/^"(.*)"$/, "$1").toLowerCase();
  return hex && SHA256.test(hex) ? hex : undefined;
}

const isAbort = (error: unknown, signal?: AbortSignal) =>
  signal?.aborted || (error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError"));

const exists = async (file: string) => {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
};

const sizeOf = async (file: string) => {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
};

function diskError(error: unknown, file: string): ModelDownloadError {
  const code = (error as { code?: string }).code;
  const why =
    code === "ENOSPC"
      ? "the disk is full"
      : code === "EACCES" || code === "EPERM"
        ? "permission denied"
        : code === "EROFS"
          ? "the file system is read-only"
          : (code ?? (error instanceof Error ? error.message : String(error)));
  return new ModelDownloadError("disk", `Can't write ${file}: ${why}. Free some space or set DATA_DIR to a writable folder with room for the model.`);
}

async function hashFile(file: string, hash: Hash): Promise<void> {
  await pipeline(createReadStream(file), async function* (source: AsyncIterable<Buffer>) {
    for await (const chunk of source) hash.update(chunk);
  });
}

interface Answer {
  response: Response;
  /** The SHA-256 announced by a redirect on the way (X-Linked-ETag) or by the response itself. */
  announcedSha256?: string;
}

/** Where a redirect leads; never from https down to plain http (the bytes and the announced hash would travel unprotected). */
export function redirectTarget(current: string, location: string, reference: DownloadReference): string {
  const next = new URL(location, current);
  if (next.protocol !== "https:" && new URL(current).protocol === "https:") {
    throw new ModelDownloadError("http_error", `${reference.url} redirected to a plain-http address (${next.host}): refused, the download would not be protected on the way.`);
  }
  return next.toString();
}

/**
 * GET with redirects followed by hand: Hugging Face announces an LFS file's SHA-256 in the
 * X-Linked-ETag of its redirect to the storage host, which a followed redirect would hide.
 */
async function request(reference: DownloadReference, offset: number, signal?: AbortSignal): Promise<Answer> {
  let url = reference.url;
  let announcedSha256: string | undefined;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    let response: Response;
    try {
      response = await fetch(url, {
        redirect: "manual",
        signal,
        headers: {
          "accept-encoding": "identity",
          "user-agent": "draftwise-model-pull",
          ...(offset > 0 ? { range: `bytes=${offset}-` } : {}),
        },
      });
    } catch (error) {
      if (isAbort(error, signal)) throw abortedError(reference);
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const host = new URL(url).host;
      throw new ModelDownloadError(
        "network",
        `Can't reach ${host} to download ${reference.label} (${cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : "network error")}). ` +
          "Check the internet connection (and HF_ENDPOINT or a proxy, if you use one), or copy a GGUF file into the models folder by hand.",
      );
    }
    announcedSha256 ??= sha256FromEtag(response.headers.get("x-linked-etag"));
    const location = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      url = redirectTarget(url, location, reference);
      continue;
    }
    announcedSha256 ??= sha256FromEtag(response.headers.get("etag"));
    return { response, ...(announcedSha256 ? { announcedSha256 } : {}) };
  }
  throw new ModelDownloadError("http_error", `Downloading ${reference.label} from ${reference.url} was redirected more than ${MAX_REDIRECTS} times; check the URL.`);
}

function statusError(reference: DownloadReference, status: number): ModelDownloadError {
  if (status === 404 || status === 410) {
    return new ModelDownloadError(
      "not_found",
      `${reference.label} was not found: ${reference.url} answered HTTP ${status}. Check the reference (for hf: the owner, repository and file name, which are case-sensitive).`,
    );
  }
  if (status === 401 || status === 403) {
    return new ModelDownloadError(
      "http_error",
      `${reference.url} refused the download (HTTP ${status}): the repository may be gated or private. Download the file in a browser and copy it into the models folder, or choose another model.`,
    );
  }
  return new ModelDownloadError(
    "http_error",
    `${reference.url} answered HTTP ${status}${status >= 500 || status === 429 ? ": the host is having trouble, try again later (a partial download is kept and resumes)" : ""}.`,
  );
}

const abortedError = (reference: DownloadReference) =>
  new ModelDownloadError("aborted", `The download of ${reference.label} was cancelled. What was downloaded is kept and the next download resumes it.`);

/** Total size from `Content-Range: bytes a-b/total`, or offset + Content-Length. */
function totalSize(response: Response, offset: number): number | undefined {
  const range = /\/(\d+)\s*$/.exec(response.headers.get("content-range") ?? "");
  if (range) return Number(range[1]);
  const length = response.headers.get("content-length");
  return length !== null && /^\d+$/.test(length) ? offset + Number(length) : undefined;
}

/**
 * Downloads `reference` into `dir` (created if needed) and returns where the file is. A file of
 * that name already in `dir` is taken as it is (hashed, no request). Progress is reported per
 * chunk received. Throws ModelDownloadError; on a checksum mismatch or a file that is not a
 * usable GGUF model the partial file is deleted, on anything else (network, abort) it is kept
 * for the next call to resume.
 */
export async function downloadModel(options: {
  reference: DownloadReference;
  dir: string;
  signal?: AbortSignal;
  onProgress?: (p: DownloadProgress) => void;
  /** Accept a file whose SHA-256 neither the reference nor the host states. */
  allowUnverified?: boolean;
}): Promise<DownloadResult> {
  const { reference, dir, signal, onProgress = () => {}, allowUnverified = false } = options;
  const target = path.join(dir, reference.fileName);
  const part = `${target}.part`;
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw diskError(error, dir);
  }

  if (await exists(target)) {
    const bytes = await sizeOf(target);
    onProgress({ phase: "verifying", receivedBytes: bytes, totalBytes: bytes });
    const hash = createHash("sha256");
    await hashFile(target, hash);
    const sha256 = hash.digest("hex");
    if (reference.sha256 && sha256 !== reference.sha256) {
      throw new ModelDownloadError(
        "checksum_mismatch",
        `${target} is already there but its SHA-256 (${sha256}) is not the expected ${reference.sha256}: it is another file or a damaged copy. Delete it and download again.`,
      );
    }
    onProgress({ phase: "done", receivedBytes: bytes, totalBytes: bytes });
    return { path: target, sha256, bytes, alreadyPresent: true, verified: reference.sha256 !== undefined };
  }

  if (signal?.aborted) throw abortedError(reference);
  const unlock = await lockPart(part, reference);
  try {
    return await transfer({ reference, target, part, signal, onProgress, allowUnverified });
  } finally {
    await unlock();
  }
}

/**
 * One writer per `.part`: the CLI and the studio's download (or two app processes) appending to
 * the same file would interleave their bytes, each still matching its own hash. The lock holds the
 * owner's pid; a lock whose process is gone is taken over.
 */
const heldLocks = new Set<string>();

async function lockPart(part: string, reference: DownloadReference): Promise<() => Promise<void>> {
  const lock = `${part}.lock`;
  const busy = () =>
    new ModelDownloadError("in_progress", `${reference.label} is already being downloaded into this folder. Wait for that download to finish, or stop it first.`);
  if (heldLocks.has(lock)) throw busy();
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lock, "wx");
      heldLocks.add(lock);
      await handle.writeFile(String(process.pid));
      await handle.close();
      return async () => {
        heldLocks.delete(lock);
        await rm(lock, { force: true });
      };
    } catch (error) {
      if ((error as { code?: string }).code !== "EEXIST") throw diskError(error, lock);
    }
    const owner = Number((await readFile(lock, "utf8").catch(() => "")).trim());
    // Our own pid in a lock this process does not hold: left by an earlier run of it (a restart reuses pids rarely, but can).
    if (owner && owner !== process.pid && isAlive(owner)) {
      throw new ModelDownloadError(
        "in_progress",
        `${reference.label} is already being downloaded into this folder (process ${owner}). Wait for that download to finish, or stop it first.`,
      );
    }
    await rm(lock, { force: true });
  }
  throw busy();
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === "EPERM";
  }
}

async function transfer(options: {
  reference: DownloadReference;
  target: string;
  part: string;
  signal?: AbortSignal;
  onProgress: (p: DownloadProgress) => void;
  allowUnverified: boolean;
}): Promise<DownloadResult> {
  const { reference, target, part, signal, onProgress, allowUnverified } = options;
  let offset = await sizeOf(part);
  onProgress({ phase: "connecting", receivedBytes: offset });
  let { response, announcedSha256 } = await request(reference, offset, signal);
  const rangeStart = () => Number(/^bytes (\d+)-/.exec(response.headers.get("content-range") ?? "")?.[1] ?? NaN);
  if (offset > 0 && (response.status === 416 || (response.status === 206 && rangeStart() !== offset))) {
    // The .part is as long as the file or longer (the file changed), or the host sent another range: start afresh.
    await response.body?.cancel();
    offset = 0;
    ({ response, announcedSha256 } = await request(reference, 0, signal));
  }
  if (response.status !== 200 && !(response.status === 206 && rangeStart() === offset)) {
    await response.body?.cancel();
    throw statusError(reference, response.status);
  }
  if (response.status === 200) offset = 0; // the host ignored the Range header and sends the whole file
  if (!response.body) throw new ModelDownloadError("http_error", `${reference.url} answered without a body.`);

  const expected = reference.sha256 ?? announcedSha256;
  if (!expected && !allowUnverified) {
    await response.body.cancel();
    throw new ModelDownloadError(
      "no_checksum",
      `${reference.url} does not announce the file's SHA-256 and the reference pins none, so the download can't be verified. ` +
        "Add #sha256=<the file's SHA-256> to the URL, or accept the file unchecked with --allow-unverified.",
    );
  }

  const totalBytes = totalSize(response, offset);
  const hash = createHash("sha256");
  try {
    if (offset > 0) await hashFile(part, hash);
  } catch (error) {
    await response.body.cancel();
    throw diskError(error, part);
  }

  let received = offset;
  let header: Buffer = Buffer.alloc(0);
  const progress = () => onProgress({ phase: "downloading", receivedBytes: received, ...(totalBytes !== undefined ? { totalBytes } : {}) });
  progress();
  let notGguf = false;
  const meter = new Transform({
    transform(chunk: Uint8Array, _encoding, callback) {
      if (offset === 0 && header.length < 4) {
        header = Buffer.concat([header, chunk.subarray(0, 4 - header.length)]);
        if (header.length === 4 && header.toString("latin1") !== "GGUF") {
          notGguf = true;
          return callback(new Error("not GGUF"));
        }
      }
      hash.update(chunk);
      received += chunk.length;
      progress();
      callback(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(response.body as import("node:stream/web").ReadableStream), meter, createWriteStream(part, { flags: offset > 0 ? "a" : "w" }), {
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if (notGguf) {
      await rm(part, { force: true });
      throw new ModelDownloadError("not_gguf", `${reference.url} is not a GGUF model file (it does not start with GGUF): check that the reference names a .gguf file. Nothing was kept.`);
    }
    if (isAbort(error, signal)) throw abortedError(reference);
    if ((error as { syscall?: string }).syscall && ["write", "open"].includes((error as { syscall: string }).syscall)) throw diskError(error, part);
    throw new ModelDownloadError(
      "network",
      `The download of ${reference.label} broke off after ${received} of ${totalBytes ?? "?"} bytes (${(error as { code?: string }).code ?? (error instanceof Error ? error.message : "network error")}). Run it again: it resumes where it stopped.`,
    );
  }
  if (totalBytes !== undefined && received !== totalBytes) {
    throw new ModelDownloadError(
      "network",
      `The download of ${reference.label} ended after ${received} of ${totalBytes} bytes. Run it again: it resumes where it stopped.`,
    );
  }

  onProgress({ phase: "verifying", receivedBytes: received, ...(totalBytes !== undefined ? { totalBytes } : {}) });
  const sha256 = hash.digest("hex");
  if (expected && sha256 !== expected) {
    await rm(part, { force: true });
    throw new ModelDownloadError(
      "checksum_mismatch",
      `The downloaded file's SHA-256 (${sha256}) is not the expected ${expected} (${reference.sha256 ? "pinned by the reference" : "announced by the host"}): ` +
        "the download was damaged or the file changed on the host. It was deleted; download it again, and if it fails again check the pinned checksum.",
    );
  }
  try {
    await checkModelFile(part);
  } catch (error) {
    if (!(error instanceof ModelFileError)) throw error;
    await rm(part, { force: true });
    throw new ModelDownloadError("not_gguf", `The downloaded file is not a usable GGUF model: ${error.message} It was deleted.`);
  }
  try {
    await rename(part, target);
  } catch (error) {
    throw diskError(error, target);
  }
  onProgress({ phase: "done", receivedBytes: received, totalBytes: received });
  return { path: target, sha256, bytes: received, alreadyPresent: false, verified: expected !== undefined };
}
