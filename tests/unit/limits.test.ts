import { describe, expect, it } from "vitest";
import { withBodySettled } from "@/lib/server/limits/body";
import { limitHeaders, resetDuration, type LimitReport } from "@/lib/server/limits/headers";

const reports: LimitReport[] = [
  { scope: "key", name: "rpm", limit: 2, remaining: 1, windowSeconds: 60, resetMs: 41_200 },
  { scope: "key", name: "tpm", limit: 1_000, remaining: 400, windowSeconds: 60, resetMs: 59_001 },
  { scope: "user", name: "rpm", limit: 60, remaining: 58, windowSeconds: 60, resetMs: 41_200 },
  { scope: "user", name: "tpm", limit: 200_000, remaining: 199_400, windowSeconds: 60, resetMs: 59_001 },
  { scope: "user", name: "concurrent", limit: 4, remaining: 3 },
];

describe("limit headers", () => {
  it("lists every policy and its state in the IETF draft's structured-field syntax", () => {
    const headers = limitHeaders(reports);
    expect(headers["RateLimit-Policy"]).toBe(
      '"key-rpm";q=2;w=60, "key-tpm";q=1000;qu="tokens";w=60, "user-rpm";q=60;w=60, "user-tpm";q=200000;qu="tokens";w=60, "user-concurrent";q=4;qu="concurrent-requests"',
    );
    expect(headers.RateLimit).toBe('"key-rpm";r=1;t=42, "key-tpm";r=400;t=60, "user-rpm";r=58;t=42, "user-tpm";r=199400;t=60, "user-concurrent";r=3');
  });

  it("gives OpenAI's x-ratelimit headers for the scope that binds first", () => {
    const headers = limitHeaders(reports);
    expect(headers["x-ratelimit-limit-requests"]).toBe("2");
    expect(headers["x-ratelimit-remaining-requests"]).toBe("1");
    expect(headers["x-ratelimit-reset-requests"]).toBe("42s");
    expect(headers["x-ratelimit-limit-tokens"]).toBe("1000");
    expect(headers["x-ratelimit-remaining-tokens"]).toBe("400");
    expect(headers["x-ratelimit-reset-tokens"]).toBe("1m0s");
  });

  it("adds the budgets as policies and as x-budget-remaining-tokens headers, never below zero", () => {
    const headers = limitHeaders(reports.slice(0, 1), [
      { period: "daily", limit: 5_000, remaining: 1_200, resetMs: 3_600_000 },
      { period: "monthly", limit: 100_000, remaining: -20, resetMs: 86_400_000 },
    ]);
    expect(headers["x-budget-remaining-tokens-daily"]).toBe("1200");
    expect(headers["x-budget-remaining-tokens-monthly"]).toBe("0");
    expect(headers["RateLimit-Policy"]).toContain('"key-daily-tokens";q=5000;qu="tokens";w=86400');
    expect(headers["RateLimit-Policy"]).toContain('"key-monthly-tokens";q=100000;qu="tokens"');
    expect(headers.RateLimit).toContain('"key-daily-tokens";r=1200;t=3600');
    expect(headers.RateLimit).toContain('"key-monthly-tokens";r=0;t=86400');
  });

  it("writes reset durations the way OpenAI does", () => {
    expect(resetDuration(250)).toBe("250ms");
    expect(resetDuration(12_000)).toBe("12s");
    expect(resetDuration(12_001)).toBe("13s");
    expect(resetDuration(360_000)).toBe("6m0s");
    expect(resetDuration(3_600_000)).toBe("1h0m0s");
  });
});

function source(chunks: string[], { fail = false } = {}) {
  const encoder = new TextEncoder();
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i < chunks.length) controller.enqueue(encoder.encode(chunks[i++]!));
      else if (fail) controller.error(new Error("upstream broke"));
      else controller.close();
    },
  });
}

describe("withBodySettled", () => {
  it("passes the body and status through with the headers added, and settles once at the end", async () => {
    let settled = 0;
    const original = new Response(source(["a", "b"]), { status: 201, headers: { "Content-Type": "text/plain", "X-Keep": "1" } });
    const response = withBodySettled(original, { "x-ratelimit-limit-requests": "5" }, () => settled++);
    expect(response.status).toBe(201);
    expect(response.headers.get("x-keep")).toBe("1");
    expect(response.headers.get("x-ratelimit-limit-requests")).toBe("5");
    expect(settled).toBe(0);
    expect(await response.text()).toBe("ab");
    expect(settled).toBe(1);
  });

  it("settles when the body fails", async () => {
    let settled = 0;
    const response = withBodySettled(new Response(source(["a"], { fail: true })), {}, () => settled++);
    await expect(response.text()).rejects.toThrow("upstream broke");
    expect(settled).toBe(1);
  });

  it("settles when the client cancels, and cancels the source", async () => {
    let settled = 0;
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new Uint8Array([1]));
      },
      cancel() {
        cancelled = true;
      },
    });
    const response = withBodySettled(new Response(body), {}, () => settled++);
    const reader = response.body!.getReader();
    await reader.read();
    await reader.cancel();
    expect(settled).toBe(1);
    expect(cancelled).toBe(true);
  });

  it("settles at once for a response without a body", () => {
    let settled = 0;
    const response = withBodySettled(new Response(null, { status: 204 }), { a: "1" }, () => settled++);
    expect(settled).toBe(1);
    expect(response.headers.get("a")).toBe("1");
  });
});
