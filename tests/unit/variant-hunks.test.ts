import { Fragment, type Schema, Slice } from "@tiptap/pm/model";
import { describe, expect, it, vi } from "vitest";
import { documentSchema } from "@/lib/documents/schema";
import { acceptRun, findSuggestions } from "@/lib/editor/suggestions/review";
import { cycleSpot, findSpots, mixVariants, spotNear } from "@/lib/editor/variants/spots";
import { fakeEditor } from "../fixtures/fake-editor";

// The browser parses the model's Markdown with the DOM; plain paragraphs are enough here.
const paragraphs = (schema: Schema, markdown: string) =>
  markdown.split(/\n{2,}/).map((block) => schema.nodes.paragraph!.create(null, block ? schema.text(block.replace(/\\(.)/g, "$1")) : null));
vi.mock("@/lib/client/editor/content", () => ({
  markdownToBlocks: (schema: Schema, markdown: string) => Fragment.fromArray(paragraphs(schema, markdown)),
  markdownToSlice: (schema: Schema, markdown: string) => new Slice(Fragment.fromArray(paragraphs(schema, markdown)), 1, 1),
}));

const { beginRun, endRun, rangeMarkdown, streamStep } = await import("@/lib/client/editor/tracked-run");

const schema = documentSchema();
const doc = (...texts: string[]) => schema.nodes.doc!.create(null, texts.map((text) => schema.nodes.paragraph!.create(null, schema.text(text))));

describe("a variant run's changes in the document and their spots", () => {
  it("each change finds its spot from where it starts, and proposing a mix gives exactly the mixed text", () => {
    const texts = ["The village kept its old mill.", "Winter was long and the river froze."];
    const editor = fakeEditor(doc(...texts));
    const range = { from: 0, to: editor.state.doc.content.size };
    const original = rangeMarkdown(editor.state.doc, range.from, range.to);
    const variants = ["The town kept its old mill.\n\nWinter was cold and the river froze.", "The hamlet kept its stone mill.\n\nWinter was long and the river froze solid."];
    const spots = findSpots(original, variants);
    const propose = (text: string) => {
      beginRun(editor, "run1", range);
      streamStep(editor, { runId: "run1", original, answer: text, done: true });
      endRun(editor);
    };

    propose(variants[0]!);
    let choice = spots.map(() => 0);
    const found = findSuggestions(editor.state.doc).map((hunk) => spotNear(original, spots, choice, rangeMarkdown(editor.state.doc, range.from, hunk.from).length));
    // A changes "village" and "long": spots 0 and 2 ("old" and the end of the second paragraph are B's).
    expect(found).toEqual([0, 2]);

    choice = cycleSpot(spots, choice, 0, 1);
    choice = cycleSpot(spots, choice, 3, 1);
    const mixed = mixVariants(original, spots, choice);
    expect(mixed).toBe("The hamlet kept its old mill.\n\nWinter was cold and the river froze solid.");
    range.to = editor.state.doc.content.size;
    propose(mixed);
    const after = findSuggestions(editor.state.doc).map((hunk) => spotNear(original, spots, choice, rangeMarkdown(editor.state.doc, range.from, hunk.from).length));
    expect(after).toEqual([0, 2, 3]);
    editor.view.dispatch(acceptRun(editor.state, "run1")!);
    expect(editor.state.doc.textBetween(0, editor.state.doc.content.size, "\n\n")).toBe(mixed);
  });
});
