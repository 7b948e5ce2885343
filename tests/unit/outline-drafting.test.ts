import type { Node } from "@tiptap/pm/model";
import { EditorState } from "@tiptap/pm/state";
import { describe, expect, it } from "vitest";
import { documentOutlineSchema, outlineTitle } from "@/lib/contracts/document-outline";
import { parseStoredOutline } from "@/lib/client/outline";
import { sectionBriefInOutline } from "@/lib/contracts/outline";
import { documentSchema } from "@/lib/documents/schema";
import { contextText, draftPlace, moveSectionText, nextSectionToDraft, sectionState, type DraftableSection } from "@/lib/editor/outline-drafting";
import { findSection } from "@/lib/editor/sections";

const schema = documentSchema();
const p = (text?: string) => schema.nodes.paragraph!.create(null, text ? schema.text(text) : null);
const h = (level: number, text: string) => schema.nodes.heading!.create({ level }, schema.text(text));
const doc = (...blocks: Node[]) => schema.nodes.doc!.create(null, blocks);
const blocks = (content: Node) => {
  const out: string[] = [];
  content.forEach((node) => out.push(node.type.name === "heading" ? `# ${node.textContent}` : node.textContent));
  return out;
};
const section = (heading: string, state: Partial<DraftableSection> = {}): DraftableSection => ({ heading, drafted: false, locked: false, ...state });

describe("sectionState: what a section's card shows", () => {
  it("is drafting while written, locked when locked, drafted only when drafted and still in the text", () => {
    expect(sectionState(section("A", { drafted: true }), true, true)).toBe("drafting");
    expect(sectionState(section("A", { locked: true, drafted: true }), false, true)).toBe("locked");
    expect(sectionState(section("A", { drafted: true }), false, true)).toBe("drafted");
    expect(sectionState(section("A", { drafted: true }), false, false)).toBe("not-drafted");
    expect(sectionState(section("A"), false, true)).toBe("not-drafted");
  });
});

describe("nextSectionToDraft: where drafting resumes", () => {
  const inText = (headings: string[]) => (heading: string) => headings.includes(heading);

  it("after Stop during section 2, resumes with section 2 (not yet drafted), never section 1 again", () => {
    const sections = [section("One", { drafted: true }), section("Two"), section("Three")];
    expect(nextSectionToDraft(sections, 0, inText(["One", "Two"]))).toBe(1);
  });

  it("skips locked sections and drafted ones still in the text; -1 when nothing is left", () => {
    const sections = [section("One", { drafted: true }), section("Two", { locked: true }), section("Three")];
    expect(nextSectionToDraft(sections, 0, inText(["One"]))).toBe(2);
    expect(nextSectionToDraft(sections, 3, inText(["One"]))).toBe(-1);
    expect(nextSectionToDraft([section("One", { drafted: true })], 0, inText(["One"]))).toBe(-1);
  });

  it("drafts again a drafted section whose heading is gone from the text; from here starts at its index", () => {
    const sections = [section("One", { drafted: true }), section("Two"), section("Three")];
    expect(nextSectionToDraft(sections, 0, inText([]))).toBe(0);
    expect(nextSectionToDraft(sections, 2, inText(["One"]))).toBe(2);
  });
});

describe("draftPlace: where a drafted section lands", () => {
  it("replaces the body of a section already in the text, keeping its heading", () => {
    const content = doc(h(1, "Title"), h(2, "One"), p("Half a sent"), h(2, "Two"), p("Done."));
    const place = draftPlace(content, ["One", "Two"], 0);
    expect(place.kind).toBe("replace");
    expect(content.textBetween(place.from, place.to)).toBe("Half a sent");
  });

  it("goes after the outline's earlier section, before the text after it", () => {
    const content = doc(h(2, "One"), p("First."), h(2, "Three"), p("Third."));
    const place = draftPlace(content, ["One", "Two", "Three"], 1);
    expect(place).toEqual({ kind: "insert", from: content.child(0).nodeSize + content.child(1).nodeSize, to: content.child(0).nodeSize + content.child(1).nodeSize });
  });

  it("goes before the outline's later section when no earlier one is in the text", () => {
    const content = doc(p("Intro."), h(2, "Two"), p("Second."));
    expect(draftPlace(content, ["One", "Two"], 0)).toEqual({ kind: "insert", from: content.child(0).nodeSize, to: content.child(0).nodeSize });
  });

  it("never takes the article's H1 title for a section of the same name", () => {
    const content = doc(h(1, "Bees"), p("Intro."));
    expect(draftPlace(content, ["Bees"], 0)).toEqual({ kind: "insert", from: content.content.size, to: content.content.size });
  });

  it("goes at the end in place of a trailing empty paragraph", () => {
    const content = doc(p("Notes."), p());
    const end = content.content.size;
    expect(draftPlace(content, ["One"], 0)).toEqual({ kind: "insert", from: end - 2, to: end });
  });
});

