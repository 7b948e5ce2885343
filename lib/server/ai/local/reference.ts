import "server-only";
import { homedir } from "node:os";
import path from "node:path";
import { localModelCatalog, type LocalModelEntry } from "@/lib/ai/local-models";

/**
 * What LOCAL_MODEL (or `npm run model:pull -- <reference>`) names: a GGUF file on disk, or a
 * model to download into DATA_DIR/models — a catalog id, `hf:<owner>/<repo>/<path/file.gguf>`
 * or an http(s) URL of a .gguf file, optionally pinned with `#sha256=<64 hex>`.
 */

export type DownloadReference = {
  kind: "download";
  /** The reference as written (a catalog id, `hf:…` or the URL). */
  ref: string;
  url: string;
  /** The name the file gets in the models folder. */
  fileName: string;
  label: string;
  /** The file's expected SHA-256 (lower-case hex) when the reference or the catalog pins it. */
  sha256?: string;
  approxBytes?: number;
  licence?: string;
};

export type ModelReference = { kind: "file"; path: string } | DownloadReference;

export class ModelReferenceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ModelReferenceError";
  }
}

const SHA256 = /^[0-9a-f]{64}$/;
const FORMS =
  "a catalog id (" +
  localModelCatalog.map((entry) => entry.id).join(", ") +
  "), hf:<owner>/<repo>/<file>.gguf, an http(s) URL of a .gguf file, or the path of a GGUF file";

/** `#sha256=<hex>` → the hash; no fragment → undefined. */
function pinnedSha256(fragment: string, input: string): string | undefined {
  if (!fragment) return undefined;
  const match = /^sha256=([0-9a-fA-F]+)$/.exec(fragment);
  if (!match || !SHA256.test(match[1]!.toLowerCase())) {
    throw new ModelReferenceError(`"${input}": the part after # must be sha256=<the file's SHA-256 as 64 hex digits>.`);
  }
  return match[1]!.toLowerCase();
}

/** A file name safe to create in the models folder, or an error naming the reference. */
function checkedFileName(name: string, input: string): string {
  if (!/\.gguf$/i.test(name)) throw new ModelReferenceError(`"${input}" does not name a .gguf file: Draftwise runs GGUF models only.`);
  if (/[/\\\0]/.test(name) || name.startsWith(".")) throw new ModelReferenceError(`"${input}": "${name}" is not a usable file name.`);
  return name;
}

function fromCatalog(entry: LocalModelEntry, hfEndpoint: string): DownloadReference {
  const hf = parseHf(entry.ref, entry.ref, hfEndpoint);
  return {
    ...hf,
    ref: entry.id,
    fileName: entry.fileName,
    label: entry.label,
    ...(entry.sha256 ? { sha256: entry.sha256.toLowerCase() } : {}),
    approxBytes: entry.approxBytes,
    licence: entry.licence,
  };
}

function parseHf(spec: string, input: string, hfEndpoint: string): DownloadReference {
  const [location = "", fragment = ""] = spec.slice("hf:".length).split("#", 2);
  const sha256 = pinnedSha256(fragment, input);
  const parts = location.split("/");
  if (parts.length < 3 || parts.some((part) => !part || part === "." || part === "..")) {
    throw new ModelReferenceError(`"${input}" is not a Hugging Face reference: write hf:<owner>/<repo>/<file>.gguf (the file may be in a folder of the repository).`);
  }
  const [owner, repo, ...file] = parts as [string, string, ...string[]];
  const fileName = checkedFileName(file.at(-1)!, input);
  const base = hfEndpoint.replace(/\/+$/, "");
  const url = `${base}/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/resolve/main/${file.map(encodeURIComponent).join("/")}`;
  const known = localModelCatalog.find((entry) => entry.ref === `hf:${location}`);
  return {
    kind: "download",
    ref: input,
    url,
    fileName,
    label: known?.label ?? `${fileName} (${owner}/${repo})`,
    ...((sha256 ?? known?.sha256) ? { sha256: sha256 ?? known!.sha256!.toLowerCase() } : {}),
    ...(known ? { approxBytes: known.approxBytes, licence: known.licence } : {}),
  };
}

function parseUrl(input: string): DownloadReference {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new ModelReferenceError(`"${input}" is not a valid URL.`);
  }
  const sha256 = pinnedSha256(url.hash.slice(1), input);
  url.hash = "";
  let last: string;
  try {
    last = decodeURIComponent(url.pathname.split("/").at(-1) ?? "");
  } catch {
    throw new ModelReferenceError(`"${input}": the URL's path is not validly encoded.`);
  }
  const fileName = checkedFileName(last, input);
  return { kind: "download", ref: input, url: url.toString(), fileName, label: `${fileName} (${url.host})`, ...(sha256 ? { sha256 } : {}) };
}

/**
 * Parses a model reference: `"qwen2.5-1.5b-instruct"` (catalog id) | `"hf:<owner>/<repo>/<path/file.gguf>"`
 * | `"http(s)://…/x.gguf[#sha256=<64hex>]"` | a path (absolute, `~/…`, or relative to the working
 * directory). `hf:` references download from `hfEndpoint` (HF_ENDPOINT). Throws ModelReferenceError
 * with a message for the operator when it is none of these.
 */
export function parseModelReference(input: string, options: { hfEndpoint: string }): ModelReference {
  const value = input.trim();
  if (!value) throw new ModelReferenceError(`The model reference is empty: give ${FORMS}.`);
  const entry = localModelCatalog.find((e) => e.id.toLowerCase() === value.toLowerCase());
  if (entry) return fromCatalog(entry, options.hfEndpoint);
  if (/^hf:/i.test(value)) return parseHf(`hf:${value.slice(3)}`, value, options.hfEndpoint);
  if (/^https?:\/\//i.test(value)) return parseUrl(value);
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value);
  if (scheme) throw new ModelReferenceError(`"${value}": ${scheme[1]}:// is not supported; give ${FORMS}.`);
  const looksLikePath = /[/\\]/.test(value) || /\.gguf$/i.test(value) || value.startsWith(".") || value.startsWith("~");
  if (!looksLikePath) throw new ModelReferenceError(`"${value}" is not a known model id nor a path: give ${FORMS}.`);
  const expanded = value === "~" || value.startsWith("~/") ? path.join(homedir(), value.slice(1)) : value;
  return { kind: "file", path: path.resolve(expanded) };
}

/** Where downloaded models live: DATA_DIR/models. */
export function modelsDir(dataDir: string): string {
  return path.resolve(dataDir, "models");
}
