import { history, undo } from "@tiptap/pm/history";
import { Fragment, type Node, Slice } from "@tiptap/pm/model";
import { EditorState } from "@tiptap/pm/state";
import { describe, expect, it } from "vitest";
import { documentSchema } from "@/lib/documents/schema";
import { suggestInsertion } from "@/lib/editor/insertion";
import { acceptRun, findSuggestions, rejectRun } from "@/lib/editor/suggestions/review";

const schema = documentSchema();
const p = (text: string) => schema.nodes.paragraph!.create(null, text ? schema.text(text) : null);
const h = (text: string) => schema.nodes.heading!.create({ level: 2 }, schema.text(text));
const doc = (...blocks: Node[]) => schema.nodes.doc!.create(null, blocks);
const stateOf = (content: Node) => EditorState.create({ doc: content, plugins: [history()] });
const text = (state: EditorState) => state.doc.textBetween(0, state.doc.content.size, "|");
/** A parsed answer as the browser gives it: an open slice of blocks. */
const answer = (...blocks: Node[]) => new Slice(Fragment.fromArray(blocks), 1, 1);

describe("suggestInsertion: a chat answer inserted at the cursor as a tracked insertion run", () => {
  it("puts a one-paragraph answer inside the paragraph at the cursor, as insertions only", () => {
    const state = stateOf(doc(p("Bees dance. They fly.")));
    const at = 1 + "Bees dance.".length;
    const next = state.apply(suggestInsertion(state, { at, content: answer(p("They hum.")), runId: "chat1" }));
    expect(text(next)).toBe("Bees dance. They hum. They fly.");
    // The word diff may place the same inserted words either side of the shared " They".
    expect(findSuggestions(next.doc).map((hunk) => [hunk.deleted, hunk.inserted.trim().length, hunk.runId])).toEqual([["", "They hum.".length, "chat1"]]);
    expect(text(next.apply(rejectRun(next, "chat1")!))).toBe("Bees dance. They fly.");
    expect(text(next.apply(acceptRun(next, "chat1")!))).toBe("Bees dance. They hum. They fly.");
  });

  it("goes in after the word the cursor is in, with a space where it would run into the words either side", () => {
    const state = stateOf(doc(p("Startend. Next")));
    const next = state.apply(suggestInsertion(state, { at: 1 + "Start".length, content: answer(p("middle")), runId: "chat1" }));
    expect(text(next)).toBe("Startend middle. Next");
    expect(findSuggestions(next.doc).map((hunk) => hunk.deleted)).toEqual([""]);
    const spaced = stateOf(doc(p("A B")));
    const after = spaced.apply(suggestInsertion(spaced, { at: 2, content: answer(p("x")), runId: "chat1" }));
    expect(text(after)).toBe("A x B");
    expect(findSuggestions(after.doc).map((hunk) => hunk.deleted)).toEqual([""]);
  });

  it("puts an answer of several blocks after the block holding the cursor, leaving that block whole", () => {
    const state = stateOf(doc(p("First paragraph."), p("Last one.")));
    const at = 1 + "First".length;
    const next = state.apply(suggestInsertion(state, { at, content: answer(h("New part"), p("Its text.")), runId: "chat1" }));
    expect(text(next)).toBe("First paragraph.|New part|Its text.|Last one.");
    const hunks = findSuggestions(next.doc);
    expect(hunks.every((hunk) => hunk.deleted === "" && hunk.runId === "chat1")).toBe(true);
    expect(hunks.map((hunk) => hunk.inserted).join("")).toContain("New part");
    expect(next.doc.child(1).type.name).toBe("heading");
    expect(text(next.apply(rejectRun(next, "chat1")!))).toBe("First paragraph.|Last one.");
  });

  it("stays out of the undo history: undo after it undoes the writer's last edit, not the insertion", () => {
    let state = stateOf(doc(p("Start")));
    state = state.apply(state.tr.insertText("ed", 6));
    state = state.apply(suggestInsertion(state, { at: 8, content: answer(p(" here.")), runId: "chat1" }));
    undo(state, (tr) => (state = state.apply(tr)));
    expect(text(state)).toBe("Start here.");
    expect(findSuggestions(state.doc)).toHaveLength(1);
  });
});
