import { describe, expect, it } from "vitest";
import { cycleSpot, findSpots, mixVariants, spotNear, variantLetter } from "@/lib/editor/variants/spots";

const everyVariantReproduces = (original: string, variants: string[]) => {
  const spots = findSpots(original, variants);
  variants.forEach((variant, index) => expect(mixVariants(original, spots, spots.map(() => index))).toBe(variant));
  return spots;
};

describe("variant spots", () => {
  it("aligns the variants' changes to the same stretch of the original as one spot", () => {
    const original = "The quick brown fox jumps over the lazy dog.";
    const variants = ["The fast brown fox jumps over the lazy dog.", "A quick brown fox leaps over the lazy dog.", "The swift brown fox jumps over the sleepy dog."];
    const spots = everyVariantReproduces(original, variants);
    expect(spots.map((spot) => original.slice(spot.start, spot.end))).toEqual(["The", "quick", "jumps", "lazy"]);
    expect(spots[1]!.texts).toEqual(["fast", "quick", "swift"]);
    // Where a variant leaves the spot, its alternative is the original's text.
    expect(spots[2]!.alternatives).toEqual([
      { text: "jumps", variants: [0, 2], original: true },
      { text: "leaps", variants: [1], original: false },
    ]);
  });

  it("takes one variant's opening and another's ending", () => {
    const original = "Cats sleep a lot. They wake at night.";
    const variants = ["Cats nap all day. They wake at night.", "Cats sleep a lot. They roam at dusk."];
    const spots = everyVariantReproduces(original, variants);
    expect(spots).toHaveLength(3);
    expect(mixVariants(original, spots, [0, 1, 1])).toBe("Cats nap all day. They roam at dusk.");
    expect(mixVariants(original, spots, [1, 0, 0])).toBe(original);
  });

  it("joins overlapping hunks of different variants into one spot, holding several hunks of one", () => {
    const original = "one two three four five six";
    // A changes "two" and "four"; B changes "two three four five", overlapping both of A's.
    const variants = ["one 2 three 4 five six", "one 2 3 4 5 six"];
    const spots = everyVariantReproduces(original, variants);
    expect(spots).toHaveLength(1);
    expect(original.slice(spots[0]!.start, spots[0]!.end)).toBe("two three four five");
    expect(spots[0]!.texts).toEqual(["2 three 4 five", "2 3 4 5"]);
  });

  it("keeps emoji, accents and CJK whole, with insertions at the end", () => {
    const original = "Café ☕ 👩🏽‍💻 naïve 日本語";
    const variants = ["Café ☕ 👩🏽‍💻 naïve 日本語 🎉", "Café 🍵 👩🏽‍💻 naïve 日本語!", "Cafés ☕ 👨‍👩‍👧 naïve 日本"];
    const spots = everyVariantReproduces(original, variants);
    for (const spot of spots) {
      // Never half a surrogate pair or a ZWJ sequence at a spot's edge.
      expect(original.slice(spot.start, spot.end).isWellFormed()).toBe(true);
      for (const text of spot.texts) expect(text.isWellFormed()).toBe(true);
    }
    const last = spots.at(-1)!;
    expect(last.end).toBe(original.length);
    expect(mixVariants(original, spots, spots.map((_, i) => (i === spots.length - 1 ? 0 : 1)))).toBe("Café 🍵 👩🏽‍💻 naïve 日本語 🎉");
  });

  it("gives no spot where every variant agrees with the original, and one alternative where they agree with each other", () => {
    const original = "Keep this.\n\nChange that.";
    expect(findSpots(original, [original, original])).toEqual([]);
    const spots = everyVariantReproduces(original, ["Keep this.\n\nChange it.", "Keep this.\n\nChange it."]);
    expect(spots).toHaveLength(1);
    expect(spots[0]!.alternatives).toEqual([{ text: "it", variants: [0, 1], original: false }]);
  });

  it("reproduces each of four wholly different variants, and the original when it is empty", () => {
    const variants = ["First take.", "A second, longer take on it.", "", "Fourth\n\n- a list\n- of items"];
    everyVariantReproduces("Some paragraph of text.", variants);
    everyVariantReproduces("", ["Added.", "Also added."]);
  });

  it("cycles a spot through its alternatives, wrapping, leaving the other spots", () => {
    const original = "red green blue";
    const variants = ["rose green blue", "red lime blue", "crimson green navy"];
    const spots = everyVariantReproduces(original, variants);
    expect(spots).toHaveLength(3);
    // Spot 0 has "rose" (A), "red" (B, the original), "crimson" (C).
    let choice = [0, 0, 0];
    choice = cycleSpot(spots, choice, 0, 1);
    expect(choice).toEqual([1, 0, 0]);
    choice = cycleSpot(spots, choice, 0, 1);
    expect(choice).toEqual([2, 0, 0]);
    expect(cycleSpot(spots, choice, 0, 1)).toEqual([0, 0, 0]);
    expect(cycleSpot(spots, [0, 0, 0], 0, -1)).toEqual([2, 0, 0]);
    // Spot 2 ("blue"): A and B keep it, C has "navy": two alternatives.
    expect(cycleSpot(spots, [0, 0, 0], 2, 1)).toEqual([0, 0, 2]);
    expect(cycleSpot(spots, [0, 0, 2], 2, 1)).toEqual([0, 0, 0]);
    expect(mixVariants(original, spots, [2, 1, 0])).toBe("crimson lime blue");
  });

  it("finds the spot a change in the document stands for, skipping spots left as they were", () => {
    const original = "alpha beta gamma delta";
    const spots = findSpots(original, ["ALPHA beta gamma DELTA", "alpha beta GAMMA delta"]);
    expect(spots).toHaveLength(3);
    expect(spotNear(original, spots, [0, 0, 0], 0)).toBe(0);
    expect(spotNear(original, spots, [0, 0, 0], 17)).toBe(2);
    // Spot 1 keeps the original under variant A: the nearest changed spot answers.
    expect(spotNear(original, spots, [0, 0, 0], 11)).toBe(0);
    expect(spotNear(original, spots, [0, 1, 0], 11)).toBe(1);
    expect(spotNear(original, spots, [1, 0, 1], 3)).toBeUndefined();
  });

  it("names variants by letter", () => {
    expect([0, 1, 2, 3].map(variantLetter)).toEqual(["A", "B", "C", "D"]);
  });
});
