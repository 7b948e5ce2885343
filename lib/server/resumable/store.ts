import "server-only";
import type { StreamSink } from "@/lib/server/delivery/sink";

/** One generation is found by its owner and the client's id for it (the chat id). */
export interface StreamRef {
  streamId: string;
  ownerId: string;
}

export interface StoreOptions {
  /** A generation with no client attached anywhere for this long is aborted. */
  graceMs: number;
  /** A generation that ended normally can still be replayed whole for this long. */
  finishedTtlMs: number;
}

/** Where resumable generations live: this process's memory, or Redis (shared by every instance). */
export interface ResumableStore {
  /** Starts a generation (replacing, for resumers, an earlier one with the same ref). */
  start(ref: StreamRef & { clientSignal: AbortSignal }): Promise<StreamSink>;
  /** Everything written so far, then live until the end; null when nothing is active or recent. */
  resume(ref: StreamRef & { signal?: AbortSignal }): Promise<ReadableStream<Uint8Array> | null>;
  /** Aborts the generation's model call, wherever it runs; false when none was running. */
  stop(ref: StreamRef): Promise<boolean>;
}
