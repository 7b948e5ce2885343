import "server-only";
import { env } from "@/lib/server/env";

/**
 * Where a generation writes its encoded stream. The plain sink is the HTTP response itself;
 * a resumable sink (lib/server/resumable) also keeps the text for clients that reattach.
 */
export interface StreamSink {
  /** The HTTP response body for the client that started the generation. */
  readonly body: ReadableStream<Uint8Array>;
  /** Appends encoded text (already in the wire format, e.g. SSE lines). Called per (coalesced) delta. */
  write(text: string): void;
  /** The generation ended (normally, or after an error event was written). */
  close(): void;
  /** Ends the body abnormally (formats without error events, like plain text); plain sinks only. */
  fail?(reason: unknown): void;
  /** Aborts the model call: the client left (plain sink) or was stopped / abandoned (resumable sink). */
  readonly signal: AbortSignal;
}

const encoder = new TextEncoder();

/**
 * Bodies with text waiting for the shared flush tick. One timer serves every stream: a
 * per-stream timer would cost as much as the writes it saves.
 */
const waiting = new Set<CoalescingBody>();
let tick: NodeJS.Timeout | undefined;

function flushAtTick(body: CoalescingBody, intervalMs: number) {
  waiting.add(body);
  tick ??= setTimeout(() => {
    tick = undefined;
    const due = [...waiting];
    waiting.clear();
    for (const b of due) b.flush();
  }, intervalMs);
}

/**
 * A response body fed by writes, which coalesces them: writes made in the same turn of the
 * event loop go out as one chunk (setImmediate), and a write that comes less than
 * `intervalMs` after the last chunk waits for the next shared tick, so a stream sends at
 * most one chunk per interval. The first text goes out at once (time to first token is
 * untouched), as does a write after a pause and the end. Each chunk costs an enqueue, an
 * encode, a read by the framework and a socket write: per token, that is most of what a
 * stream costs the server (bench/README.md).
 */
export class CoalescingBody {
  readonly body: ReadableStream<Uint8Array>;
  private controller!: ReadableStreamDefaultController<Uint8Array>;
  private pending = "";
  private scheduled = false;
  private closed = false;
  private lastFlush = Number.NEGATIVE_INFINITY;

  constructor(
    onCancel: (reason: unknown) => void,
    private readonly intervalMs = env.STREAM_FLUSH_INTERVAL_MS,
  ) {
    this.body = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.controller = controller;
        },
        cancel: (reason) => {
          this.closed = true;
          waiting.delete(this);
          onCancel(reason);
        },
      },
      { highWaterMark: 0 },
    );
  }

  write(text: string): void {
    if (this.closed || !text) return;
    this.pending += text;
    if (this.scheduled) return;
    this.scheduled = true;
    if (performance.now() - this.lastFlush >= this.intervalMs) setImmediate(this.flush);
    else flushAtTick(this, this.intervalMs);
  }

  readonly flush = () => {
    this.scheduled = false;
    if (!this.pending || this.closed) return;
    const text = this.pending;
    this.pending = "";
    this.lastFlush = performance.now();
    this.controller.enqueue(encoder.encode(text));
  };

  close(): void {
    if (this.closed) return;
    waiting.delete(this);
    this.flush();
    this.closed = true;
    this.controller.close();
  }

  fail(reason: unknown): void {
    if (this.closed) return;
    waiting.delete(this);
    this.flush();
    this.closed = true;
    this.controller.error(reason);
  }
}

/** The non-resumable sink: the client going away aborts the model call at once. */
export function plainSink(clientSignal: AbortSignal): StreamSink {
  const left = new AbortController();
  const body = new CoalescingBody((reason) => left.abort(reason ?? new Error("The client went away")));
  return {
    body: body.body,
    write: (text) => body.write(text),
    close: () => body.close(),
    fail: (reason) => body.fail(reason),
    signal: AbortSignal.any([clientSignal, left.signal]),
  };
}
