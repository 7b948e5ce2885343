import { history, undo } from "@tiptap/pm/history";
import { Fragment, type Node } from "@tiptap/pm/model";
import { EditorState, type Transaction } from "@tiptap/pm/state";
import { describe, expect, it } from "vitest";
import type { DocumentContent } from "@/lib/contracts/documents";
import { mergeDocuments } from "@/lib/documents/merge";
import { documentSchema } from "@/lib/documents/schema";
import { documentProblem } from "@/lib/documents/validate";
import { suggestionConflicts } from "@/lib/editor/suggestions/conflicts";
import { settleSuggestions } from "@/lib/editor/suggestions/resolve";
import { acceptRun, acceptSuggestion, findSuggestions, nextSuggestion, previousSuggestion, rejectRun, rejectSuggestion } from "@/lib/editor/suggestions/review";
import { reviseRun, suggestEdit } from "@/lib/editor/suggestions/suggest";

const schema = documentSchema();
const { nodes, marks } = schema;
type Inline = string | Node;
const inline = (parts: Inline[]) => parts.map((part) => (typeof part === "string" ? schema.text(part) : part));
const bold = (value: string) => schema.text(value, [marks.bold!.create()]);
const p = (...parts: Inline[]) => nodes.paragraph!.create(null, inline(parts));
const h = (level: number, value: string) => nodes.heading!.create({ level }, schema.text(value));
const doc = (...blocks: Node[]) => nodes.doc!.create(null, blocks);
const stateOf = (content: Node) => EditorState.create({ doc: content, plugins: [history(), suggestionConflicts()] });
const apply = (state: EditorState, tr: Transaction | null) => state.apply(tr!);
const text = (state: EditorState) => state.doc.textBetween(0, state.doc.content.size, "\n");
/** The document without the authorship marks accepting adds (tests/unit/authorship-edits.test.ts checks those). */
const plain = (node: Node) => {
  const tr = EditorState.create({ doc: node }).tr;
  return tr.removeMark(0, node.content.size, marks.authorship!).doc;
};

/** Suggests `replacement` for the whole content of block `index` (its inline content, or blocks for the range of blocks). */
function suggestInBlock(state: EditorState, index: number, replacement: Inline[], runId = "run1") {
  let pos = 0;
  for (let i = 0; i < index; i++) pos += state.doc.child(i).nodeSize;
  const block = state.doc.child(index);
  return apply(state, suggestEdit(state, { from: pos + 1, to: pos + block.nodeSize - 1, replacement: Fragment.fromArray(inline(replacement)), runId }));
}

function suggestBlocks(state: EditorState, blocks: Node[], runId = "run1") {
  return apply(state, suggestEdit(state, { from: 0, to: state.doc.content.size, replacement: Fragment.fromArray(blocks), runId }));
}

