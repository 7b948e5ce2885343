import { describe, expect, it } from "vitest";
import { estimateVariantsCost, parseModelPrices } from "@/lib/ai/prices";

describe("model prices", () => {
  it("parse id=input/output per million tokens, and name the entries that don't parse", () => {
    expect(parseModelPrices(" gpt-4o-mini=0.15/0.60 , gpt-4o = 2.5 / 10,,")).toEqual({
      prices: { "gpt-4o-mini": { input: 0.15, output: 0.6 }, "gpt-4o": { input: 2.5, output: 10 } },
      invalid: [],
    });
    expect(parseModelPrices("a=1,b=x/2,c=1/2").invalid).toEqual(["a=1", "b=x/2"]);
    expect(parseModelPrices("").prices).toEqual({});
  });
});

describe("estimating the cost of variants", () => {
  const prices = { cheap: { input: 1, output: 2 }, dear: { input: 10, output: 30 } };

  it("counts the input and the output once per variant, about four characters a token", () => {
    expect(estimateVariantsCost({ inputChars: 4_000, n: 3, model: "cheap", prices: {} })).toEqual({
      inputTokens: 3_000,
      outputTokens: 3_000,
      totalTokens: 6_000,
      usd: null,
    });
    expect(estimateVariantsCost({ inputTokens: 100, outputTokens: 50, n: 2, model: "x", prices: {} }).totalTokens).toBe(300);
  });

  it("prices each variant by its model, past the list's end by the request's own model (as the API runs them)", () => {
    const cost = estimateVariantsCost({ inputTokens: 1_000_000, outputTokens: 1_000_000, n: 3, model: "cheap", models: ["cheap", "dear"], prices });
    expect(cost.usd).toBeCloseTo(3 + 40 + 3);
    expect(estimateVariantsCost({ inputTokens: 1_000_000, outputTokens: 1_000_000, n: 2, model: "dear", prices }).usd).toBeCloseTo(80);
  });

  it("gives no money figure unless every chosen model has a price", () => {
    expect(estimateVariantsCost({ inputTokens: 10, n: 2, models: ["cheap", "unpriced"], prices }).usd).toBeNull();
    expect(estimateVariantsCost({ inputTokens: 10, n: 2, prices }).usd).toBeNull();
    expect(estimateVariantsCost({ inputTokens: 10, n: 1, model: "cheap", prices }).usd).toBeCloseTo(0.00003);
  });
});
