import "server-only";
import { leaseMember, type AcquireRequest, type AcquireResult, type LeaseRef, type LimitStore, type WindowRef, type WindowState } from "./store";

interface Window extends WindowState {
  windowMs: number;
}

/** Sweep expired entries every this many calls, so idle users don't stay in memory. */
const sweepEvery = 1_000;

/**
 * The in-process store: one instance's counters (the default without REDIS_URL). Everything
 * runs synchronously between awaits, which makes each call atomic in one Node process.
 */
export class MemoryStore implements LimitStore {
  private readonly windows = new Map<string, Window>();
  /** Lease set key → member → expiry (ms). */
  private readonly leases = new Map<string, Map<string, number>>();
  private calls = 0;

  constructor(private readonly clock: () => number = Date.now) {}

  private window(key: string, now: number): Window | undefined {
    const window = this.windows.get(key);
    if (window && window.start + window.windowMs > now) return window;
    this.windows.delete(key);
    return undefined;
  }

  private held(key: string, now: number): Map<string, number> {
    const set = this.leases.get(key) ?? new Map<string, number>();
    for (const [member, expiry] of set) if (expiry <= now) set.delete(member);
    return set;
  }

  private sweep(now: number) {
    if (++this.calls % sweepEvery !== 0) return;
    for (const key of this.windows.keys()) this.window(key, now);
    for (const key of this.leases.keys()) if (this.held(key, now).size === 0) this.leases.delete(key);
  }

  async acquire(request: AcquireRequest): Promise<AcquireResult> {
    const now = this.clock();
    this.sweep(now);
    let refused: AcquireResult["refused"];
    const windows = request.windows.map((spec, index) => {
      const current = this.window(spec.key, now);
      const state = { start: current?.start ?? now, count: current?.count ?? 0 };
      if (!refused && spec.enforce && state.count + spec.cost > spec.limit) refused = { kind: "window", index };
      return state;
    });
    const leases = request.leases.map((spec, index) => {
      let sum = 0;
      for (const member of this.held(spec.key, now).keys()) sum += Number(member.slice(member.lastIndexOf("|") + 1));
      if (!refused && spec.base + sum + spec.cost > spec.limit) refused = { kind: "lease", index };
      return sum;
    });
    if (refused) return { now, refused, windows, leases };

    request.windows.forEach((spec, i) => {
      const state = windows[i]!;
      state.count += spec.cost;
      if (spec.cost > 0) this.windows.set(spec.key, { ...state, windowMs: spec.windowMs });
    });
    request.leases.forEach((spec, i) => {
      const set = this.held(spec.key, now);
      set.set(leaseMember(request.id, spec.cost), now + request.leaseMs);
      this.leases.set(spec.key, set);
      leases[i] = leases[i]! + spec.cost;
    });
    return { now, windows, leases };
  }

  async adjust(ref: WindowRef, delta: number): Promise<void> {
    const now = this.clock();
    const window = this.window(ref.key, now);
    if (window && window.start === ref.start) {
      window.count = Math.max(0, window.count + delta);
    } else if (delta > 0) {
      if (window) window.count += delta;
      else this.windows.set(ref.key, { start: now, count: delta, windowMs: ref.windowMs });
    }
  }

  async release(id: string, leases: LeaseRef[]): Promise<void> {
    for (const lease of leases) this.leases.get(lease.key)?.delete(leaseMember(id, lease.cost));
  }

  async renew(id: string, leases: LeaseRef[], leaseMs: number): Promise<void> {
    const now = this.clock();
    for (const lease of leases) {
      const set = this.held(lease.key, now);
      const member = leaseMember(id, lease.cost);
      if (set.has(member)) set.set(member, now + leaseMs);
    }
  }
}
