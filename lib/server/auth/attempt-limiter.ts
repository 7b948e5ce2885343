import "server-only";

/**
 * Counts events per key in a sliding window, in process memory. Used for failed sign-ins,
 * which must be forgotten on success (the shared limit store has no reset).
 */
export class AttemptLimiter {
  private readonly events = new Map<string, number[]>();

  constructor(private readonly windowMs: number) {}

  private recent(key: string, now: number): number[] {
    const kept = (this.events.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (kept.length) this.events.set(key, kept);
    else this.events.delete(key);
    return kept;
  }

  /** Seconds until another attempt is allowed once `max` events are in the window; 0 when allowed now. */
  retryAfter(key: string, max: number, now = Date.now()): number {
    const recent = this.recent(key, now);
    if (recent.length < max) return 0;
    return Math.max(1, Math.ceil((recent[recent.length - max]! + this.windowMs - now) / 1000));
  }

  /**
   * Seconds to wait after the last event once `free` events are in the window: `firstMs`, then
   * doubling with each further event, never past the window. A growing delay, not a lock: whoever
   * stops failing gets in after a short wait, while guessing slows to a crawl.
   */
  delay(key: string, free: number, firstMs: number, now = Date.now()): number {
    const recent = this.recent(key, now);
    if (recent.length < free) return 0;
    const wait = Math.min(this.windowMs, firstMs * 2 ** (recent.length - free));
    return Math.max(0, Math.ceil((recent[recent.length - 1]! + wait - now) / 1000));
  }

  record(key: string, now = Date.now()): void {
    this.events.set(key, [...this.recent(key, now), now]);
    if (this.events.size > 100_000) this.prune(now);
  }

  reset(key: string): void {
    this.events.delete(key);
  }

  private prune(now: number) {
    for (const key of this.events.keys()) this.recent(key, now);
  }
}