describe("suggestEdit: the AI's answer as word-level hunks in the document", () => {
  it("keeps the original in place as deletions, the new words beside them as insertions, one hunk per changed phrase", () => {
    const state = suggestInBlock(stateOf(doc(p("The quick brown fox jumps over the dog."))), 0, ["The slow brown fox leaps over the lazy dog."]);
    expect(findSuggestions(state.doc).map(({ deleted, inserted }) => [deleted, inserted])).toEqual([
      ["quick", "slow"],
      ["jumps", "leaps"],
      ["", " lazy"],
    ]);
    expect(text(state)).toBe("The quickslow brown fox jumpsleaps over the lazy dog.");
    expect(text(apply(state, acceptRun(state, "run1")))).toBe("The slow brown fox leaps over the lazy dog.");
    expect(text(apply(state, rejectRun(state, "run1")))).toBe("The quick brown fox jumps over the dog.");
  });

  it("merges neighbouring changed words into one phrase and leaves an unchanged answer with no hunk", () => {
    const state = suggestInBlock(stateOf(doc(p("It was the best of times."))), 0, ["It was a great time of times."]);
    expect(findSuggestions(state.doc).map(({ deleted, inserted }) => [deleted, inserted])).toEqual([["the best", "a great time"]]);
    expect(findSuggestions(suggestInBlock(stateOf(doc(p("Same."))), 0, ["Same."]).doc)).toEqual([]);
  });

  it("handles Unicode: accents, combining marks, emoji and scripts without spaces", () => {
    const original = "Café naïve 😀 déjà vu — 東京 e\u0301t\u00e9";
    const edited = "Café naïf 😀🎉 déjà vu — 大阪 e\u0301te\u0301";
    const state = suggestInBlock(stateOf(doc(p(original))), 0, [edited]);
    expect(findSuggestions(state.doc).length).toBeGreaterThan(0);
    for (const hunk of findSuggestions(state.doc)) expect(hunk.deleted + hunk.inserted).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(text(apply(state, acceptRun(state, "run1")))).toBe(edited);
    expect(text(apply(state, rejectRun(state, "run1")))).toBe(original);
  });

  it("never splits an emoji sequence or a flag between hunks", () => {
    const state = suggestInBlock(stateOf(doc(p("Family 👨‍👩‍👧 from 🇫🇷 👍🏽"))), 0, ["Family 👨‍👩‍👦 from 🇩🇪 👍🏿"]);
    expect(findSuggestions(state.doc).map(({ deleted, inserted }) => [deleted, inserted])).toEqual([
      ["👨‍👩‍👧", "👨‍👩‍👦"],
      ["🇫🇷 👍🏽", "🇩🇪 👍🏿"],
    ]);
  });

  it("counts formatting as a change: bold added or removed is a hunk, and accepting it applies the formatting", () => {
    const added = suggestInBlock(stateOf(doc(p("make this bold"))), 0, ["make ", bold("this"), " bold"]);
    expect(findSuggestions(added.doc).map(({ deleted, inserted }) => [deleted, inserted])).toEqual([["this", "this"]]);
    expect(plain(apply(added, acceptRun(added, "run1")).doc).eq(doc(p("make ", bold("this"), " bold")))).toBe(true);
    const removed = suggestInBlock(stateOf(doc(p("keep ", bold("strong"), " words"))), 0, ["keep strong words"]);
    expect(plain(apply(removed, acceptRun(removed, "run1")).doc).eq(doc(p("keep strong words")))).toBe(true);
    expect(apply(removed, rejectRun(removed, "run1")).doc.eq(doc(p("keep ", bold("strong"), " words")))).toBe(true);
  });

  it("keeps a bold phrase the model kept bold and untouched", () => {
    const state = suggestInBlock(stateOf(doc(p("A ", bold("key point"), " made badly."))), 0, ["A ", bold("key point"), " made well."]);
    expect(findSuggestions(state.doc).map(({ deleted, inserted }) => [deleted, inserted])).toEqual([["badly", "well"]]);
  });

  it("diffs several paragraphs block by block when the structure stays", () => {
    const state = suggestBlocks(stateOf(doc(h(2, "Intro"), p("First one here."), p("Second one here."))), [h(2, "Intro"), p("First one there."), p("Second two here.")]);
    expect(findSuggestions(state.doc).map(({ deleted, inserted }) => [deleted, inserted])).toEqual([
      ["here", "there"],
      ["one", "two"],
    ]);
    expect(plain(apply(state, acceptRun(state, "run1")).doc).eq(doc(h(2, "Intro"), p("First one there."), p("Second two here.")))).toBe(true);
  });

  it("replaces whole blocks as one hunk when the structure changes, and settles either way", () => {
    const original = doc(p("One."), p("Two."));
    const target = doc(h(2, "Heading"), p("One."), p("Two and three."));
    const state = suggestBlocks(stateOf(original), [...Array.from({ length: target.childCount }, (_, i) => target.child(i))]);
    expect(findSuggestions(state.doc)).toHaveLength(1);
    expect(plain(apply(state, acceptRun(state, "run1")).doc).eq(target)).toBe(true);
    expect(apply(state, rejectRun(state, "run1")).doc.eq(original)).toBe(true);
  });
});

