import "server-only";
import { env } from "@/lib/server/env";
import { logger } from "@/lib/server/log";

/**
 * Graceful shutdown. On SIGTERM the server drains: new model calls are refused with 503
 * `server_draining` (and /api/ready says 503, so a load balancer stops sending traffic),
 * streams already running go on until they end or SHUTDOWN_TIMEOUT_MS has passed — then
 * they are ended with an error event — and the process exits once nothing is in flight.
 */
interface State {
  draining: boolean;
  streams: Set<(reason: Error) => void>;
  requests: number;
  /** Background writes (usage records) that must land before the process exits. */
  writes: number;
  installed: boolean;
  /** Run first when draining starts (background jobs give their runs back); see onDrain. */
  hooks?: Set<() => Promise<void>>;
}

const holder = globalThis as typeof globalThis & { draftwiseLifecycle?: State };
const state: State = (holder.draftwiseLifecycle ??= { draining: false, streams: new Set(), requests: 0, writes: 0, installed: false });

export class ShutdownError extends Error {
  constructor() {
    super("The server is shutting down");
    this.name = "ShutdownError";
  }
}

export function isDraining(): boolean {
  return state.draining;
}

/** Registers a running model stream; `abort` ends it at the shutdown deadline. Returns its release. */
export function trackStream(abort: (reason: Error) => void): () => void {
  state.streams.add(abort);
  return () => state.streams.delete(abort);
}

/** Counts a request in flight (any route) so the process does not exit under it. */
export function trackRequest(): () => void {
  state.requests++;
  let done = false;
  return () => {
    if (!done) state.requests--;
    done = true;
  };
}

/** Keeps the process up, while draining, until a background write has settled. */
export function trackWrite<T>(write: Promise<T>): Promise<T> {
  state.writes++;
  return write.finally(() => state.writes--);
}

/**
 * Registers work to do as soon as draining starts, before the wait for streams and requests:
 * the job runners abort their runs and queue the jobs again. Kept on globalThis like the rest
 * of the state, so a hook registered from any bundle runs.
 */
export function onDrain(hook: () => Promise<void>): void {
  (state.hooks ??= new Set()).add(hook);
}

const POLL_MS = 100;
/** Time for the last error events and response ends to reach the clients. */
const FLUSH_MS = 500;

/** Logging must never stop a shutdown (stdout may be a closed pipe by now). */
function note(fields: Record<string, unknown>, message: string) {
  try {
    logger.info(fields, message);
  } catch {
    // Nowhere left to write to.
  }
}

async function drain(signal: string) {
  if (state.draining) return;
  state.draining = true;
  try {
    const deadline = Date.now() + env.SHUTDOWN_TIMEOUT_MS;
    note({ signal, streams: state.streams.size, requests: state.requests, timeoutMs: env.SHUTDOWN_TIMEOUT_MS }, "draining");
    const hooks = [...(state.hooks ?? [])].map((hook) => hook().catch((error: unknown) => note({ err: error }, "a drain hook failed")));
    await Promise.race([Promise.all(hooks), new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - Date.now())))]);
    while ((state.streams.size > 0 || state.requests > 0 || state.writes > 0) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    const cut = state.streams.size;
    for (const abort of state.streams) abort(new ShutdownError());
    if (cut > 0) await new Promise((resolve) => setTimeout(resolve, FLUSH_MS));
    // The cut streams' usage records, written as they settle.
    for (const end = Date.now() + FLUSH_MS; state.writes > 0 && Date.now() < end; ) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    note({ signal, cutStreams: cut }, "drained; exiting");
  } finally {
    process.exit(0);
  }
}

/**
 * Installed once per process from instrumentation.ts. With NEXT_MANUAL_SIG_HANDLE=true (set by
 * `npm start` and `npm run serve`) Next leaves the signal to us and keeps listening while we
 * drain, so new requests get a clear 503; without it Next also stops accepting connections
 * and exits when its open requests end, while our deadline still bounds the streams.
 */
export function installShutdownHandler(): void {
  if (state.installed) return;
  state.installed = true;
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => void drain(signal));
}
