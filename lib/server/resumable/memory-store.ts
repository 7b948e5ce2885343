import "server-only";
import type { StreamSink } from "@/lib/server/delivery/sink";
import { Generation, replayBody } from "./generation";
import type { ResumableStore, StoreOptions, StreamRef } from "./store";

export const refKey = ({ ownerId, streamId }: StreamRef) => `${ownerId}:${streamId}`;

/**
 * Generations of this process only: a reload that lands on the same instance resumes.
 * A finished generation stays replayable for `finishedTtlMs`, kept as its text alone; a
 * stopped or abandoned one is forgotten as soon as it ends (its stored answer, marked
 * stopped, is the truth then).
 */
export class MemoryResumableStore implements ResumableStore {
  private readonly running = new Map<string, Generation>();
  /** Finished texts in the order they expire (each is re-inserted when it finishes). */
  private readonly finished = new Map<string, { text: string; expires: number }>();
  private sweeper: NodeJS.Timeout | undefined;

  constructor(private readonly options: StoreOptions) {}

  async start(ref: StreamRef & { clientSignal: AbortSignal }): Promise<StreamSink> {
    const key = refKey(ref);
    const generation = new Generation(this.options);
    this.running.set(key, generation);
    this.finished.delete(key);
    const body = generation.attach(ref.clientSignal);
    return {
      body,
      signal: generation.signal,
      write: (text) => generation.write(text),
      close: () => {
        if (generation.done) return;
        generation.close();
        // A newer generation under the same id took over: that one is the chat's answer.
        if (this.running.get(key) !== generation) return;
        this.running.delete(key);
        if (!generation.aborted) this.keep(key, generation.text);
      },
    };
  }

  private keep(key: string, text: string) {
    this.finished.set(key, { text, expires: Date.now() + this.options.finishedTtlMs });
    if (this.sweeper) return;
    // One timer for all finished texts, not one each.
    this.sweeper = setInterval(() => {
      const now = Date.now();
      for (const [k, entry] of this.finished) {
        if (entry.expires > now) break;
        this.finished.delete(k);
      }
      if (this.finished.size === 0) {
        clearInterval(this.sweeper);
        this.sweeper = undefined;
      }
    }, Math.min(this.options.finishedTtlMs, 5_000));
    this.sweeper.unref();
  }

  async resume(ref: StreamRef & { signal?: AbortSignal }): Promise<ReadableStream<Uint8Array> | null> {
    const key = refKey(ref);
    const generation = this.running.get(key);
    if (generation) return generation.aborted ? null : generation.attach(ref.signal);
    const finished = this.finished.get(key);
    if (!finished || finished.expires <= Date.now()) return null;
    return replayBody(finished.text);
  }

  async stop(ref: StreamRef): Promise<boolean> {
    const generation = this.running.get(refKey(ref));
    if (!generation || generation.done || generation.aborted) return false;
    generation.abort("stopped");
    return true;
  }

  /** For tests: generations running and finished texts held. */
  get size(): number {
    return this.running.size + this.finished.size;
  }
}