describe("review: accept and reject as single undo steps", () => {
  const proposed = () => suggestInBlock(stateOf(doc(p("one two three four"))), 0, ["uno two tres four"]);

  it("accepts one hunk and rejects another, each on its own", () => {
    let state = proposed();
    const [first, second] = findSuggestions(state.doc);
    state = apply(state, acceptSuggestion(state, first!.id));
    state = apply(state, rejectSuggestion(state, second!.id));
    expect(text(state)).toBe("uno two three four");
    expect(findSuggestions(state.doc)).toEqual([]);
    expect(acceptSuggestion(state, first!.id)).toBeNull();
  });

  it("undoes an accept, a reject and an accept-all in exactly one step each, back to the pending hunks", () => {
    const state = proposed();
    const [first, second] = findSuggestions(state.doc);
    for (const tr of [acceptSuggestion(state, first!.id), rejectSuggestion(state, second!.id), acceptRun(state, "run1")]) {
      const after = apply(state, tr);
      let undone: EditorState | undefined;
      expect(undo(after, (t) => (undone = after.apply(t)))).toBe(true);
      expect(undone!.doc.eq(state.doc)).toBe(true);
      expect(undo(undone!)).toBe(false);
    }
  });

  it("keeps the streaming itself out of the undo history", () => {
    expect(undo(proposed())).toBe(false);
  });

  it("accepts or rejects only the given run", () => {
    let state = suggestInBlock(stateOf(doc(p("alpha beta"), p("gamma delta"))), 0, ["alpha BETA"], "runA");
    state = suggestInBlock(state, 1, ["GAMMA delta"], "runB");
    state = apply(state, acceptRun(state, "runA"));
    expect(text(state)).toBe("alpha BETA\ngammaGAMMA delta");
    expect(findSuggestions(state.doc).map((hunk) => hunk.runId)).toEqual(["runB"]);
  });

  it("moves to the next and previous change, wrapping around", () => {
    const state = proposed();
    const [first, second] = findSuggestions(state.doc);
    expect(nextSuggestion(state.doc, 0)?.id).toBe(first!.id);
    expect(nextSuggestion(state.doc, first!.from)?.id).toBe(second!.id);
    expect(nextSuggestion(state.doc, second!.from)?.id).toBe(first!.id);
    expect(previousSuggestion(state.doc, second!.from)?.id).toBe(first!.id);
    expect(previousSuggestion(state.doc, 0)?.id).toBe(second!.id);
  });
});

describe("the writer keeps typing", () => {
  const proposed = () => suggestInBlock(stateOf(doc(p("Keep this paragraph."), p("The quick brown fox."))), 1, ["The slow brown fox."]);

  it("keeps hunks intact and unflagged through edits elsewhere, moved by the mapping", () => {
    const state = proposed();
    const before = findSuggestions(state.doc);
    const typed = apply(state, state.tr.insertText("Really, ", 1));
    const after = findSuggestions(typed.doc);
    expect(after.map(({ id, deleted, inserted, conflict }) => ({ id, deleted, inserted, conflict }))).toEqual(before.map(({ id, deleted, inserted }) => ({ id, deleted, inserted, conflict: false })));
    expect(after[0]!.from).toBe(before[0]!.from + "Really, ".length);
    expect(text(apply(typed, acceptRun(typed, "run1")))).toBe("Really, Keep this paragraph.\nThe slow brown fox.");
  });

  it("typing at a hunk's edge is the writer's own text, and no conflict", () => {
    const state = proposed();
    const hunk = findSuggestions(state.doc)[0]!;
    const typed = apply(state, state.tr.insertText("very ", hunk.from));
    expect(findSuggestions(typed.doc)[0]).toMatchObject({ deleted: "quick", inserted: "slow", conflict: false });
    expect(text(apply(typed, acceptRun(typed, "run1")))).toContain("The very slow brown fox.");
  });

  it("typing inside a hunk's original text flags it conflicting, and the typed words never become a suggestion", () => {
    const state = proposed();
    const hunk = findSuggestions(state.doc)[0]!;
    const typed = apply(state, state.tr.insertText("X", hunk.from + 2));
    const flagged = findSuggestions(typed.doc)[0]!;
    expect(flagged).toMatchObject({ deleted: "quick", inserted: "slow", conflict: true });
    // Accepting removes only the AI's deletion spans: the writer's X stays.
    expect(text(apply(typed, acceptRun(typed, "run1")))).toBe("Keep this paragraph.\nThe Xslow brown fox.");
  });

  it("deleting part of a hunk's proposed text flags it too", () => {
    const state = proposed();
    const insertion = findSuggestions(state.doc)[0]!.spans.find((span) => span.kind === "insertion")!;
    const edited = apply(state, state.tr.delete(insertion.from + 1, insertion.from + 2));
    expect(findSuggestions(edited.doc)[0]).toMatchObject({ inserted: "sow", conflict: true });
  });

  it("leaves loads and undo alone: content set outside the history keeps its suggestions", () => {
    const state = proposed();
    const loaded = apply(stateOf(doc(p("x"))), stateOf(doc(p("x"))).tr.replaceWith(0, 3, state.doc.content).setMeta("addToHistory", false));
    expect(findSuggestions(loaded.doc)).toHaveLength(1);
  });
});

