import { describe, expect, it } from "vitest";
import type { DocumentContent } from "@/lib/contracts/documents";
import { autoTitle, oneLineTitle, shownTitle } from "@/lib/documents/title";

type Block = NonNullable<DocumentContent["content"]>[number];
const doc = (...blocks: Block[]): DocumentContent => ({ type: "doc", content: blocks });
const p = (text?: string): Block => ({ type: "paragraph", ...(text ? { content: [{ type: "text", text }] } : {}) });
const h = (level: number, text: string): Block => ({ type: "heading", attrs: { level }, content: [{ type: "text", text }] });

describe("autoTitle", () => {
  it("follows the heading the document opens with, at any level", () => {
    expect(autoTitle({ content: doc(h(1, "Keeping bees"), p("Hives need…")) })).toBe("Keeping bees");
    expect(autoTitle({ content: doc(h(2, "Notes"), p("x")) })).toBe("Notes");
  });

  it("skips blank blocks and rules before the opening heading", () => {
    expect(autoTitle({ content: doc(p(), { type: "horizontalRule" }, p("  "), h(1, "After blanks")) })).toBe("After blanks");
  });

  it("prefers the outline's title to a first line when the document opens with no heading", () => {
    expect(autoTitle({ content: doc(p("Bees are social."), h(2, "Later")), outlineTitle: "A guide to bees" })).toBe("A guide to bees");
    expect(autoTitle({ content: doc(h(1, "Own heading")), outlineTitle: "Outline title" })).toBe("Own heading");
  });

  it("falls back to the first line of text, not a later heading", () => {
    expect(autoTitle({ content: doc(p("Shopping list"), h(1, "Monday")) })).toBe("Shopping list");
    const broken: Block = { type: "paragraph", content: [{ type: "text", text: "First line" }, { type: "hardBreak" }, { type: "text", text: "second" }] };
    expect(autoTitle({ content: doc(broken) })).toBe("First line");
    const list: Block = { type: "bulletList", content: [{ type: "listItem", content: [p("milk")] }, { type: "listItem", content: [p("eggs")] }] };
    expect(autoTitle({ content: doc(list) })).toBe("milk");
  });

  it("is Untitled for an empty document, a blank outline title aside", () => {
    expect(autoTitle({ content: doc(p()) })).toBe("Untitled");
    expect(autoTitle({ content: { type: "doc" } })).toBe("Untitled");
    expect(autoTitle({ content: doc(p()), outlineTitle: "   " })).toBe("Untitled");
  });

  it("keeps a long first line to one short line, cut at a word; a heading may be as long as a title", () => {
    const title = autoTitle({ content: doc(p(`${"word ".repeat(40)}end`)) });
    expect(title.length).toBeLessThanOrEqual(80);
    expect(title).toMatch(/^word( word)*…$/);
    const heading = `${"long ".repeat(30)}heading`;
    expect(autoTitle({ content: doc(h(1, heading)) })).toBe(heading);
    expect(autoTitle({ content: doc(h(1, "x ".repeat(150))) }).length).toBeLessThanOrEqual(200);
  });
});

describe("oneLineTitle", () => {
  it("collapses whitespace and newlines", () => {
    expect(oneLineTitle("  A \n  title\t here ")).toBe("A title here");
  });

  it("cuts a word-less run at the limit", () => {
    expect(oneLineTitle("x".repeat(100), 10)).toBe(`${"x".repeat(9)}…`);
  });
});

describe("shownTitle", () => {
  it("is the writer's title when set, else the automatic one", () => {
    expect(shownTitle("Mine", "Auto")).toBe("Mine");
    expect(shownTitle("  ", "Auto")).toBe("Auto");
    expect(shownTitle("", "")).toBe("Untitled");
  });
});
