import type { Node } from "@tiptap/pm/model";
import { describe, expect, it } from "vitest";
import { documentSchema } from "@/lib/documents/schema";
import { followUpInstruction } from "@/lib/editor/suggestions/follow-up";
import { documentRange, sectionRange } from "@/lib/editor/sections";

const schema = documentSchema();
const p = (text: string) => schema.nodes.paragraph!.create(null, schema.text(text));
const h = (level: number, text: string) => schema.nodes.heading!.create({ level }, schema.text(text));
const doc = (...blocks: Node[]) => schema.nodes.doc!.create(null, blocks);
const between = (node: Node, range: { from: number; to: number }) => node.textBetween(range.from, range.to, "|");
/** The position just inside the block holding `text`. */
const inside = (node: Node, text: string) => {
  let found = -1;
  node.forEach((block, offset) => {
    if (found < 0 && block.textContent === text) found = offset + 1;
  });
  return found;
};

describe("sectionRange: the heading at or above the cursor and its content", () => {
  const article = doc(p("Intro."), h(2, "One"), p("First."), h(3, "One.a"), p("Nested."), h(2, "Two"), p("Second."), h(1, "Next"), p("Last."));

  it("runs from the heading to the next heading of the same or a higher level, nested headings included", () => {
    const range = sectionRange(article, inside(article, "First."));
    expect(between(article, range)).toBe("One|First.|One.a|Nested.");
    expect(range.heading).toBe("One");
  });

  it("from inside a nested heading's text, stops at the next heading of its level or higher", () => {
    expect(between(article, sectionRange(article, inside(article, "Nested.")))).toBe("One.a|Nested.");
    expect(between(article, sectionRange(article, inside(article, "Two")))).toBe("Two|Second.");
  });

  it("the last section runs to the end; text before the first heading is a section of its own", () => {
    expect(between(article, sectionRange(article, inside(article, "Last.")))).toBe("Next|Last.");
    const intro = sectionRange(article, inside(article, "Intro."));
    expect(between(article, intro)).toBe("Intro.");
    expect(intro.heading).toBeUndefined();
  });

  it("a document without headings is one section, the same as the whole document", () => {
    const plain = doc(p("One."), p("Two."));
    expect(sectionRange(plain, inside(plain, "Two."))).toEqual(documentRange(plain));
    expect(between(plain, documentRange(plain))).toBe("One.|Two.");
  });
});

describe("followUpInstruction", () => {
  it("gives the follow-up with the original the proposal came from", () => {
    const instruction = followUpInstruction(" more formal ", "the original text");
    expect(instruction.startsWith("more formal\n")).toBe(true);
    expect(instruction).toContain('"""\nthe original text\n"""');
  });

  it("leaves the original out when it doesn't fit the instruction limit", () => {
    expect(followUpInstruction("keep the first sentence", "x".repeat(5_000), 2_000)).toBe("keep the first sentence");
  });
});
