import "server-only";

/**
 * The counters behind rate limits and budgets, in two kinds:
 *
 * - **Windows** count requests or tokens in a fixed window that starts at the first hit
 *   (so `start + windowMs` is exactly when it resets, as the RateLimit header promises).
 * - **Leases** are amounts held until released or expired: a concurrency slot (amount 1) or
 *   a budget reservation (the estimated tokens). Expiry is what frees the leases of an
 *   instance that crashed; holders renew them while they are alive.
 *
 * `acquire` checks every limit and, only when all pass, charges them all — atomically, so
 * two instances can't both take the last slot. Stores: in-process (memory-store.ts) and
 * Redis (redis-store.ts), with the same behaviour (tests/unit/limits-store.test.ts runs both).
 */
export interface LimitStore {
  acquire(request: AcquireRequest): Promise<AcquireResult>;
  /**
   * Corrects a window's count by `delta` (the real tokens minus the estimate). When the
   * window the estimate went into has ended, only extra tokens are charged, to the current one.
   */
  adjust(window: WindowRef, delta: number): Promise<void>;
  release(id: string, leases: LeaseRef[]): Promise<void>;
  /** Extends the expiry of leases still held (released or expired ones stay gone). */
  renew(id: string, leases: LeaseRef[], leaseMs: number): Promise<void>;
}

export interface WindowSpec {
  key: string;
  limit: number;
  windowMs: number;
  /** What this request adds (0 to only read the window, e.g. tokens on a request without a model call). */
  cost: number;
  /** False for a window that is reported but not checked. */
  enforce: boolean;
}

export interface LeaseSpec {
  key: string;
  limit: number;
  /** Counted against the limit besides the leases (a budget's recorded usage). */
  base: number;
  cost: number;
}

export interface AcquireRequest {
  /** Identifies this request's leases. */
  id: string;
  leaseMs: number;
  windows: WindowSpec[];
  leases: LeaseSpec[];
}

export interface WindowState {
  start: number;
  count: number;
}

export interface AcquireResult {
  /** The store's clock (ms), which window starts are on. */
  now: number;
  /** The first limit that refused; none when the request was granted (and charged). */
  refused?: { kind: "window" | "lease"; index: number };
  /** Per window: its state after this request (before it, when refused). */
  windows: WindowState[];
  /** Per lease: the amount held in total, after this request (before it, when refused). */
  leases: number[];
}

export interface WindowRef {
  key: string;
  start: number;
  windowMs: number;
}

export interface LeaseRef {
  key: string;
  cost: number;
}

/** A lease's member in its set: the holder and its amount, so sums need no second lookup. */
export const leaseMember = (id: string, cost: number) => `${id}|${cost}`;
