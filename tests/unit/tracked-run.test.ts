import type { Editor } from "@tiptap/core";
import { undo } from "@tiptap/pm/history";
import { Fragment, type Node, type Schema, Slice } from "@tiptap/pm/model";
import { describe, expect, it, vi } from "vitest";
import { documentSchema } from "@/lib/documents/schema";
import { acceptRun, acceptSuggestion, findSuggestions, rejectRun } from "@/lib/editor/suggestions/review";
import { fakeEditor } from "../fixtures/fake-editor";

// The browser parses the model's Markdown with the DOM; plain paragraphs are enough here.
const paragraphs = (schema: Schema, markdown: string) =>
  markdown.split(/\n{2,}/).map((block) => {
    const text = block.replace(/\\(.)/g, "$1").replace(/\s+/g, " ");
    return schema.nodes.paragraph!.create(null, text ? schema.text(text) : null);
  });
vi.mock("@/lib/client/editor/content", () => ({
  markdownToBlocks: (schema: Schema, markdown: string) => Fragment.fromArray(paragraphs(schema, markdown)),
  markdownToSlice: (schema: Schema, markdown: string) =>
    new Slice(
      Fragment.fromArray(
        markdown.split(/\n{2,}/).map((block) => {
          const text = block.replace(/\\(.)/g, "$1").replace(/\s+/g, " ");
          return schema.nodes.paragraph!.create(null, text ? schema.text(text) : null);
        }),
      ),
      1,
      1,
    ),
}));

const { beginRun, endRun, liveRun, markdownOffset, rangeMarkdown, streamStep } = await import("@/lib/client/editor/tracked-run");

const schema = documentSchema();
const p = (text: string) => schema.nodes.paragraph!.create(null, schema.text(text));
const doc = (...blocks: Node[]) => schema.nodes.doc!.create(null, blocks);

const text = (editor: Editor) => editor.state.doc.textBetween(0, editor.state.doc.content.size, "\n");
const pairs = (editor: Editor) => findSuggestions(editor.state.doc).map((hunk) => [hunk.deleted, hunk.inserted, hunk.conflict]);

function start(original: string) {
  const editor = fakeEditor(doc(p(original)));
  const range = { from: 1, to: 1 + original.length };
  const markdown = rangeMarkdown(editor.state.doc, range.from, range.to);
  beginRun(editor, "run1", range);
  return { editor, step: (answer: string, done = false) => streamStep(editor, { runId: "run1", original: markdown, answer, done }) };
}

describe("a rewrite streaming into the document", () => {
  it("shows the changes that arrived and leaves the original it hasn't reached alone", () => {
    const { editor, step } = start("The quick brown fox jumps over the dog.");
    step("The slow ");
    expect(pairs(editor)).toEqual([["", "slow ", false]]);
    step("The slow brown fox leaps over ");
    expect(pairs(editor)).toEqual([
      ["quick", "slow", false],
      ["jumps", "leaps", false],
    ]);
    // The latest hunk, "jumps" → "leaps" (its deletion and its insertion), may still move.
    expect(liveRun(editor.state)?.pending.find().map((d) => editor.state.doc.textBetween(d.from, d.to))).toEqual(["jumps", "leaps"]);
    step("The slow brown fox leaps over the lazy dog.", true);
    expect(pairs(editor)).toEqual([
      ["quick", "slow", false],
      ["jumps", "leaps", false],
      ["", " lazy", false],
    ]);
    expect(liveRun(editor.state)?.pending.find()).toHaveLength(0);
  });

  it("keeps the streaming out of the undo history: one undo takes back the accept, not the stream", () => {
    const { editor, step } = start("one two three");
    step("uno two three", true);
    endRun(editor);
    const [hunk] = findSuggestions(editor.state.doc);
    editor.view.dispatch(acceptSuggestion(editor.state, hunk!.id)!);
    expect(text(editor)).toBe("uno two three");
    undo(editor.state, editor.view.dispatch);
    expect(pairs(editor)).toEqual([["one", "uno", false]]);
    expect(undo(editor.state, editor.view.dispatch)).toBe(false);
  });

  it("keeps the writer's typing theirs: the AI's version of the stretch they changed follows their words, flagged", () => {
    const { editor, step } = start("The quick brown fox jumps over the dog.");
    step("The slow ");
    // The writer types "very " before "quick" (after "The ") while the answer streams.
    const at = 1 + "The ".length + "slow ".length;
    editor.view.dispatch(editor.state.tr.insertText("very ", at));
    step("The slow brown fox jumps over the dog.", true);
    expect(text(editor)).toContain("very");
    for (const hunk of findSuggestions(editor.state.doc)) expect(hunk.deleted + hunk.inserted).not.toContain("very");
    expect(pairs(editor)).toEqual([["", "slow ", true]]);
    editor.view.dispatch(rejectRun(editor.state, "run1")!);
    expect(text(editor)).toBe("The very quick brown fox jumps over the dog.");
  });

  it("applies the AI's changes around a writer's edit elsewhere in the range", () => {
    const { editor, step } = start("The quick brown fox jumps over the dog.");
    step("The ");
    const at = 1 + "The quick brown fox jumps over the".length;
    editor.view.dispatch(editor.state.tr.insertText(" old", at));
    step("The slow brown fox jumps over the dog.", true);
    expect(pairs(editor)).toEqual([["quick", "slow", false]]);
    expect(text(editor)).toBe("The quickslow brown fox jumps over the old dog.");
  });
});