describe("size", () => {
  it("proposes a 10,000-word rewrite across 100 paragraphs in well under a second", () => {
    const words = (seed: number) => Array.from({ length: 100 }, (_, i) => (i % 10 === seed % 10 ? `changed${i}` : `word${i}`)).join(" ");
    const original = doc(...Array.from({ length: 100 }, () => p(Array.from({ length: 100 }, (_, i) => `word${i}`).join(" "))));
    const rewritten = Array.from({ length: 100 }, (_, i) => p(words(i)));
    const started = performance.now();
    const state = suggestBlocks(stateOf(original), rewritten);
    const hunks = findSuggestions(state.doc);
    const accepted = apply(state, acceptRun(state, "run1"));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(hunks).toHaveLength(1000);
    expect(plain(accepted.doc).eq(doc(...rewritten))).toBe(true);
  });

  it("proposes a full rewrite of one 10,000-word paragraph without stalling", () => {
    const original = doc(p(Array.from({ length: 10_000 }, (_, i) => `a${i}`).join(" ")));
    const target = Array.from({ length: 10_000 }, (_, i) => `b${i}`).join(" ");
    const started = performance.now();
    const state = suggestInBlock(stateOf(original), 0, [target]);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(text(apply(state, acceptRun(state, "run1")))).toBe(target);
  });
});

describe("saved documents with pending suggestions", () => {
  it("validate on the server and settle to the original or the accepted text for exports", () => {
    const state = suggestBlocks(stateOf(doc(p("Hello old world."), p("Bye."))), [p("Hello new world."), p("Bye."), p("Extra.")]);
    const json = state.doc.toJSON() as DocumentContent;
    expect(documentProblem(json)).toBeNull();
    expect(settleSuggestions(json, "original")).toEqual(apply(state, rejectRun(state, "run1")).doc.toJSON());
    expect(settleSuggestions(json, "accepted")).toEqual(plain(apply(state, acceptRun(state, "run1")).doc).toJSON());
  });
});

