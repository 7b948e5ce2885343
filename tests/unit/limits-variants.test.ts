import { describe, expect, it } from "vitest";
import type { CallOutcome } from "@/lib/server/ai/client";
import { withLimits } from "@/lib/server/limits";
import type { Caller } from "@/lib/server/usage";

const callerOf = (id: string) => ({ user: { id, isGuest: false }, route: "/t/unit" }) as unknown as Caller;
const remaining = (res: Response, name: "requests" | "tokens") => Number(res.headers.get(`x-ratelimit-remaining-${name}`));
const settled = (tokens: number) => ({ inputTokens: tokens, outputTokens: 0 }) as CallOutcome;

describe("limits for a request of several model calls (variants)", () => {
  it("charges each call as a request and an estimate", async () => {
    const caller = callerOf(crypto.randomUUID());
    const one = await withLimits(caller, { estimatedTokens: 100, model: true }, async () => new Response("one"));
    await one.text();
    const four = await withLimits(caller, { estimatedTokens: 100, model: true, calls: 4 }, async () => new Response("four"));
    await four.text();
    expect(remaining(one, "requests") - remaining(four, "requests")).toBe(4);
    expect(remaining(one, "tokens") - remaining(four, "tokens")).toBe(400);
  });

  it("replaces each call's estimate by its usage as it settles, so only the real tokens stay counted", async () => {
    const caller = callerOf(crypto.randomUUID());
    const first = await withLimits(caller, { estimatedTokens: 100, model: true, calls: 3 }, async (metered) => {
      for (const tokens of [10, 20, 30]) metered.onUsage?.(settled(tokens));
      return new Response("three");
    });
    await first.text();
    const before = remaining(first, "tokens") + 300;
    const next = await withLimits(caller, { estimatedTokens: 100, model: true }, async () => new Response("next"));
    await next.text();
    // The three calls used 60 tokens; the next request's estimate is 100.
    expect(before - remaining(next, "tokens")).toBe(160);
  });

  it("gives back every call's estimate when the request fails before any call", async () => {
    const caller = callerOf(crypto.randomUUID());
    const failed = withLimits(caller, { estimatedTokens: 100, model: true, calls: 4 }, async () => {
      throw new Error("no model");
    });
    await expect(failed).rejects.toThrow("no model");
    const next = await withLimits(caller, { estimatedTokens: 100, model: true }, async () => new Response("next"));
    await next.text();
    expect(remaining(next, "requests")).toBe(60 - 5);
    await expect.poll(async () => {
      const probe = await withLimits(caller, { estimatedTokens: 0, model: true }, async () => new Response(""));
      await probe.text();
      return remaining(probe, "tokens");
    }).toBe(200_000 - 100);
  });
});
