// `npm run model:pull [-- <reference>] [--allow-unverified]`: downloads the embedded model into
// DATA_DIR/models with a progress bar and checks its SHA-256 (docs/local-model.md#from-the-command-line). Without a
// reference: LOCAL_MODEL when it names a download, else the default model of the catalog.
// Ctrl-C stops it; the next run resumes where it stopped.
import path from "node:path";
import { parseArgs } from "node:util";
import { defaultLocalModelId, localModelCatalog } from "@/lib/ai/local-models";
import { scriptEnv } from "./script-env";

const usage = `Usage:
  npm run model:pull                          the model LOCAL_MODEL names, or the default (${defaultLocalModelId})
  npm run model:pull -- <reference>           a catalog id, hf:<owner>/<repo>/<file>.gguf, or an
                                              http(s) URL of a .gguf file (add #sha256=<hex> to pin it)
  npm run model:pull -- --list                the catalog
Options:
  --allow-unverified   accept a file whose SHA-256 neither the reference nor the host states

The file goes into DATA_DIR/models (DATA_DIR is ./data unless set). Ctrl-C stops the
download; running the command again resumes it.`;

let values: { "allow-unverified"?: boolean; list?: boolean; help?: boolean };
let positionals: string[];
try {
  ({ values, positionals } = parseArgs({
    allowPositionals: true,
    options: { "allow-unverified": { type: "boolean" }, list: { type: "boolean" }, help: { type: "boolean", short: "h" } },
  }));
} catch (error) {
  console.error(`${error instanceof Error ? error.message : error}\n\n${usage}`);
  process.exit(2);
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}
if (values.list) {
  for (const entry of localModelCatalog) {
    console.log(`${entry.id}${entry.id === defaultLocalModelId ? " (default)" : ""}\n  ${entry.label} · ${formatBytes(entry.approxBytes)} · ${entry.licence}\n  ${entry.why}\n`);
  }
  process.exit(0);
}
if (positionals.length > 1) {
  console.error(`Give one model reference, not ${positionals.length}.\n\n${usage}`);
  process.exit(2);
}

const env = await scriptEnv();
const { parseModelReference, modelsDir, ModelReferenceError } = await import("@/lib/server/ai/local/reference");
const { downloadModel, ModelDownloadError } = await import("@/lib/server/ai/local/download");
const { checkModelFile, ModelFileError } = await import("@/lib/server/ai/local/gguf");
type DownloadProgress = import("@/lib/server/ai/local/download").DownloadProgress;

const fail = (message: string, code = 1): never => {
  console.error(message);
  process.exit(code);
};

const parse = (input: string, source: string) => {
  try {
    return parseModelReference(input, { hfEndpoint: env.HF_ENDPOINT });
  } catch (error) {
    if (error instanceof ModelReferenceError) return fail(`${source}: ${error.message}`);
    throw error;
  }
};

const localModel = env.LOCAL_MODEL && env.LOCAL_MODEL.toLowerCase() !== "off" ? env.LOCAL_MODEL : undefined;
const argument = positionals[0];
const reference = argument !== undefined ? parse(argument, "The reference") : localModel ? parse(localModel, "LOCAL_MODEL") : parse(defaultLocalModelId, "The default model");
if (argument === undefined && env.LOCAL_MODEL?.toLowerCase() === "off") {
  console.log(`LOCAL_MODEL=off: Draftwise won't use an embedded model until you unset it. Downloading the default model anyway.`);
}

if (reference.kind === "file") {
  const source = argument !== undefined ? "This reference" : "LOCAL_MODEL";
  console.log(`${source} names a model file (${reference.path}): there is nothing to download.`);
  try {
    const info = await checkModelFile(reference.path);
    const architecture = info.metadata.get("general.architecture");
    const name = info.metadata.get("general.name");
    console.log(`It is a usable GGUF model${typeof name === "string" ? `: ${name}` : ""} (${String(architecture)}, GGUF v${info.version}).`);
    process.exit(0);
  } catch (error) {
    if (error instanceof ModelFileError) fail(`But it can't be used: ${error.message}`);
    throw error;
  }
}

const dir = modelsDir(env.DATA_DIR);
const about = [reference.licence, reference.approxBytes ? `about ${formatBytes(reference.approxBytes)}` : undefined].filter(Boolean).join(", ");
console.log(`Model: ${reference.label}${about ? ` (${about})` : ""}`);
console.log(`From:  ${reference.url}`);
console.log(`Into:  ${dir}`);

