import type { Node } from "@tiptap/pm/model";
import { describe, expect, it } from "vitest";
import { EditorState } from "@tiptap/pm/state";
import { redraftInstruction, redraftTarget } from "@/lib/client/editor/drafting";
import { editRequestSchema } from "@/lib/contracts/edits";
import { limits } from "@/lib/contracts/limits";
import { documentSchema } from "@/lib/documents/schema";
import { findSection } from "@/lib/editor/sections";

const schema = documentSchema();
const p = (text: string) => schema.nodes.paragraph!.create(null, schema.text(text));
const h = (level: number, text: string) => schema.nodes.heading!.create({ level }, schema.text(text));
const list = (...items: string[]) => schema.nodes.bulletList!.create(null, items.map((item) => schema.nodes.listItem!.create(null, p(item))));
const doc = (...blocks: Node[]) => schema.nodes.doc!.create(null, blocks);
const sectionText = (content: Node, heading: string) => {
  const range = findSection(content, heading);
  return range ? content.textBetween(range.from, range.to, "|") : null;
};

describe("findSection: an outline heading's section in the document", () => {
  const article = doc(
    h(1, "Bees"),
    p("Intro."),
    h(2, "Why bees dance"),
    p("They share directions."),
    h(3, "The waggle"),
    list("Angle", "Length"),
    h(2, "How hives decide"),
    p("By quorum."),
  );

  it("runs from the heading to the next heading of the same or a higher level, keeping subsections", () => {
    expect(sectionText(article, "Why bees dance")).toBe("Why bees dance|They share directions.|The waggle|Angle|Length");
    expect(sectionText(article, "The waggle")).toBe("The waggle|Angle|Length");
  });

  it("runs to the end of the document for the last section, and over everything for the title", () => {
    expect(sectionText(article, "How hives decide")).toBe("How hives decide|By quorum.");
    const range = findSection(article, "Bees")!;
    expect([range.from, range.to, range.level]).toEqual([0, article.content.size, 1]);
  });

  it("matches the heading whatever its case, spacing and trailing punctuation, and the first of two alike", () => {
    expect(sectionText(article, "  why BEES   dance: ")).toBe("Why bees dance|They share directions.|The waggle|Angle|Length");
    const twice = doc(h(2, "Same"), p("First."), h(2, "Same"), p("Second."));
    expect(sectionText(twice, "same")).toBe("Same|First.");
  });

  it("finds nothing for a heading that isn't in the document, an empty heading, or a paragraph that reads like it", () => {
    expect(findSection(article, "Why wasps dance")).toBeNull();
    expect(findSection(article, "  ")).toBeNull();
    expect(findSection(doc(p("Why bees dance")), "Why bees dance")).toBeNull();
  });
});

describe("a redraft's target and instruction", () => {
  it("covers the section's whole blocks, its heading included, up to the next section's heading", () => {
    const state = EditorState.create({ doc: doc(h(2, "One"), p("First."), list("A point"), h(2, "Two"), p("Second.")) });
    const target = redraftTarget(state, "One")!;
    expect(state.doc.textBetween(target.from, target.to, "|")).toBe("One|First.|A point");
    expect(target.from).toBe(0);
    expect(state.doc.nodeAt(target.to)?.textContent).toBe("Two");
    expect(redraftTarget(state, "Three")).toBeNull();
  });

  it("asks to keep the heading and cover the key points, within the edits contract's instruction limit", () => {
    const instruction = redraftInstruction({ heading: "Why", keyPoints: ["Bees dance", "Hives vote"] });
    expect(instruction).toMatch(/Keep its heading line exactly as it is/);
    expect(instruction).toMatch(/\n- Bees dance\n- Hives vote$/);
    const long = redraftInstruction({ heading: "Why", keyPoints: Array.from({ length: 200 }, () => "🐝 point") });
    expect(long.length).toBeLessThanOrEqual(limits.instructionChars);
    expect(editRequestSchema.safeParse({ text: "## Why", action: "custom", instruction: long }).success).toBe(true);
  });
});
