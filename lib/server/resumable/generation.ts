import "server-only";
import { CoalescingBody } from "@/lib/server/delivery/sink";

interface GenerationOptions {
  /** How long a generation runs on with no client attached before it is aborted. */
  graceMs: number;
}

/** Why a generation's model call was aborted (the reason of its signal). */
export class StreamStoppedError extends Error {
  constructor(readonly why: "stopped" | "abandoned") {
    super(why === "stopped" ? "The generation was stopped" : "No client was attached to the generation");
    this.name = "AbortError";
  }
}

/** A body that replays a finished generation's text and ends. */
export function replayBody(text: string): ReadableStream<Uint8Array> {
  const body = new CoalescingBody(() => {});
  body.write(text);
  body.close();
  return body.body;
}

/**
 * One generation as this process holds it: the text written so far, the clients following it
 * here, and the abort of its model call. A client attaching gets everything written so far
 * and then the rest, live, in one synchronous step, so nothing is missed or doubled.
 *
 * Attachments on other instances (Redis) are counted as `remote` ids with an expiry; their
 * heartbeats keep them alive, so a crashed follower can't keep a generation running forever.
 */
export class Generation {
  /** Everything written so far (a rope: V8 joins the pieces once, on replay). */
  private log = "";
  private readonly subscribers = new Set<CoalescingBody>();
  private readonly remote = new Map<string, number>();
  private readonly controller = new AbortController();
  private graceTimer: NodeJS.Timeout | undefined;
  private remoteTimer: NodeJS.Timeout | undefined;
  private ended = false;
  readonly signal: AbortSignal = this.controller.signal;

  constructor(private readonly options: GenerationOptions) {}

  get done(): boolean {
    return this.ended;
  }

  get aborted(): boolean {
    return this.controller.signal.aborted;
  }

  /** Everything written so far. */
  get text(): string {
    return this.log;
  }

  write(text: string): void {
    if (this.ended || !text) return;
    this.log += text;
    for (const subscriber of this.subscribers) subscriber.write(text);
  }

  /**
   * A new client: the log so far, then live until the generation ends. The client leaving
   * (its body cancelled, or `signal` aborting) detaches it; it never aborts the generation.
   */
  attach(signal?: AbortSignal): ReadableStream<Uint8Array> {
    const body: CoalescingBody = new CoalescingBody(() => this.detach(body));
    body.write(this.log);
    if (this.ended) {
      body.close();
      return body.body;
    }
    this.subscribers.add(body);
    this.clearGrace();
    if (signal) {
      const leave = () => {
        this.detach(body);
        body.close();
      };
      if (signal.aborted) leave();
      else signal.addEventListener("abort", leave, { once: true });
    }
    return body.body;
  }

  private detach(body: CoalescingBody): void {
    if (!this.subscribers.delete(body)) return;
    this.checkAttached();
  }

  /** A follower on another instance attached, or its heartbeat came: alive until `until` (epoch ms). */
  remoteAttach(id: string, until: number): void {
    if (this.ended) return;
    this.remote.set(id, until);
    this.clearGrace();
    this.scheduleRemoteExpiry();
  }

  remoteDetach(id: string): void {
    if (this.remote.delete(id)) this.checkAttached();
  }

  private scheduleRemoteExpiry(): void {
    if (this.remoteTimer || this.remote.size === 0) return;
    const next = Math.min(...this.remote.values());
    this.remoteTimer = setTimeout(
      () => {
        this.remoteTimer = undefined;
        const now = Date.now();
        for (const [id, until] of this.remote) if (until <= now) this.remote.delete(id);
        this.scheduleRemoteExpiry();
        this.checkAttached();
      },
      Math.max(0, next - Date.now()) + 5,
    );
    this.remoteTimer.unref();
  }

  /** Nobody attached anywhere: the grace period starts; a client attaching in time cancels it. */
  private checkAttached(): void {
    if (this.ended || this.aborted || this.graceTimer) return;
    if (this.subscribers.size > 0 || this.remote.size > 0) return;
    this.graceTimer = setTimeout(() => {
      this.graceTimer = undefined;
      if (this.subscribers.size === 0 && this.remote.size === 0) this.abort("abandoned");
    }, this.options.graceMs);
    this.graceTimer.unref();
  }

  private clearGrace(): void {
    if (!this.graceTimer) return;
    clearTimeout(this.graceTimer);
    this.graceTimer = undefined;
  }

  /** Aborts the model call; the producer then ends the generation with `close()`. */
  abort(why: "stopped" | "abandoned"): void {
    if (this.ended || this.aborted) return;
    this.clearGrace();
    this.controller.abort(new StreamStoppedError(why));
  }

  /** The generation ended: every follower's body ends after the last text. */
  close(): void {
    if (this.ended) return;
    this.ended = true;
    this.clearGrace();
    if (this.remoteTimer) clearTimeout(this.remoteTimer);
    this.remoteTimer = undefined;
    this.remote.clear();
    for (const subscriber of this.subscribers) subscriber.close();
    this.subscribers.clear();
  }
}