describe("suggestEdit: the document's own structures", () => {
  const code = (value: string) => schema.text(value, [marks.code!.create()]);
  const link = (value: string, href: string) => schema.text(value, [marks.link!.create({ href })]);
  const item = (...parts: Inline[]) => nodes.listItem!.create(null, p(...parts));
  const list = (...items: Node[]) => nodes.bulletList!.create(null, items);

  it("rewrites inline code, links and text around a hard break", () => {
    const original = doc(p("Call ", code("fetchAll()"), " then ", link("the docs", "https://a.test"), nodes.hardBreak!.create(), "line two"));
    const target = doc(p("Call ", code("fetchOne()"), " then ", link("the docs", "https://b.test"), nodes.hardBreak!.create(), "line 2"));
    const state = suggestBlocks(stateOf(original), [target.child(0)]);
    expect(findSuggestions(state.doc).map(({ deleted, inserted }) => [deleted, inserted])).toEqual([
      ["fetchAll", "fetchOne"],
      ["the docs", "the docs"],
      ["two", "2"],
    ]);
    expect(plain(apply(state, acceptRun(state, "run1")).doc).eq(target)).toBe(true);
    expect(apply(state, rejectRun(state, "run1")).doc.eq(original)).toBe(true);
  });

  it("diffs list items word by word, and replaces a list that gained an item as blocks", () => {
    const original = doc(list(item("first point"), item("second point")));
    const edited = doc(list(item("first idea"), item("second point")));
    const state = suggestBlocks(stateOf(original), [edited.child(0)]);
    expect(findSuggestions(state.doc).map(({ deleted, inserted }) => [deleted, inserted])).toEqual([["point", "idea"]]);
    expect(plain(apply(state, acceptRun(state, "run1")).doc).eq(edited)).toBe(true);
    const grown = doc(list(item("first point"), item("second point"), item("third point")));
    const blocks = suggestBlocks(stateOf(original), [grown.child(0)]);
    expect(plain(apply(blocks, acceptRun(blocks, "run1")).doc).eq(grown)).toBe(true);
    expect(apply(blocks, rejectRun(blocks, "run1")).doc.eq(original)).toBe(true);
  });

  it("takes an open slice for a selection inside a paragraph", () => {
    const state = stateOf(doc(p("Hello there world.")));
    const next = apply(state, suggestEdit(state, { from: 7, to: 12, replacement: Fragment.from(schema.text("big")), runId: "r" }));
    expect(text(apply(next, acceptRun(next, "r")))).toBe("Hello big world.");
  });

  it("refuses a range that already holds pending suggestions (revising a run rejects it first)", () => {
    const state = suggestInBlock(stateOf(doc(p("one two"))), 0, ["one three"]);
    expect(() => suggestEdit(state, { from: 1, to: state.doc.child(0).nodeSize - 1, replacement: Fragment.from(schema.text("x")), runId: "r2" })).toThrow(RangeError);
  });
});

describe("the writer's overlapping edits", () => {
  const proposed = () => suggestInBlock(stateOf(doc(p("alpha beta gamma delta epsilon"))), 0, ["alpha BETA gamma DELTA epsilon"]);

  it("deleting across two hunks flags both; deleting a hunk with the text around it leaves nothing to review", () => {
    const state = proposed();
    const [first, second] = findSuggestions(state.doc);
    const across = apply(state, state.tr.delete(first!.from + 2, second!.from + 2));
    expect(findSuggestions(across.doc).every((hunk) => hunk.conflict)).toBe(true);
    const whole = apply(state, state.tr.delete(first!.from - 1, first!.to + 1));
    expect(findSuggestions(whole.doc).map((hunk) => [hunk.id, hunk.conflict])).toEqual([[second!.id, false]]);
  });

  it("pasting text that carries suggestion marks makes it the writer's own text", () => {
    const state = proposed();
    const copied = state.doc.slice(findSuggestions(state.doc)[0]!.from, findSuggestions(state.doc)[0]!.to);
    const pasted = apply(state, state.tr.replace(state.doc.content.size - 1, state.doc.content.size - 1, copied));
    expect(findSuggestions(pasted.doc)).toHaveLength(2);
    expect(text(pasted)).toMatch(/epsilonbetaBETA$/);
  });

  it("undoing the writer's edit inside a hunk brings back the hunk as it was", () => {
    const state = proposed();
    const typed = apply(state, state.tr.insertText("X", findSuggestions(state.doc)[0]!.from + 1));
    let undone: EditorState | undefined;
    undo(typed, (tr) => (undone = typed.apply(tr)));
    expect(undone!.doc.eq(state.doc)).toBe(true);
  });

  it("checks only the changed ranges: typing in a 15,000-word document with 200 hunks stays cheap per keystroke", () => {
    const paragraph = (i: number) => Array.from({ length: 75 }, (_, w) => `w${i}x${w}`).join(" ");
    let state = stateOf(doc(...Array.from({ length: 200 }, (_, i) => p(paragraph(i)))));
    state = suggestBlocks(state, Array.from({ length: 200 }, (_, i) => p(paragraph(i).replace(`w${i}x40`, "changed"))));
    expect(findSuggestions(state.doc)).toHaveLength(200);
    const started = performance.now();
    for (let i = 0; i < 200; i++) state = apply(state, state.tr.insertText("a", 1 + i));
    expect((performance.now() - started) / 200).toBeLessThan(5);
  });
});

