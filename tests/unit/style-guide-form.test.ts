import { describe, expect, it } from "vitest";
import { limits } from "@/lib/contracts/limits";
import { draftOf, parseDraft, sameGuide } from "@/lib/client/style-guide-form";

const empty = draftOf(null);

describe("the style guide form", () => {
  it("turns one term per line into lists, leaving blank lines and empty fields out", () => {
    const parsed = parseDraft({ ...empty, voice: " warm ", terms_to_avoid: "utilize → use\n\n  synergy \n", reading_level: "simple" });
    expect(parsed).toEqual({ ok: true, guide: { voice: "warm", reading_level: "simple", terms_to_avoid: ["utilize → use", "synergy"] } });
  });

  it("reads an empty form as no guide ({})", () => {
    expect(parseDraft(empty)).toEqual({ ok: true, guide: {} });
  });

  it("round-trips a guide through the form", () => {
    const guide = { voice: "dry", audience: "engineers", reading_level: "expert" as const, terms_to_use: ["API"], terms_to_avoid: ["leverage"], example: "Short.\nPlain." };
    expect(parseDraft(draftOf(guide))).toEqual({ ok: true, guide });
    expect(sameGuide(guide, parseDraft(draftOf(guide)).ok ? guide : null)).toBe(true);
  });

  it("names the field and the line the schema refuses, in the form's words", () => {
    const parsed = parseDraft({
      ...empty,
      voice: "x".repeat(limits.styleVoiceChars + 1),
      terms_to_avoid: `fine\n${"y".repeat(limits.styleTermChars + 1)}`,
      terms_to_use: Array.from({ length: limits.styleTerms + 1 }, (_, i) => `t${i}`).join("\n"),
      example: "nul\u0000",
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.voice).toBe(`At most ${limits.styleVoiceChars} characters.`);
    expect(parsed.errors.terms_to_avoid).toBe(`Line 2: at most ${limits.styleTermChars} characters.`);
    expect(parsed.errors.terms_to_use).toBe(`At most ${limits.styleTerms} terms, one per line.`);
    expect(parsed.errors.example).toMatch(/NUL/);
    expect(parsed.errors.audience).toBeUndefined();
  });

  it("treats no guide and an empty guide as the same", () => {
    expect(sameGuide(null, {})).toBe(true);
    expect(sameGuide({ voice: "a" }, { voice: "b" })).toBe(false);
  });
});