const controller = new AbortController();
process.once("SIGINT", () => controller.abort());
process.once("SIGTERM", () => controller.abort());

const tty = Boolean(process.stdout.isTTY);
let started: { at: number; bytes: number } | undefined;
let lastDecile = -1;
let lastUnknownLine = 0;
let lastDraw = 0;
let drawn = false;

function onProgress(p: DownloadProgress) {
  if (p.phase === "connecting" && p.receivedBytes > 0) console.log(`Resuming after ${formatBytes(p.receivedBytes)} already downloaded.`);
  if (p.phase === "verifying") {
    if (drawn) {
      draw(p);
      process.stdout.write("\n");
      drawn = false;
    }
    console.log("Checking the SHA-256…");
  }
  if (p.phase !== "downloading") return;
  started ??= { at: Date.now(), bytes: p.receivedBytes };
  if (tty) {
    if (Date.now() - lastDraw >= 100 || p.receivedBytes === p.totalBytes) draw(p);
  } else if (p.totalBytes) {
    const decile = Math.floor((p.receivedBytes / p.totalBytes) * 10);
    if (decile > lastDecile) {
      lastDecile = decile;
      console.log(`${String(decile * 10).padStart(3)}%  ${stats(p)}`);
    }
  } else if (p.receivedBytes - lastUnknownLine >= 100 * 1024 * 1024 || lastUnknownLine === 0) {
    lastUnknownLine = p.receivedBytes || 1;
    console.log(stats(p));
  }
}

/** `12.3 MB/s` since this run started, or undefined before there is anything to measure. */
function rate(p: DownloadProgress): number | undefined {
  const seconds = started ? (Date.now() - started.at) / 1000 : 0;
  return started && seconds > 0.2 ? (p.receivedBytes - started.bytes) / seconds : undefined;
}

function stats(p: DownloadProgress): string {
  const speed = rate(p);
  const done = p.totalBytes ? `${formatMB(p.receivedBytes)}/${formatMB(p.totalBytes)} MB` : `${formatMB(p.receivedBytes)} MB`;
  const eta = speed && p.totalBytes ? `  ETA ${formatDuration((p.totalBytes - p.receivedBytes) / speed)}` : "";
  return `${done}${speed !== undefined ? `  ${formatMB(speed)} MB/s` : ""}${eta}`;
}

function draw(p: DownloadProgress) {
  lastDraw = Date.now();
  drawn = true;
  const width = 30;
  const fraction = p.totalBytes ? Math.min(1, p.receivedBytes / p.totalBytes) : 0;
  const filled = Math.round(fraction * width);
  const bar = p.totalBytes ? `[${"█".repeat(filled)}${"░".repeat(width - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}%  ` : "";
  process.stdout.write(`\r${bar}${stats(p)}\x1b[K`);
}

try {
  const result = await downloadModel({ reference, dir, signal: controller.signal, onProgress, allowUnverified: values["allow-unverified"] === true });
  if (result.alreadyPresent) {
    console.log(`Already downloaded: ${result.path} (${formatBytes(result.bytes)}), SHA-256 ${result.sha256}${result.verified ? " (matches the pinned checksum)" : ""}.`);
  } else {
    console.log(result.verified ? `SHA-256 verified: ${result.sha256}` : `SHA-256 NOT verified (--allow-unverified): ${result.sha256}`);
    console.log(`Saved ${formatBytes(result.bytes)} to ${result.path}`);
  }
  if (argument === undefined && !localModel) {
    console.log("Draftwise uses it when no other provider is configured (it looks in DATA_DIR/models); a running Draftwise picks it up within a few seconds.");
  } else if (localModel && localModel === reference.ref) {
    console.log("LOCAL_MODEL names this model: a running Draftwise picks it up within a few seconds.");
  } else {
    console.log(`To use it, set LOCAL_MODEL=${reference.ref} (or LOCAL_MODEL=${result.path}) and restart Draftwise.`);
  }
} catch (error) {
  if (drawn) process.stdout.write("\n");
  if (error instanceof ModelDownloadError) {
    if (error.code === "aborted") {
      fail(`Stopped. The part downloaded so far is kept in ${path.join(dir, `${reference.fileName}.part`)}: run npm run model:pull again to resume.`, 130);
    }
    fail(`Download failed: ${error.message}`);
  }
  throw error;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(0)} kB`;
  return `${bytes} B`;
}

function formatMB(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `${h}:${String(m).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}` : `${m}:${String(s % 60).padStart(2, "0")}`;
}
