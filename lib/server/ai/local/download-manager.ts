import "server-only";
import path from "node:path";
import { AppError } from "@/lib/errors";
import type { LocalModelDownloadJson, LocalModelReferenceJson, LocalModelStatusJson } from "@/lib/contracts/local-model";
import { modelStatus } from "@/lib/server/ai/providers";
import { env } from "@/lib/server/env";
import { logger } from "@/lib/server/log";
import { downloadModel, ModelDownloadError } from "./download";
import { findLocalModelPath, invalidateLocalModel, localModelReference } from "./provider";
import { modelsDir, ModelReferenceError, type DownloadReference, type ModelReference } from "./reference";

/**
 * The setup notice's download of the embedded model (GET /api/local-model, POST and DELETE
 * /api/local-model/download): one download at a time per process, of the model LOCAL_MODEL names
 * (the catalog default when unset), into DATA_DIR/models, verified as `npm run model:pull` does.
 * Whoever asks while it runs joins it; cancelling keeps the `.part` file, so the next start resumes.
 */

const ONLINE_TIMEOUT_MS = 3_000;
const ONLINE_TTL_MS = 60_000;
/** DELETE answers once the download has stopped, or after this long (the state says what it is then). */
const CANCEL_WAIT_MS = 2_000;

interface Download {
  status: LocalModelDownloadJson;
  controller?: AbortController;
  /** Settles (never rejects) when the running download ended. */
  settled?: Promise<void>;
}

interface OnlineCheck {
  url: string;
  checkedAt: number;
  online?: boolean;
  pending?: Promise<boolean>;
}

// Next may load this module more than once (one copy per route bundle): the download is the process's.
const holder = globalThis as typeof globalThis & {
  draftwiseLocalModelDownload?: Download;
  draftwiseLocalModelOnline?: OnlineCheck;
};

function current(): Download {
  holder.draftwiseLocalModelDownload ??= { status: { state: "idle", receivedBytes: 0 } };
  return holder.draftwiseLocalModelDownload;
}

const running = (download: Download) => download.status.state === "downloading" || download.status.state === "verifying";

function snapshot(status: LocalModelDownloadJson): LocalModelDownloadJson {
  return { ...status, ...(status.error ? { error: { ...status.error } } : {}) };
}

/** LOCAL_MODEL as parsed by the provider, or why it can't be read. */
function readReference(): { reference: ModelReference | null; error?: string } {
  try {
    const reference = localModelReference();
    // null is `off`, or a value the provider could not parse (it logged why).
    if (!reference && env.LOCAL_MODEL && env.LOCAL_MODEL.toLowerCase() !== "off") {
      return { reference, error: "it is neither a model reference nor a file path (the server log says why)." };
    }
    return { reference };
  } catch (error) {
    if (error instanceof ModelReferenceError) return { reference: null, error: error.message };
    throw error;
  }
}

function referenceJson(reference: ModelReference | null): LocalModelReferenceJson | null {
  if (!reference) return null;
  if (reference.kind === "file") return { kind: "file", fileName: path.basename(reference.path) };
  return {
    kind: "download",
    ref: reference.ref,
    label: reference.label,
    fileName: reference.fileName,
    ...(reference.approxBytes !== undefined ? { approxBytes: reference.approxBytes } : {}),
    ...(reference.licence ? { licence: reference.licence } : {}),
  };
}

/**
 * Whether the server can reach where the model downloads from: any HTTP answer to a HEAD request
 * within 3 s (a 404 is the download's error to show, not a reason to send the writer offline).
 * Cached for a minute, per URL; concurrent callers share one request.
 */
async function canReach(url: string): Promise<boolean> {
  const cached = holder.draftwiseLocalModelOnline;
  if (cached?.url === url) {
    if (cached.pending) return cached.pending;
    if (cached.online !== undefined && Date.now() - cached.checkedAt < ONLINE_TTL_MS) return cached.online;
  }
  const check: OnlineCheck = { url, checkedAt: Date.now() };
  check.pending = (async () => {
    try {
      const res = await fetch(url, { method: "HEAD", signal: AbortSignal.timeout(ONLINE_TIMEOUT_MS) });
      await res.body?.cancel();
      return true;
    } catch {
      return false;
    }
  })().then((online) => {
    check.online = online;
    check.checkedAt = Date.now();
    check.pending = undefined;
    return online;
  });
  holder.draftwiseLocalModelOnline = check;
  return check.pending;
}

/** A download just reached the host (true), or failed to connect (undefined: ask again next time). */
function noteReachability(online?: boolean) {
  const cached = holder.draftwiseLocalModelOnline;
  if (!cached || cached.pending) return;
  if (online === undefined) holder.draftwiseLocalModelOnline = undefined;
  else Object.assign(cached, { online, checkedAt: Date.now() });
}

/** What POST and DELETE /api/local-model/download do, in their 403's message. */
export const downloadAction = "start or cancel the server's embedded model download";

