import { describe, expect, it, vi } from "vitest";
import { CircuitBreaker } from "@/lib/server/ai/breaker";
import { isRetryableError, retryDelayMs } from "@/lib/server/ai/retry";
import { apiError } from "./resilience-fixtures";

function clocked(threshold = 3, cooldownMs = 10_000) {
  const clock = { t: 1_000_000 };
  const changes = vi.fn();
  const breaker = new CircuitBreaker("p", "m", { threshold, cooldownMs }, changes, () => clock.t);
  return { breaker, clock, changes, states: () => changes.mock.calls.map(([c]) => c.state) };
}

describe("CircuitBreaker", () => {
  it("stays closed below the threshold and opens on the threshold-th failure in a row", () => {
    const { breaker, states } = clocked(3);
    for (let i = 0; i < 2; i++) {
      expect(breaker.tryAcquire()).toBe(true);
      breaker.failure();
    }
    expect(breaker.state).toBe("closed");
    expect(breaker.tryAcquire()).toBe(true);
    breaker.failure();
    expect(breaker.state).toBe("open");
    expect(states()).toEqual(["open"]);
  });

  it("a success resets the failures in a row", () => {
    const { breaker } = clocked(3);
    breaker.failure();
    breaker.failure();
    breaker.success();
    breaker.failure();
    breaker.failure();
    expect(breaker.state).toBe("closed");
    expect(breaker.failures).toBe(2);
  });

  it("fails fast while open and says how long to wait", () => {
    const { breaker, clock } = clocked(1, 10_000);
    breaker.failure();
    expect(breaker.tryAcquire()).toBe(false);
    expect(breaker.retryAfterSeconds()).toBe(10);
    clock.t += 2_500;
    expect(breaker.tryAcquire()).toBe(false);
    expect(breaker.retryAfterSeconds()).toBe(8); // 7.5 s, rounded up
    clock.t += 7_499;
    expect(breaker.tryAcquire()).toBe(false);
    expect(breaker.retryAfterSeconds()).toBe(1);
    expect(breaker.snapshot()).toMatchObject({ state: "open", failures: 1, retryAfterSeconds: 1, openedAt: expect.any(String) });
  });

  it("half-opens after the cooldown and lets exactly one probe through", () => {
    const { breaker, clock, states } = clocked(1, 10_000);
    breaker.failure();
    clock.t += 10_000;
    expect(breaker.snapshot().state).toBe("half_open"); // cooled: half-open in effect
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.state).toBe("half_open");
    expect(breaker.tryAcquire()).toBe(false);
    expect(breaker.tryAcquire()).toBe(false);
    expect(breaker.retryAfterSeconds()).toBe(1);
    expect(states()).toEqual(["open", "half_open"]);
  });

  it("closes on the probe's success", () => {
    const { breaker, clock, states } = clocked(2, 1_000);
    breaker.failure();
    breaker.failure();
    clock.t += 1_000;
    expect(breaker.tryAcquire()).toBe(true);
    breaker.success();
    expect(breaker.state).toBe("closed");
    expect(breaker.failures).toBe(0);
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.snapshot()).toEqual({ provider: "p", model: "m", state: "closed", failures: 0 });
    expect(states()).toEqual(["open", "half_open", "closed"]);
  });

  it("re-opens on the probe's failure, for a whole new cooldown", () => {
    const { breaker, clock, states } = clocked(2, 1_000);
    breaker.failure();
    breaker.failure();
    clock.t += 5_000; // long after the cooldown
    expect(breaker.tryAcquire()).toBe(true);
    breaker.failure();
    expect(breaker.state).toBe("open");
    expect(breaker.tryAcquire()).toBe(false);
    expect(breaker.retryAfterSeconds()).toBe(1);
    clock.t += 999;
    expect(breaker.tryAcquire()).toBe(false);
    clock.t += 1;
    expect(breaker.tryAcquire()).toBe(true);
    expect(states()).toEqual(["open", "half_open", "open", "half_open"]);
  });

  it("release() frees the probe slot without closing or opening", () => {
    const { breaker, clock } = clocked(1, 1_000);
    breaker.failure();
    clock.t += 1_000;
    expect(breaker.tryAcquire()).toBe(true);
    breaker.release();
    expect(breaker.state).toBe("half_open");
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
  });
});

describe("retry delays: exponential backoff with full jitter", () => {
  const policy = { maxRetries: 5, baseDelayMs: 100, maxDelayMs: 1_000 };
  const failure = apiError(503);

  it("is random() × min(max, base × 2^attempt)", () => {
    expect(retryDelayMs(0, failure, policy, () => 0)).toBe(0);
    expect(retryDelayMs(0, failure, policy, () => 0.5)).toBe(50);
    expect(retryDelayMs(1, failure, policy, () => 0.5)).toBe(100);
    expect(retryDelayMs(2, failure, policy, () => 0.5)).toBe(200);
    expect(retryDelayMs(3, failure, policy, () => 0.999)).toBeCloseTo(799.2);
    expect(retryDelayMs(4, failure, policy, () => 0.999)).toBeCloseTo(999); // capped at maxDelayMs
    expect(retryDelayMs(20, failure, policy, () => 0.999)).toBeCloseTo(999);
  });

  it("stays within [0, cap) for Math.random, and spreads out (not a fixed delay)", () => {
    for (let attempt = 0; attempt < 8; attempt++) {
      const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
      const delays = Array.from({ length: 200 }, () => retryDelayMs(attempt, failure, policy)!);
      for (const d of delays) {
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThan(cap);
      }
      expect(new Set(delays).size).toBeGreaterThan(100);
      expect(Math.min(...delays)).toBeLessThan(cap / 4);
      expect(Math.max(...delays)).toBeGreaterThan((cap * 3) / 4);
    }
  });

  it("waits at least what Retry-After / retry-after-ms asks, up to the cap", () => {
    expect(retryDelayMs(0, apiError(503, { "retry-after": "0.5" }), policy, () => 0)).toBe(500);
    expect(retryDelayMs(0, apiError(429, { "Retry-After-Ms": "250" }), policy, () => 0)).toBe(250);
    // The backoff wins when it is longer.
    expect(retryDelayMs(3, apiError(503, { "retry-after-ms": "10" }), policy, () => 0.5)).toBe(400);
    expect(retryDelayMs(0, apiError(503, { "retry-after": "1" }), policy, () => 0)).toBe(1_000);
  });

  it("gives up (undefined) when the provider asks for longer than the cap", () => {
    expect(retryDelayMs(0, apiError(503, { "retry-after": "2" }), policy, () => 0)).toBeUndefined();
    expect(retryDelayMs(0, apiError(429, { "retry-after-ms": "1001" }), policy, () => 0)).toBeUndefined();
  });

  it("classifies what is worth another try", () => {
    for (const status of [408, 409, 429, 500, 502, 503, 504]) expect(isRetryableError(apiError(status))).toBe(true);
    for (const status of [400, 401, 403, 404, 413, 422]) expect(isRetryableError(apiError(status))).toBe(false);
    expect(isRetryableError(apiError(undefined))).toBe(true);
    expect(isRetryableError(new TypeError("fetch failed"))).toBe(true);
    expect(isRetryableError(new Error("x", { cause: new Error("read ECONNRESET") }))).toBe(true);
    expect(isRetryableError(new DOMException("aborted", "AbortError"))).toBe(false);
  });
});
