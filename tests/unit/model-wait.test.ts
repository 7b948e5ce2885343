import { describe, expect, it } from "vitest";
import { toApiError } from "@/lib/client/api/error";
import { formatSeconds, waitNote, type BreakerJson } from "@/lib/client/model-wait";

const breaker = (extra: Partial<BreakerJson>): BreakerJson => ({ model: "m", state: "closed", failures: 0, ...extra });

describe("what a wait on the model says", () => {
  it("says the model is paused, and until when, while its breaker is open", () => {
    expect(waitNote(breaker({ state: "open", failures: 3, retryAfterSeconds: 12 }), 4)).toBe(
      "The model provider keeps failing, so calls to it are paused; trying again in 12 s.",
    );
  });

  it("says it is retrying when a call was retried during this wait, not before it", () => {
    expect(waitNote(breaker({ retriedSecondsAgo: 2 }), 5)).toBe("The model provider returned an error; retrying…");
    expect(waitNote(breaker({ retriedSecondsAgo: 20 }), 5)).toBeNull();
  });

  it("says the model is slow after ten silent seconds, and nothing before", () => {
    expect(waitNote(undefined, 4)).toBeNull();
    expect(waitNote(undefined, 10)).toMatch(/slow to answer/);
  });

  it("formats elapsed time", () => {
    expect(formatSeconds(42)).toBe("42 s");
    expect(formatSeconds(125)).toBe("2 min 5 s");
  });
});

describe("an error's time to retry", () => {
  it("is fixed when the error arrives, so a countdown shown again later stays right", () => {
    const body = JSON.stringify({ error: { code: "model_unavailable", message: "Paused.", retry_after: 3 } });
    const before = Date.now();
    const error = toApiError(new Error(body));
    expect(error.retryAfter).toBe(3);
    expect(error.retryAt).toBeGreaterThanOrEqual(before + 3_000);
    expect(error.retryAt).toBeLessThanOrEqual(Date.now() + 3_000);
    expect(toApiError(new Error(JSON.stringify({ error: { code: "bad_request", message: "No." } }))).retryAt).toBeUndefined();
  });
});
