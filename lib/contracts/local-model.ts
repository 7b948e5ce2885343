/**
 * GET /api/local-model and POST/DELETE /api/local-model/download (the studio's setup notice):
 * the embedded model LOCAL_MODEL names (the catalog default when unset), whether its file is
 * there, the server's one download of it, and whether the server can reach where it downloads from.
 */

/** What LOCAL_MODEL names, without anything server-only (no paths): a file to use, or a model to download. */
export type LocalModelReferenceJson =
  | { kind: "file"; fileName: string }
  | {
      kind: "download";
      /** As configured or as in the catalog: `qwen2.5-1.5b-instruct`, `hf:…` or a URL. */
      ref: string;
      label: string;
      fileName: string;
      approxBytes?: number;
      licence?: string;
    };

type LocalModelDownloadState = "idle" | "downloading" | "verifying" | "done" | "error";

export interface LocalModelDownloadJson {
  /** idle: none yet (or cancelled); downloading → verifying (SHA-256, GGUF check) → done | error. */
  state: LocalModelDownloadState;
  receivedBytes: number;
  /** Unknown until the server answered with a length. */
  totalBytes?: number;
  /** Why the last download failed: a `ModelDownloadError` code (`network`, `checksum_mismatch`, …) and a message to show. */
  error?: { code: string; message: string };
}

export interface LocalModelStatusJson {
  /** null: LOCAL_MODEL=off (no embedded model on this server). */
  reference: LocalModelReferenceJson | null;
  /** LOCAL_MODEL could not be read; the message says why (reference is null then). */
  referenceError?: string;
  /** A model file the local provider would use is on disk (LOCAL_MODEL's file, the downloaded one, or a .gguf copied into modelsDir). */
  present: boolean;
  download: LocalModelDownloadJson;
  /** The server reached the download's host lately (a HEAD request, cached for a minute): offer the download. */
  online: boolean;
  /** Whether this account may start or cancel the download (an administrator: ADMIN_EMAILS, or any signed-in account when unset). */
  canDownload: boolean;
  /** Why it may not, naming who may (absent when it may). */
  downloadRefusal?: string;
}
