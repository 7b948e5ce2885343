import { describe, expect, it } from "vitest";
import { editRequestSchema, studioEditRequestSchema } from "@/lib/contracts/edits";
import { v1WriteRequestSchema } from "@/lib/contracts/v1";
import { variantCount, variantSpecs, wantsVariants } from "@/lib/contracts/variants";

const write = (extra: Record<string, unknown>) => v1WriteRequestSchema.safeParse({ prompt: "Autumn", ...extra });
const issuePaths = (result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[] }> } }) =>
  result.error?.issues.map((i) => i.path.join(".")) ?? [];

describe("variant fields", () => {
  it("count n variants, else as many as models or temperatures list, else one", () => {
    expect(variantCount({})).toBe(1);
    expect(variantCount({ n: 3 })).toBe(3);
    expect(variantCount({ models: ["a", "b"] })).toBe(2);
    expect(variantCount({ models: ["a"], temperatures: [0, 0.5, 1] })).toBe(3);
    expect(variantCount({ n: 4, models: ["a", "b"] })).toBe(4);
  });

  it("give variant i models[i] and temperatures[i], the request's own past their end", () => {
    expect(variantSpecs({ n: 3, models: ["a", "b"], model: "m", temperatures: [0.1], temperature: 1 })).toEqual([
      { variant: 0, model: "a", temperature: 0.1 },
      { variant: 1, model: "b", temperature: 1 },
      { variant: 2, model: "m", temperature: 1 },
    ]);
  });

  it("mark a request as asking for variants only when one of the fields is there", () => {
    expect(wantsVariants({})).toBe(false);
    expect(wantsVariants({ n: 1 })).toBe(true);
    expect(wantsVariants({ temperatures: [0.3] })).toBe(true);
  });

  it("accept n from 1 to 4 on write, edits and the studio's edits", () => {
    expect(write({ n: 4, models: ["a", "b"], temperatures: [0, 2] }).success).toBe(true);
    expect(editRequestSchema.safeParse({ text: "x", action: "fix", n: 2 }).success).toBe(true);
    expect(studioEditRequestSchema.safeParse({ text: "x", action: "fix", models: ["a", "b"] }).success).toBe(true);
  });

  it("refuse n outside 1–4, naming n", () => {
    expect(issuePaths(write({ n: 0 }))).toEqual(["n"]);
    expect(issuePaths(write({ n: 5 }))).toEqual(["n"]);
    expect(issuePaths(write({ n: 1.5 }))).toEqual(["n"]);
  });

  it("refuse arrays longer than n or than four, naming the array", () => {
    expect(issuePaths(write({ n: 2, models: ["a", "b", "c"] }))).toEqual(["models"]);
    expect(issuePaths(write({ n: 1, temperatures: [0.1, 0.2] }))).toEqual(["temperatures"]);
    expect(issuePaths(write({ models: ["a", "b", "c", "d", "e"] }))).toEqual(["models"]);
    expect(issuePaths(write({ models: [] }))).toEqual(["models"]);
    expect(issuePaths(write({ temperatures: [3] }))).toEqual(["temperatures.0"]);
    expect(issuePaths(studioEditRequestSchema.safeParse({ text: "x", action: "fix", n: 2, models: ["a", "b", "c"] }))).toEqual(["models"]);
  });
});
