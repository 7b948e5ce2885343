import { describe, expect, it } from "vitest";
import { countWords, cutAtWord } from "@/lib/text";

describe("countWords", () => {
  it("counts runs of non-space characters", () => {
    expect(countWords("  One two\nthree\t four ")).toBe(4);
    expect(countWords("")).toBe(0);
  });
});

describe("cutAtWord", () => {
  it("keeps short text whole, on one line", () => {
    expect(cutAtWord("One\n two  three", 20)).toBe("One two three");
  });

  it("cuts long text at the last word that fits, with an ellipsis", () => {
    expect(cutAtWord("The meeting was long and nobody knew", 20)).toBe("The meeting was long…");
  });

  it("never leaves half of an emoji or a two-unit character at the cut (no lone surrogate)", () => {
    const cut = cutAtWord(`${"字".repeat(9)}😀${"字".repeat(20)}`, 10);
    expect(cut).toBe(`${"字".repeat(9)}…`);
    expect(cut.isWellFormed()).toBe(true);
  });
});
