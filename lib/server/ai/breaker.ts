import "server-only";
import { env } from "@/lib/server/env";
import { logger } from "@/lib/server/log";
import { metrics } from "@/lib/server/metrics";

type BreakerState = "closed" | "open" | "half_open";

export interface BreakerSnapshot {
  provider: string;
  model: string;
  state: BreakerState;
  /** Failures in a row (reset by a success). */
  failures: number;
  openedAt?: string;
  /** While open: seconds until a probe is let through. */
  retryAfterSeconds?: number;
  /** Seconds since a call to this model was last retried (within the last minute): a waiting client says "retrying". */
  retriedSecondsAgo?: number;
}

interface BreakerPolicy {
  /** Failures in a row that open the breaker. */
  threshold: number;
  /** How long it stays open before one probe is let through. */
  cooldownMs: number;
}

type Listener = (breaker: { provider: string; model: string; state: BreakerState }) => void;

/**
 * A circuit breaker for one provider and model. Closed: calls go through. After `threshold`
 * failures in a row it opens: calls fail fast (or move on to a fallback) for `cooldownMs`.
 * Then it is half-open: one call is let through as a probe; its success closes the breaker,
 * its failure opens it again for another cooldown.
 */
export class CircuitBreaker {
  state: BreakerState = "closed";
  failures = 0;
  private openedAt = 0;
  private probing = false;
  private lastRetryAt: number | undefined;

  constructor(
    readonly provider: string,
    readonly model: string,
    private readonly policy: BreakerPolicy,
    private readonly onChange: Listener = () => {},
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether a call may go out now; in half-open state only the one probe may. */
  tryAcquire(): boolean {
    if (this.state === "open") {
      if (this.now() - this.openedAt < this.policy.cooldownMs) return false;
      this.transition("half_open");
    }
    if (this.state === "half_open") {
      if (this.probing) return false;
      this.probing = true;
    }
    return true;
  }

  /** Seconds until the breaker lets a call through again (0 when it does now). */
  retryAfterSeconds(): number {
    if (this.state !== "open") return this.state === "half_open" && this.probing ? 1 : 0;
    return Math.max(1, Math.ceil((this.openedAt + this.policy.cooldownMs - this.now()) / 1000));
  }

  success(): void {
    this.failures = 0;
    this.probing = false;
    if (this.state !== "closed") this.transition("closed");
  }

  failure(): void {
    this.failures++;
    const probeFailed = this.state === "half_open";
    this.probing = false;
    if (probeFailed || (this.state === "closed" && this.failures >= this.policy.threshold)) {
      this.openedAt = this.now();
      this.transition("open");
    }
  }

  /** A call to this model failed and is about to be tried again. */
  retrying(): void {
    this.lastRetryAt = this.now();
  }

  /** A call that went out but ended neither way (the client left): frees the probe slot. */
  release(): void {
    this.probing = false;
  }

  snapshot(): BreakerSnapshot {
    // An open breaker whose cooldown has passed is half-open in effect; say so.
    const cooled = this.state === "open" && this.now() - this.openedAt >= this.policy.cooldownMs;
    const retried = this.lastRetryAt === undefined ? undefined : Math.floor((this.now() - this.lastRetryAt) / 1000);
    return {
      provider: this.provider,
      model: this.model,
      state: cooled ? "half_open" : this.state,
      failures: this.failures,
      ...(this.state !== "closed" ? { openedAt: new Date(this.openedAt).toISOString() } : {}),
      ...(this.state === "open" && !cooled ? { retryAfterSeconds: this.retryAfterSeconds() } : {}),
      ...(retried !== undefined && retried < 60 ? { retriedSecondsAgo: retried } : {}),
    };
  }

  private transition(state: BreakerState) {
    this.state = state;
    this.onChange({ provider: this.provider, model: this.model, state });
  }
}

const holder = globalThis as typeof globalThis & { draftwiseBreakers?: Map<string, CircuitBreaker> };
const breakers = (holder.draftwiseBreakers ??= new Map());

/** Every state change is a metrics sample and a log line: operators see a model go bad and recover. */
const report: Listener = (change) => {
  metrics.breakerState(change);
  logger[change.state === "open" ? "warn" : "info"](change, "circuit breaker");
};

/** The breaker of one provider and model, made on first use (per process: each instance judges its own calls). */
export function breakerFor(provider: string, model: string): CircuitBreaker {
  const key = `${provider}\u0000${model}`;
  let breaker = breakers.get(key);
  if (!breaker) {
    breaker = new CircuitBreaker(
      provider,
      model,
      { threshold: env.BREAKER_FAILURE_THRESHOLD, cooldownMs: env.BREAKER_COOLDOWN_MS },
      report,
    );
    breakers.set(key, breaker);
    metrics.breakerState({ provider, model, state: "closed" });
  }
  return breaker;
}

export function breakerSnapshot(): BreakerSnapshot[] {
  return [...breakers.values()].map((b) => b.snapshot());
}