/** Status messages name a file inside the models folder as DATA_DIR/models/…: the server's paths stay private. */
function withoutServerPaths(message: string): string {
  return message.replaceAll(modelsDir(env.DATA_DIR), "DATA_DIR/models");
}

/** GET /api/local-model; `refusal`: why the caller may not start the download (see adminRefusal). */
export async function localModelSetupStatus({ refusal }: { refusal?: string } = {}): Promise<LocalModelStatusJson> {
  const { reference, error } = readReference();
  const download = current();
  const present = reference ? findLocalModelPath() !== undefined : false;
  const online =
    reference?.kind === "download" ? running(download) || download.status.state === "done" || (await canReach(reference.url)) : false;
  return {
    reference: referenceJson(reference),
    ...(error ? { referenceError: error } : {}),
    present,
    download: snapshot(download.status),
    online,
    canDownload: refusal === undefined,
    ...(refusal ? { downloadRefusal: refusal } : {}),
  };
}

function downloadReference(): DownloadReference {
  const { reference, error } = readReference();
  if (error) throw new AppError("unprocessable_request", `LOCAL_MODEL can't be read: ${error}`);
  if (!reference) {
    throw new AppError("unprocessable_request", "The embedded model is turned off on this server (LOCAL_MODEL=off): there is nothing to download.");
  }
  if (reference.kind === "file") {
    throw new AppError(
      "unprocessable_request",
      `LOCAL_MODEL names a model file (${path.basename(reference.path)}), not a model to download: copy a GGUF model to the path it names, or set LOCAL_MODEL to a model reference.`,
    );
  }
  return reference;
}

function failure(error: unknown): { code: string; message: string } {
  if (error instanceof ModelDownloadError) return { code: error.code, message: withoutServerPaths(error.message) };
  logger.error({ err: error }, "local model download failed");
  return { code: "internal_error", message: "The download failed unexpectedly. The server log says why." };
}

function run(download: Download, reference: DownloadReference, dir: string) {
  const controller = new AbortController();
  const status: LocalModelDownloadJson = { state: "downloading", receivedBytes: 0 };
  download.status = status;
  download.controller = controller;
  const started = performance.now();
  logger.info({ model: reference.ref, file: reference.fileName, dir }, "local model download started");
  download.settled = downloadModel({
    reference,
    dir,
    signal: controller.signal,
    onProgress: (progress) => {
      status.receivedBytes = progress.receivedBytes;
      if (progress.totalBytes !== undefined) status.totalBytes = progress.totalBytes;
      if (progress.phase === "verifying") status.state = "verifying";
    },
  }).then(
    (result) => {
      download.status = { state: "done", receivedBytes: result.bytes, totalBytes: result.bytes };
      noteReachability(true);
      invalidateLocalModel();
      logger.info(
        { model: reference.ref, path: result.path, bytes: result.bytes, sha256: result.sha256, ms: Math.round(performance.now() - started) },
        "local model downloaded",
      );
    },
    (error: unknown) => {
      if (controller.signal.aborted) {
        // Cancelled: the .part file stays, so the next download resumes where this one stopped.
        download.status = { state: "idle", receivedBytes: 0 };
        logger.info({ model: reference.ref, receivedBytes: status.receivedBytes }, "local model download cancelled");
        return;
      }
      download.status = {
        state: "error",
        receivedBytes: status.receivedBytes,
        ...(status.totalBytes !== undefined ? { totalBytes: status.totalBytes } : {}),
        error: failure(error),
      };
      if (error instanceof ModelDownloadError && error.code === "network") noteReachability();
      // The log keeps the full message (paths included); the status shows it without them.
      logger.warn({ model: reference.ref, code: download.status.error?.code, reason: (error as Error).message }, "local model download failed");
    },
  ).finally(() => {
    if (download.controller === controller) {
      download.controller = undefined;
      download.settled = undefined;
    }
  });
}

/**
 * POST /api/local-model/download: starts the download, or joins the one running. Refused when a
 * provider is already active (nothing to set up) or LOCAL_MODEL names no model to download.
 */
export async function startLocalModelDownload(): Promise<LocalModelStatusJson> {
  const reference = downloadReference();
  const download = current();
  if (!running(download)) {
    const status = await modelStatus();
    if (status.configured) {
      throw new AppError(
        "model_already_configured",
        `A language model is already configured (${status.provider ?? "a provider"}, ${status.defaultModel ?? "its default model"}): there is no model to download.`,
      );
    }
    // Checked again after the await: another request may have started it meanwhile.
    if (!running(download)) run(download, reference, modelsDir(env.DATA_DIR));
  }
  return localModelSetupStatus();
}

/** DELETE /api/local-model/download: stops the running download (if any) and answers the state after it. */
export async function cancelLocalModelDownload(): Promise<LocalModelStatusJson> {
  const download = current();
  if (running(download) && download.controller) {
    const settled = download.settled;
    download.controller.abort();
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([settled, new Promise<void>((resolve) => (timer = setTimeout(resolve, CANCEL_WAIT_MS)))]);
    clearTimeout(timer);
  }
  return localModelSetupStatus();
}
