import type { Node } from "@tiptap/pm/model";
import { EditorState, TextSelection } from "@tiptap/pm/state";
import { describe, expect, it } from "vitest";
import { documentSchema } from "@/lib/documents/schema";
import { followRenames, headingRenames, headingRetitle } from "@/lib/editor/heading-renames";
import { moveSectionText } from "@/lib/editor/outline-drafting";
import { findSection } from "@/lib/editor/sections";

const schema = documentSchema();
const p = (text?: string) => schema.nodes.paragraph!.create(null, text ? schema.text(text) : null);
const h = (level: number, text: string) => schema.nodes.heading!.create({ level }, text ? schema.text(text) : null);
const doc = (...blocks: Node[]) => schema.nodes.doc!.create(null, blocks);
const article = () => doc(h(1, "Title"), h(2, "Intro"), p("First body."), h(2, "Details"), p("Second body."));
const stateOf = (d: Node) => EditorState.create({ schema, doc: d });
/** Where `heading`'s text ends. */
const headingEnd = (state: EditorState, heading: string) => findSection(state.doc, heading)!.from + 1 + heading.length;

describe("headingRenames: headings an edit retitled in place", () => {
  it("sees typing at the end of a heading, and deleting in it", () => {
    const state = stateOf(article());
    expect(headingRenames(state.tr.insertText("!", headingEnd(state, "Intro")))).toEqual([{ from: "Intro", to: "Intro!" }]);
    const end = headingEnd(state, "Details");
    expect(headingRenames(state.tr.delete(end - 3, end))).toEqual([{ from: "Details", to: "Deta" }]);
  });

  it("sees a heading replaced as a whole (select its text, type) and one emptied", () => {
    const state = stateOf(article());
    const from = findSection(state.doc, "Intro")!.from + 1;
    expect(headingRenames(state.tr.insertText("Overview", from, from + 5))).toEqual([{ from: "Intro", to: "Overview" }]);
    expect(headingRenames(state.tr.delete(from, from + 5))).toEqual([{ from: "Intro", to: "" }]);
  });

  it("ignores edits of paragraphs, new or pasted headings, a paragraph turned into a heading, and moved sections", () => {
    const state = stateOf(article());
    const body = findSection(state.doc, "Intro")!.from + h(2, "Intro").nodeSize + 2;
    expect(headingRenames(state.tr.insertText("x", body))).toEqual([]);
    expect(headingRenames(state.tr.insert(state.doc.content.size, h(2, "Later")))).toEqual([]);
    const paragraph = findSection(state.doc, "Intro")!.from + h(2, "Intro").nodeSize;
    expect(headingRenames(state.tr.setBlockType(paragraph, paragraph + 1, schema.nodes.heading!, { level: 2 }))).toEqual([]);
    expect(headingRenames(moveSectionText(state, "Details", "Intro", -1)!)).toEqual([]);
    expect(headingRenames(state.tr.setSelection(TextSelection.create(state.doc, body)))).toEqual([]);
  });

  it("waits for an AI change proposed in a heading to be accepted before calling it a rename", () => {
    const state = stateOf(article());
    const from = findSection(state.doc, "Intro")!.from + 1;
    const mark = (kind: "insertion" | "deletion") => schema.marks.suggestion!.create({ kind, id: "h1", runId: "r1" });
    // Proposed: "Intro" marked for deletion, "Overview" inserted beside it.
    const proposed = state.tr.addMark(from, from + 5, mark("deletion")).insert(from + 5, schema.text("Overview", [mark("insertion")]));
    expect(headingRenames(proposed)).toEqual([]);
    // Accepted: the deletion goes, the insertion's mark goes.
    const review = stateOf(proposed.doc);
    const accept = review.tr.removeMark(from + 5, from + 13, schema.marks.suggestion!).delete(from, from + 5);
    expect(headingRenames(accept)).toEqual([{ from: "Intro", to: "Overview" }]);
  });

  it("looks only at the blocks the edit touched", () => {
    const blocks = Array.from({ length: 2_000 }, (_, i) => (i % 2 ? p(`Body ${i}.`) : h(2, `Heading ${i}`)));
    const state = stateOf(doc(...blocks));
    const end = headingEnd(state, "Heading 1000");
    const tr = state.tr.insertText("?", end);
    let visited = 0;
    const child = tr.doc.child.bind(tr.doc);
    tr.doc.child = (index: number) => {
      visited++;
      return child(index);
    };
    expect(headingRenames(tr)).toEqual([{ from: "Heading 1000", to: "Heading 1000?" }]);
    expect(visited).toBeLessThan(5);
  });
});

describe("followRenames: the outline section linked to a renamed heading follows it", () => {
  const sections = [
    { id: "a", heading: "Intro" },
    { id: "b", heading: "" },
  ];

  it("renames the section whose heading read as the old text, and nothing else", () => {
    expect(followRenames(sections, [{ from: "intro", to: "Overview" }])).toEqual([
      { id: "a", heading: "Overview" },
      { id: "b", heading: "" },
    ]);
    expect(followRenames(sections, [{ from: "Elsewhere", to: "Other" }])).toBe(sections);
  });

  it("keeps the link through a heading emptied and typed again, and through an untitled section's placeholder", () => {
    const emptied = followRenames(sections, [{ from: "Intro", to: "" }]);
    expect(emptied[0]!.heading).toBe("");
    expect(followRenames([{ id: "b", heading: "" }], [{ from: "Untitled section", to: "Named" }])).toEqual([{ id: "b", heading: "Named" }]);
    expect(followRenames([{ id: "b", heading: "" }], [{ from: "", to: "N" }])).toEqual([{ id: "b", heading: "N" }]);
  });
});

describe("headingRetitle: a section renamed in the outline renames its heading in the text", () => {
  it("replaces the text of the heading that read as the old name, and nothing else", () => {
    const state = stateOf(article());
    const change = headingRetitle(state.doc, "Details", "The fine print")!;
    const after = state.apply(state.tr.insertText(change.text, change.from, change.to)).doc;
    expect(after.toJSON()).toEqual(doc(h(1, "Title"), h(2, "Intro"), p("First body."), h(2, "The fine print"), p("Second body.")).toJSON());
    expect(headingRenames(state.tr.insertText(change.text, change.from, change.to))).toEqual([{ from: "Details", to: "The fine print" }]);
  });

  it("follows a change of case only, and gives an emptied name the untitled placeholder", () => {
    const state = stateOf(article());
    expect(headingRetitle(state.doc, "Intro", "INTRO")?.text).toBe("INTRO");
    expect(headingRetitle(state.doc, "Intro", "  ")?.text).toBe("Untitled section");
  });

  it("leaves the text alone when the section isn't in it, already reads so, or has AI changes under review in its heading", () => {
    const state = stateOf(article());
    expect(headingRetitle(state.doc, "Not drafted", "Anything")).toBeNull();
    expect(headingRetitle(state.doc, "Intro", "Intro")).toBeNull();
    const mark = schema.marks.suggestion!.create({ kind: "insertion", id: "h1", runId: "r1" });
    const reviewed = doc(h(2, "Intro"), p("Body."));
    const withChange = stateOf(reviewed).tr.addMark(1, 3, mark).doc;
    expect(headingRetitle(withChange, "Intro", "Opening")).toBeNull();
  });
});