describe("three-way merge of saved documents with suggestions", () => {
  it("keeps one side's pending hunks beside the other side's edit elsewhere", () => {
    const base = doc(p("one two"), p("three four"));
    const mine = suggestInBlock(stateOf(base), 0, ["one 2"]).doc;
    const theirs = doc(p("one two"), p("three five"));
    const merged = mergeDocuments(base.toJSON() as DocumentContent, mine.toJSON() as DocumentContent, theirs.toJSON() as DocumentContent);
    expect(merged.conflicts).toEqual([]);
    const node = schema.nodeFromJSON(merged.doc);
    node.check();
    expect(findSuggestions(node)).toHaveLength(1);
  });
});

describe("added blocks", () => {
  it("rejecting a proposed paragraph or list item removes it whole, in the editor and in exports alike", () => {
    const original = doc(p("One."), p("Two."));
    const state = suggestBlocks(stateOf(original), [p("One."), p("Two."), p("Three.")]);
    expect(findSuggestions(state.doc)).toHaveLength(1);
    expect(apply(state, rejectRun(state, "run1")).doc.eq(original)).toBe(true);
    expect(settleSuggestions(state.doc.toJSON() as DocumentContent, "original")).toEqual(original.toJSON());
    expect(settleSuggestions(state.doc.toJSON() as DocumentContent, "accepted")).toEqual(plain(apply(state, acceptRun(state, "run1")).doc).toJSON());
  });
});

describe("reviseRun: streaming, try again and follow-ups revise the same run in place", () => {
  const whole = (state: EditorState, index: number) => {
    let pos = 0;
    for (let i = 0; i < index; i++) pos += state.doc.child(i).nodeSize;
    return { from: pos + 1, to: pos + state.doc.child(index).nodeSize - 1 };
  };
  const revise = (state: EditorState, index: number, answer: string, runId = "run1") =>
    apply(state, reviseRun(state, { ...whole(state, index), replacement: Fragment.from(schema.text(answer)), runId }));

  it("grows the proposal as the answer streams, outside the undo history, leaving other runs alone", () => {
    let state = suggestInBlock(stateOf(doc(p("The quick brown fox jumps."), p("Other text."))), 1, ["Other words."], "other");
    state = revise(state, 0, "The slow brown fox jumps.");
    expect(findSuggestions(state.doc).filter((hunk) => hunk.runId === "run1").map(({ deleted, inserted }) => [deleted, inserted])).toEqual([["quick", "slow"]]);
    state = revise(state, 0, "The slow brown fox leaps.");
    expect(findSuggestions(state.doc).map(({ runId, deleted, inserted }) => [runId, deleted, inserted])).toEqual([
      ["run1", "quick", "slow"],
      ["run1", "jumps", "leaps"],
      ["other", "text", "words"],
    ]);
    expect(undo(state)).toBe(false);
    state = apply(state, acceptRun(state, "run1"));
    expect(text(state)).toBe("The slow brown fox leaps.\nOther textwords.");
  });

  it("try again replaces the run's hunks with the new answer's, and an answer equal to the original leaves none", () => {
    let state = revise(stateOf(doc(p("Keep the first sentence. Change this one."))), 0, "Keep the first sentence. Alter this one.");
    state = revise(state, 0, "Keep the first sentence. Change that one.");
    expect(findSuggestions(state.doc).map(({ deleted, inserted }) => [deleted, inserted])).toEqual([["this", "that"]]);
    state = revise(state, 0, "Keep the first sentence. Change this one.");
    expect(findSuggestions(state.doc)).toEqual([]);
    expect(text(state)).toBe("Keep the first sentence. Change this one.");
  });
});
