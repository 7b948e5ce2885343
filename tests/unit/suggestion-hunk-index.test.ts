import { history, undo } from "@tiptap/pm/history";
import { Fragment, type Node } from "@tiptap/pm/model";
import { EditorState, type Transaction } from "@tiptap/pm/state";
import { describe, expect, it } from "vitest";
import { updateHunks } from "@/lib/client/editor/hunk-index";
import { documentSchema } from "@/lib/documents/schema";
import { suggestionConflicts } from "@/lib/editor/suggestions/conflicts";
import { acceptSuggestion, findSuggestions, rejectRun, type Hunk } from "@/lib/editor/suggestions/review";
import { suggestEdit } from "@/lib/editor/suggestions/suggest";

const schema = documentSchema();
const p = (value: string) => schema.nodes.paragraph!.create(null, schema.text(value));
const doc = (...blocks: Node[]) => schema.nodes.doc!.create(null, blocks);

/** A state whose every paragraph has a pending hunk or two, from two runs. */
function reviewed(): EditorState {
  let state = EditorState.create({
    doc: doc(p("The quick brown fox jumps over the dog."), p("Nothing here changes at all."), p("It was the best of times."), p("A last line to edit.")),
    plugins: [history(), suggestionConflicts()],
  });
  const suggest = (index: number, replacement: string, runId: string) => {
    let pos = 0;
    for (let i = 0; i < index; i++) pos += state.doc.child(i).nodeSize;
    const block = state.doc.child(index);
    state = state.apply(suggestEdit(state, { from: pos + 1, to: pos + block.nodeSize - 1, replacement: Fragment.from(schema.text(replacement)), runId }));
  };
  suggest(0, "The slow brown fox leaps over the lazy dog.", "run1");
  suggest(2, "It was a great time of times.", "run2");
  suggest(3, "A final line to edit, now.", "run2");
  return state;
}

/** Applies each transaction, keeping the hunks with `updateHunks` (appended transactions too), and checks them against a full scan. */
function follow(start: EditorState, ...make: ((state: EditorState) => Transaction | null)[]) {
  let state = start;
  let hunks: Hunk[] = findSuggestions(state.doc);
  for (const next of make) {
    const tr = next(state);
    if (!tr) throw new Error("no transaction");
    const { state: after, transactions } = state.applyTransaction(tr);
    for (const applied of transactions) hunks = updateHunks(hunks, applied);
    state = after;
    expect(hunks).toEqual(findSuggestions(state.doc));
  }
  return { state, hunks };
}

const typeAt = (text: string, at: (state: EditorState) => number) => (state: EditorState) => state.tr.insertText(text, at(state));
const undoing = (state: EditorState) => {
  let out: Transaction | null = null;
  undo(state, (tr) => (out = tr));
  return out;
};
const hunkOf = (state: EditorState, index: number) => findSuggestions(state.doc)[index]!;

describe("updateHunks: the pending hunks kept through a transaction without a whole-document scan", () => {
  it("matches a full scan through typing away from, beside and inside hunks, deleting across one, accepting and undoing", () => {
    const { hunks } = follow(
      reviewed(),
      typeAt("Hello ", () => 1),
      typeAt("x", (s) => s.doc.child(0).nodeSize + 3),
      typeAt("!", (s) => hunkOf(s, 0).to),
      typeAt("y", (s) => hunkOf(s, 1).from + 1),
      (s) => s.tr.delete(hunkOf(s, 2).from - 2, hunkOf(s, 2).to + 2),
      (s) => acceptSuggestion(s, hunkOf(s, 0).id),
      undoing,
    );
    expect(hunks.some((h) => h.conflict)).toBe(true);
  });

  it("matches a full scan when a run is rejected and the writer types after it", () => {
    const { hunks } = follow(reviewed(), (s) => rejectRun(s, "run2"), typeAt("z", (s) => s.doc.content.size - 2));
    expect(new Set(hunks.map((h) => h.runId))).toEqual(new Set(["run1"]));
  });

  it("drops a hunk the writer deleted whole and keeps the others where they moved", () => {
    const { hunks, state } = follow(reviewed(), (s) => s.tr.delete(hunkOf(s, 0).from, hunkOf(s, 0).to), typeAt("New words. ", () => 1));
    expect(hunks.length).toBe(findSuggestions(reviewed().doc).length - 1);
    expect(hunks[0]!.from).toBe(findSuggestions(state.doc)[0]!.from);
  });
});
