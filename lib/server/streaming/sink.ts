import "server-only";

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
 * A response body fed by writes. Writes made in the same turn of the event loop go out as one
 * chunk (setImmediate), so a burst of small deltas costs one enqueue, one encode and one socket
 * write instead of one each, at no cost to latency.
 */
export class CoalescingBody {
  readonly body: ReadableStream<Uint8Array>;
  private controller!: ReadableStreamDefaultController<Uint8Array>;
  private pending = "";
  private scheduled = false;
  private closed = false;

  constructor(onCancel: (reason: unknown) => void) {
    this.body = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.controller = controller;
        },
        cancel: (reason) => {
          this.closed = true;
          onCancel(reason);
        },
      },
      { highWaterMark: 0 },
    );
  }

  write(text: string): void {
    if (this.closed || !text) return;
    this.pending += text;
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flush);
    }
  }

  private readonly flush = () => {
    this.scheduled = false;
    if (!this.pending || this.closed) return;
    const text = this.pending;
    this.pending = "";
    this.controller.enqueue(encoder.encode(text));
  };

  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.controller.close();
  }

  fail(reason: unknown): void {
    if (this.closed) return;
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
