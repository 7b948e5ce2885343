import { Fragment, type Node, type Schema, Slice } from "@tiptap/pm/model";
import type { EditorState } from "@tiptap/pm/state";
import { describe, expect, it, vi } from "vitest";
import { documentSchema } from "@/lib/documents/schema";
import { acceptRun, findSuggestions, rejectRun } from "@/lib/editor/suggestions/review";
import { fakeEditor } from "../fixtures/fake-editor";

// The browser parses the model's Markdown with the DOM; "## " headings and paragraphs are enough here.
vi.mock("@/lib/client/editor/content", () => ({
  markdownToSlice: (schema: Schema, markdown: string) =>
    new Slice(
      Fragment.fromArray(
        markdown.split(/\n{2,}/).map((block) =>
          block.startsWith("## ") ? schema.nodes.heading!.create({ level: 2 }, schema.text(block.slice(3))) : schema.nodes.paragraph!.create(null, schema.text(block)),
        ),
      ),
      1,
      1,
    ),
}));

const { beginRun, endRun, rangeMarkdown, streamStep } = await import("@/lib/client/editor/tracked-run");
const { redraftTarget } = await import("@/lib/client/editor/drafting");

const schema = documentSchema();
const p = (text: string) => schema.nodes.paragraph!.create(null, schema.text(text));
const h = (text: string) => schema.nodes.heading!.create({ level: 2 }, schema.text(text));
const doc = (...blocks: Node[]) => schema.nodes.doc!.create(null, blocks);
const text = (state: EditorState) => state.doc.textBetween(0, state.doc.content.size, "|");


describe("a section redraft streamed over its blocks", () => {
  it("proposes the answer's blocks for the section only, the heading kept a heading; rejecting all restores it", () => {
    const original = doc(h("Intro"), p("Hello."), h("Why bees dance"), p("They share directions."), h("Hives"), p("They vote."));
    const editor = fakeEditor(original);
    const target = redraftTarget(editor.state, "Why bees dance")!;
    const markdown = rangeMarkdown(editor.state.doc, target.from, target.to);
    expect(markdown).toBe("## Why bees dance\n\nThey share directions.");
    beginRun(editor, "redraft", target);
    streamStep(editor, { runId: "redraft", original: markdown, answer: "## Why bees dance\n\nThey dance to show where the flowers are.", done: true });
    endRun(editor);

    const hunks = findSuggestions(editor.state.doc);
    expect(hunks.length).toBeGreaterThan(0);
    const sectionEnd = redraftTarget(editor.state, "Why bees dance")!.to;
    expect(hunks.every((hunk) => hunk.from >= target.from && hunk.to <= sectionEnd)).toBe(true);
    const accepted = editor.state.apply(acceptRun(editor.state, "redraft")!);
    expect(text(accepted)).toBe("Intro|Hello.|Why bees dance|They dance to show where the flowers are.|Hives|They vote.");
    expect(accepted.doc.child(2).type.name).toBe("heading");
    expect(editor.state.apply(rejectRun(editor.state, "redraft")!).doc.eq(original)).toBe(true);
  });
});