describe("an insertion streaming into the document (Continue writing, Insert below)", () => {
  it("Insert below: new paragraphs after the block, one tracked insertion that Reject all removes with its blocks", () => {
    const editor = fakeEditor(doc(p("First."), p("Last.")));
    const at = editor.state.doc.child(0).nodeSize;
    beginRun(editor, "run1", { from: at, to: at });
    const step = (answer: string, done = false) => streamStep(editor, { runId: "run1", original: "", answer, done, blocks: true });
    step("Half");
    expect(editor.state.doc.childCount).toBe(2);
    step("A new idea here.\n\nAnd another one", true);
    expect(text(editor)).toBe("First.\nA new idea here.\nAnd another one\nLast.");
    expect(pairs(editor)).toEqual([["", "A new idea here.And another one", false]]);
    endRun(editor);
    editor.view.dispatch(rejectRun(editor.state, "run1")!);
    expect(text(editor)).toBe("First.\nLast.");
  });

  it("Continue writing: the word before the cursor leads the answer, so the space is part of the insertion", () => {
    const editor = fakeEditor(doc(p("The harbor woke")));
    const range = { from: 1 + "The harbor ".length, to: 1 + "The harbor woke".length };
    beginRun(editor, "run1", range);
    streamStep(editor, { runId: "run1", original: "woke", answer: "woke slowly today.", done: true });
    expect(pairs(editor)).toEqual([["", " slowly today.", false]]);
    expect(text(editor)).toBe("The harbor woke slowly today.");
  });
});

describe("a long rewrite streaming into the document", () => {
  // 30 paragraphs of about 150 characters: past the length where steps re-propose only a window.
  const paragraphs = Array.from({ length: 30 }, (_, i) => `Paragraph ${i} says the old words again and again, with enough of them to make a long section of text that the model rewrites word by word here.`);
  const rewritten = paragraphs.map((line, i) => (i % 3 === 0 ? line.replace("old", "new") : line.replace("again and again", "once")));

  function startLong() {
    const editor = fakeEditor(doc(...paragraphs.map(p)));
    const range = { from: 1, to: editor.state.doc.content.size - 1 };
    const markdown = rangeMarkdown(editor.state.doc, range.from, range.to);
    beginRun(editor, "run1", range);
    return { editor, step: (answer: string, done = false) => streamStep(editor, { runId: "run1", original: markdown, answer, done }) };
  }

  it("ends with the same changes as a whole-range proposal, each hunk its own id, and later steps leave the settled paragraphs alone", () => {
    const { editor, step } = startLong();
    const answer = rewritten.join("\n\n");
    let touchedFrom = Infinity;
    for (let at = 40; at < answer.length; at += 40) {
      const before = editor.state.doc;
      step(answer.slice(0, at));
      if (at > answer.length / 2) {
        // The first changed position of this step, past the first paragraphs once they settled.
        touchedFrom = Math.min(touchedFrom, before.content.findDiffStart(editor.state.doc.content) ?? Infinity);
      }
    }
    step(answer, true);
    expect(touchedFrom).toBeGreaterThan(editor.state.doc.child(5).nodeSize * 5);
    const hunks = findSuggestions(editor.state.doc);
    expect(new Set(hunks.map((h) => h.id)).size).toBe(hunks.length);
    expect(hunks).toHaveLength(30);
    expect(hunks.map((h) => [h.deleted, h.inserted])).toEqual(paragraphs.map((_, i) => (i % 3 === 0 ? ["old", "new"] : ["again and again", "once"])));
    editor.view.dispatch(acceptRun(editor.state, "run1")!);
    expect(text(editor)).toBe(rewritten.join("\n"));
  });

  it("re-proposes the whole range once the writer edited inside it", () => {
    const { editor, step } = startLong();
    const answer = rewritten.join("\n\n");
    step(answer.slice(0, answer.length / 2));
    editor.view.dispatch(editor.state.tr.insertText(" mine", 1 + "Paragraph 0 says".length));
    step(answer.slice(0, (answer.length * 3) / 4));
    step(answer, true);
    expect(text(editor).startsWith("Paragraph 0 says mine the")).toBe(true);
    for (const hunk of findSuggestions(editor.state.doc)) expect(hunk.deleted + hunk.inserted).not.toContain("mine");
    editor.view.dispatch(rejectRun(editor.state, "run1")!);
    expect(text(editor)).toBe(paragraphs.join("\n").replace("Paragraph 0 says", "Paragraph 0 says mine"));
  });
});

describe("markdownOffset: a position's place in its range's Markdown (how a change finds its variant spot)", () => {
  it("counts the blank line between paragraphs for a change at a paragraph's start, as the range's Markdown has it", () => {
    const schema = documentSchema();
    const p = (text: string) => schema.nodes.paragraph!.create(null, schema.text(text));
    const doc = schema.nodes.doc!.create(null, [p("First para."), p("Second para.")]);
    const markdown = rangeMarkdown(doc, 0, doc.content.size);
    expect(markdown).toBe("First para.\n\nSecond para.");
    const secondStart = doc.child(0).nodeSize + 1;
    expect(markdownOffset(doc, 0, secondStart)).toBe(markdown.indexOf("Second"));
    expect(markdownOffset(doc, 0, secondStart + "Second ".length)).toBe(markdown.indexOf("para.", 13));
    expect(markdownOffset(doc, 0, 1 + "First ".length)).toBe(markdown.indexOf("para."));
    expect(markdownOffset(doc, 0, 1)).toBe(0);
  });
});