describe("moveSectionText: reordering the outline moves the text", () => {
  const article = doc(h(1, "Title"), h(2, "One"), p("First."), h(2, "Two"), p("Second."), h(2, "Three"), p("Third."));
  const state = EditorState.create({ doc: article, schema });

  it("moves a section below the next one, and above the previous one, in one step", () => {
    const down = moveSectionText(state, "One", "Two", 1)!;
    expect(blocks(down.doc)).toEqual(["# Title", "# Two", "Second.", "# One", "First.", "# Three", "Third."]);
    expect(down.steps.length).toBeGreaterThan(0);
    const up = moveSectionText(state, "Three", "Two", -1)!;
    expect(blocks(up.doc)).toEqual(["# Title", "# One", "First.", "# Three", "Third.", "# Two", "Second."]);
  });

  it("does nothing when a heading isn't in the text, the text is already in that order, or one section holds the other", () => {
    expect(moveSectionText(state, "Missing", "Two", 1)).toBeNull();
    expect(moveSectionText(state, "Two", "One", 1)).toBeNull();
    expect(moveSectionText(state, "Title", "Two", 1)).toBeNull();
  });
});

describe("the outline stored with a document", () => {
  const valid = {
    brief: { topic: "Bees", audience: "", tone: "", length: "short" },
    outline: { title: "Bees", sections: [{ id: "section-0", heading: "Why", keyPoints: ["Pollen", ""], locked: true }] },
  };

  it("accepts an outline and fills in the sections' drafting state", () => {
    const parsed = documentOutlineSchema.parse(valid);
    expect(parsed.outline!.sections[0]).toMatchObject({ drafted: false, locked: true });
    expect(documentOutlineSchema.parse({ ...valid, outline: null }).outline).toBeNull();
  });

  it("refuses unknown fields, too many sections and over-long headings", () => {
    expect(documentOutlineSchema.safeParse({ ...valid, extra: 1 }).success).toBe(false);
    const many = Array.from({ length: 31 }, (_, i) => ({ id: `s${i}`, heading: "H", keyPoints: [] }));
    expect(documentOutlineSchema.safeParse({ ...valid, outline: { title: "", sections: many } }).success).toBe(false);
    const long = { ...valid, outline: { title: "", sections: [{ id: "a", heading: "x".repeat(201), keyPoints: [] }] } };
    expect(documentOutlineSchema.safeParse(long).error?.issues[0]?.path).toEqual(["outline", "sections", 0, "heading"]);
  });
});

describe("sectionBriefInOutline: what drafting tells the model", () => {
  it("gives the section's key points and the whole outline, marking this section", () => {
    const brief = sectionBriefInOutline(
      { title: "Bees", sections: [{ heading: "Why", keyPoints: ["Pollen"] }, { heading: "How", keyPoints: ["Hives"] }] },
      1,
    );
    expect(brief).toContain("## How\n- Hives");
    expect(brief).toContain("1. Why\n2. How (this section)");
    expect(brief).toContain("“Bees”");
  });
});

describe("the outline earlier versions kept in localStorage", () => {
  it("becomes a document outline: sections not drafted nor locked, anything unexpected dropped", () => {
    const legacy = { brief: { topic: "Bees", length: "epic" }, outline: { title: " Bees ", sections: [{ id: "a", heading: "Why", keyPoints: ["One", 2] }, "junk"] } };
    const parsed = parseStoredOutline(legacy)!;
    expect(documentOutlineSchema.parse(parsed)).toEqual({
      brief: { topic: "Bees", audience: "", tone: "", length: "medium" },
      outline: { title: " Bees ", sections: [{ id: "a", heading: "Why", keyPoints: ["One"], drafted: false, locked: false }] },
    });
    expect(outlineTitle(parsed)).toBe("Bees");
    expect(parseStoredOutline("nonsense")).toBeUndefined();
  });
});

describe("contextText: the text around a drafted section, headings marked", () => {
  it("marks headings as Markdown by level and keeps whole blocks in the range", () => {
    const d = doc(h(1, "Title"), p("Opening."), h(2, "First"), p("Body one."), p(), h(2, "Second"), p("Body two."));
    expect(contextText(d, 0, d.content.size)).toBe("# Title\n\nOpening.\n\n## First\n\nBody one.\n\n## Second\n\nBody two.");
    const second = findSection(d, "Second")!;
    expect(contextText(d, 0, second.from)).toBe("# Title\n\nOpening.\n\n## First\n\nBody one.");
  });
});
