import "server-only";

/**
 * Counts events per key in a sliding window, in process memory (a Redis store comes with
 * the developer API's rate limits). Used for failed sign-ins and guest creation.
 */
export class AttemptLimiter {
  private readonly events = new Map<string, number[]>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  private recent(key: string, now: number): number[] {
    const kept = (this.events.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (kept.length) this.events.set(key, kept);
    else this.events.delete(key);
    return kept;
  }

  /** Seconds until another attempt is allowed; 0 when allowed now. */
  retryAfter(key: string, now = Date.now()): number {
    const recent = this.recent(key, now);
    if (recent.length < this.max) return 0;
    return Math.max(1, Math.ceil((recent[recent.length - this.max]! + this.windowMs - now) / 1000));
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
