import "server-only";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { defaultLocalModelId, localModelCatalog } from "@/lib/ai/local-models";
import type { LocalModelStatus, ModelInfo } from "@/lib/ai/models";
import { env } from "@/lib/server/env";
import { logger } from "@/lib/server/log";
import { checkModelFile } from "./gguf";
import { LocalLanguageModel } from "./language-model";
import { modelsDir, parseModelReference, type ModelReference } from "./reference";
import { currentLocalEngine, defaultThreads, localEngine, type EngineConfig } from "./runtime";

interface LocalModelFile {
  path: string;
  /** Size and modification time: a file replaced in place is looked at (and loaded) again. */
  version: string;
  /** The model's id in the API: the file name without `.gguf`. */
  id: string;
  info: ModelInfo;
  /** Why the file can't be used, when its header already says so. */
  error?: string;
}

/** LOCAL_MODEL parsed; the catalog default when unset; null when `off` (or unparseable, which is logged). */
export function localModelReference(): ModelReference | null {
  const configured = env.LOCAL_MODEL;
  if (configured?.toLowerCase() === "off") return null;
  try {
    return parseModelReference(configured ?? defaultLocalModelId, { hfEndpoint: env.HF_ENDPOINT });
  } catch (error) {
    logger.error({ err: error, LOCAL_MODEL: configured }, "LOCAL_MODEL is not a usable model reference");
    return null;
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    // A dangling symlink, a file removed meanwhile: not a model.
    return false;
  }
}

function firstGgufIn(dir: string): string | undefined {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return undefined;
  }
  const files = names.filter((name) => name.toLowerCase().endsWith(".gguf")).sort();
  return files.map((name) => path.join(dir, name)).find(isFile);
}

const reportedMissing = new Set<string>();

/** The GGUF file the local provider would use: LOCAL_MODEL's file, its downloaded file, or any model in DATA_DIR/models. */
export function findLocalModelPath(): string | undefined {
  const reference = localModelReference();
  if (!reference) return undefined;
  if (reference.kind === "file") {
    if (existsSync(reference.path)) return path.resolve(reference.path);
    // Said once: detection runs again every few seconds while nothing is found.
    if (!reportedMissing.has(reference.path)) logger.warn({ LOCAL_MODEL: reference.path }, "LOCAL_MODEL names a file that does not exist");
    reportedMissing.add(reference.path);
    return undefined;
  }
  const dir = modelsDir(env.DATA_DIR);
  const downloaded = path.join(dir, reference.fileName);
  if (existsSync(downloaded)) return downloaded;
  // Someone copied a GGUF into the models folder by hand (the offline route): use it.
  return env.LOCAL_MODEL ? undefined : firstGgufIn(dir);
}

function fileVersion(file: string): string | undefined {
  try {
    const stat = statSync(file);
    // The inode too: a copy that keeps size and timestamps (cp -p, rsync) is still another file.
    return `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
  } catch {
    return undefined;
  }
}

async function describeFile(file: string): Promise<LocalModelFile> {
  const version = fileVersion(file) ?? "";
  const id = path.basename(file).replace(/\.gguf$/i, "");
  const catalog = localModelCatalog.find((entry) => entry.fileName === path.basename(file));
  let contextWindow = env.LOCAL_MODEL_CONTEXT_SIZE;
  let label = catalog?.label ?? id;
  let error: string | undefined;
  try {
    const header = await checkModelFile(file);
    const architecture = header.metadata.get("general.architecture");
    const trained = header.metadata.get(`${String(architecture)}.context_length`);
    if (typeof trained === "number" || typeof trained === "bigint") contextWindow = Math.min(contextWindow, Number(trained));
    const name = header.metadata.get("general.name");
    if (!catalog && typeof name === "string" && name.trim()) label = name.trim();
  } catch (thrown) {
    // Shown in /api/status, which anyone may read: the file's name, not the server's path.
    error = (thrown as Error).message.replaceAll(file, path.basename(file));
  }
  const info: ModelInfo = {
    id,
    label: `${label} (on this server)`,
    provider: "local",
    contextWindow,
    maxOutputTokens: Math.min(env.MODEL_MAX_OUTPUT_TOKENS, Math.max(16, Math.floor(contextWindow / 2))),
    default: true,
  };
  return { path: file, version, id, info, ...(error ? { error } : {}) };
}

interface Detection {
  checkedAt: number;
  /** Bumped by every invalidation: a detection that started before one does not count. */
  generation: number;
  pending?: Promise<LocalModelFile | undefined>;
  found?: LocalModelFile;
}
// On globalThis: every bundle of the server (routes, instrumentation) sees one detection, and one invalidation.
const holder = globalThis as typeof globalThis & { draftwiseLocalModel?: Detection };
const cache = (holder.draftwiseLocalModel ??= { checkedAt: 0, generation: 0 });
const MISS_TTL_MS = 5_000;

/** Detected once and kept (a miss is looked for again after a few seconds: a download may land). */
export async function localModelFile(): Promise<LocalModelFile | undefined> {
  if (cache.pending) return cache.pending;
  if (cache.found) {
    if (fileVersion(cache.found.path) === cache.found.version) return cache.found;
    // Removed or replaced (a broken download copied over, say): look again now.
    cache.found = undefined;
    cache.checkedAt = 0;
  }
  if (!cache.found && Date.now() - cache.checkedAt < MISS_TTL_MS) return undefined;
  cache.checkedAt = Date.now();
  const generation = cache.generation;
  const file = findLocalModelPath();
  // Concurrent callers share one look at the file's header.
  const pending = (file ? describeFile(file) : Promise.resolve(undefined)).then((found) => {
    if (cache.generation !== generation) return localModelFile();
    cache.found = found;
    cache.pending = undefined;
    return found;
  });
  cache.pending = pending;
  return pending;
}

/** Forget what was detected: the next request looks again (a download just finished). */
export function invalidateLocalModel(): void {
  cache.generation++;
  cache.checkedAt = 0;
  cache.found = undefined;
  cache.pending = undefined;
}

function engineConfig(file: LocalModelFile): EngineConfig {
  return {
    path: file.path,
    version: file.version,
    threads: env.LOCAL_MODEL_THREADS,
    contextSize: env.LOCAL_MODEL_CONTEXT_SIZE,
    sequences: env.LOCAL_MODEL_SEQUENCES,
    queue: env.LOCAL_MODEL_QUEUE,
    queueTimeoutMs: env.LOCAL_MODEL_QUEUE_TIMEOUT_MS,
    gpu: env.LOCAL_MODEL_GPU,
  };
}

export function localLanguageModel(file: LocalModelFile): LocalLanguageModel {
  return new LocalLanguageModel(file.id, () => localEngine(engineConfig(file)), file.info.maxOutputTokens);
}

/** What /api/status says about the embedded model (never a path outside DATA_DIR's name for it). */
export function localModelStatus(file: LocalModelFile): LocalModelStatus {
  const engine = currentLocalEngine();
  const stats = engine?.config.path === file.path && engine.config.version === file.version ? engine.stats() : undefined;
  return {
    file: path.basename(file.path),
    loaded: stats?.loaded ?? false,
    ...(stats?.loadMs !== undefined ? { loadMs: stats.loadMs } : {}),
    threads: stats?.threads ?? (env.LOCAL_MODEL_THREADS || defaultThreads()),
    sequences: env.LOCAL_MODEL_SEQUENCES,
    busy: stats?.busy ?? 0,
    waiting: stats?.waiting ?? 0,
    ...(file.error ? { error: file.error } : {}),
  };
}
