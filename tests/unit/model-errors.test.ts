import { APICallError } from "ai";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { ModelTimeout, toModelAppError } from "@/lib/server/ai/errors";
import { isRetryableError, retryAfterMs, retryDelayMs } from "@/lib/server/ai/retry";

const apiError = (statusCode: number | undefined, headers: Record<string, string> = {}) =>
  new APICallError({
    message: "upstream said no at https://api.example.com/v1 with key sk-secret",
    url: "https://api.example.com/v1/chat/completions",
    requestBodyValues: {},
    statusCode,
    responseHeaders: headers,
  });

describe("upstream error mapping", () => {
  it.each([
    [500, 502, "upstream_error"],
    [502, 502, "upstream_error"],
    [503, 503, "upstream_unavailable"],
    [429, 503, "upstream_rate_limited"],
    [401, 502, "upstream_error"],
    [404, 502, "upstream_error"],
    [400, 502, "upstream_error"],
    [504, 504, "upstream_timeout"],
    [undefined, 503, "upstream_unavailable"],
  ])("maps upstream %s to %s %s with a safe message", (upstream, status, code) => {
    const error = toModelAppError(apiError(upstream));
    expect(error.status).toBe(status);
    expect(error.code).toBe(code);
    expect(error.message).not.toMatch(/example\.com|sk-secret/);
  });

  it("carries the provider's Retry-After on a 429", () => {
    expect(toModelAppError(apiError(429, { "retry-after": "7" })).retryAfter).toBe(7);
  });

  it("maps our own deadlines to 504", () => {
    expect(toModelAppError(new Error("aborted"), new ModelTimeout("first-token")).code).toBe("upstream_timeout");
  });

  it("keeps an AppError as it is", () => {
    const original = new AppError("model_not_configured");
    expect(toModelAppError(original)).toBe(original);
  });

  it("hides unknown errors behind a generic 500", () => {
    const error = toModelAppError(new RangeError("secret internals"));
    expect(error.status).toBe(500);
    expect(error.message).not.toContain("secret");
  });

  it("serialises as { error: { code, message, param } }", () => {
    const error = new AppError("invalid_request", "temperature: too big", { param: "temperature" });
    expect(error.toJSON()).toEqual({ error: { code: "invalid_request", message: "temperature: too big", param: "temperature" } });
  });
});

describe("retry policy", () => {
  const policy = { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 1_000 };

  it("retries connection failures, 408, 409, 429 and 5xx only", () => {
    for (const status of [408, 409, 429, 500, 503, undefined]) expect(isRetryableError(apiError(status))).toBe(true);
    for (const status of [400, 401, 403, 404, 422]) expect(isRetryableError(apiError(status))).toBe(false);
    expect(isRetryableError(new TypeError("fetch failed"))).toBe(true);
    expect(isRetryableError(Object.assign(new Error("x"), { name: "AbortError" }))).toBe(false);
  });

  it("backs off exponentially with full jitter, capped", () => {
    expect(retryDelayMs(0, apiError(500), policy, () => 1)).toBe(100);
    expect(retryDelayMs(2, apiError(500), policy, () => 1)).toBe(400);
    expect(retryDelayMs(10, apiError(500), policy, () => 1)).toBe(1_000);
    expect(retryDelayMs(2, apiError(500), policy, () => 0.5)).toBe(200);
  });

  it("honours Retry-After and retry-after-ms", () => {
    expect(retryAfterMs(apiError(429, { "retry-after": "2" }))).toBe(2_000);
    expect(retryAfterMs(apiError(429, { "retry-after-ms": "150" }))).toBe(150);
    const date = new Date(Date.now() + 3_000).toUTCString();
    expect(retryAfterMs(apiError(429, { "Retry-After": date }))).toBeGreaterThan(1_000);
    expect(retryDelayMs(0, apiError(429, { "retry-after": "0.5" }), policy, () => 0)).toBe(500);
  });

  it("gives up when the provider asks for a longer wait than allowed", () => {
    expect(retryDelayMs(0, apiError(429, { "retry-after": "30" }), policy)).toBeUndefined();
  });
});
