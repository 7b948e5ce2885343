import { describe, expect, it } from "vitest";
import type { ModelInfo } from "@/lib/ai/models";
import { pricesOf, variantCostText } from "@/lib/client/editor/variant-cost";
import { parseVariantOptions, variantRequest } from "@/lib/client/editor/variant-options";

const models: ModelInfo[] = [
  { id: "gpt-4o-mini", label: "GPT-4o mini", provider: "openai", contextWindow: 128_000, maxOutputTokens: 16_384, default: true, price: { input: 0.15, output: 0.6 } },
  { id: "gpt-4o", label: "GPT-4o", provider: "openai", contextWindow: 128_000, maxOutputTokens: 16_384 },
];

describe("variant options", () => {
  it("reads what the browser remembered, clamping what it can't use", () => {
    expect(parseVariantOptions({ count: 9, compare: true, models: ["gpt-4o", 3], temperatures: [0.7, 5, null] })).toEqual({
      count: 4,
      compare: true,
      models: ["gpt-4o", ""],
      temperatures: [0.7, null, null],
    });
    expect(parseVariantOptions("junk")).toBeUndefined();
  });

  it("asks for nothing extra with one variant, and for n alone without comparing", () => {
    expect(variantRequest({ count: 1, compare: true, models: ["gpt-4o"], temperatures: [] }, models, "gpt-4o-mini")).toBeUndefined();
    expect(variantRequest({ count: 3, compare: false, models: ["gpt-4o"], temperatures: [1] }, models, "gpt-4o-mini")).toEqual({ count: 3 });
  });

  it("compares models (the studio's model where none is chosen) and temperatures (1 where left at the default)", () => {
    expect(variantRequest({ count: 3, compare: true, models: ["", "gpt-4o", "gone"], temperatures: [null, 0.4] }, models, "gpt-4o-mini")).toEqual({
      count: 3,
      models: ["gpt-4o-mini", "gpt-4o", "gpt-4o-mini"],
      temperatures: [1, 0.4, 1],
    });
    expect(variantRequest({ count: 2, compare: true, models: [], temperatures: [] }, models, "gpt-4o-mini")).toEqual({ count: 2 });
  });

  it("shows the cost in tokens, and in money when every chosen model has a price", () => {
    const prices = pricesOf(models);
    expect(prices).toEqual({ "gpt-4o-mini": { input: 0.15, output: 0.6 } });
    expect(variantCostText(4_000, { count: 2 }, "gpt-4o-mini", prices)).toBe("≈ 4K tokens for 2 variants · about $0.0015");
    expect(variantCostText(4_000, { count: 2, models: ["gpt-4o-mini", "gpt-4o"] }, "gpt-4o-mini", prices)).toBe("≈ 4K tokens for 2 variants");
  });
});
