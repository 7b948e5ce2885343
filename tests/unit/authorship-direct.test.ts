import type { Editor } from "@tiptap/core";
import { history } from "@tiptap/pm/history";
import { Fragment, type Node, type Schema } from "@tiptap/pm/model";
import { EditorState, type Plugin, type Transaction } from "@tiptap/pm/state";
import { describe, expect, it, vi } from "vitest";
import { documentSchema } from "@/lib/documents/schema";
import { authorshipTracking } from "@/lib/editor/authorship/edits";
import type { AuthorshipAttrs } from "@/lib/editor/authorship/marks";
import { TrackedRanges } from "@/lib/client/editor/tracked-ranges";

// The browser parses Markdown with the DOM; plain paragraphs are enough here.
vi.mock("@/lib/client/editor/content", () => ({
  markdownToBlocks: (schema: Schema, markdown: string) =>
    Fragment.fromArray(markdown.split(/\n{2,}/).map((block) => schema.nodes.paragraph!.create(null, schema.text(block)))),
}));

// beginSection scrolls the new heading into view when there is a DOM; here there is none.
vi.stubGlobal("HTMLElement", class {});

const { appendDraftText, beginSection, endDrafting, finishSection } = await import("@/lib/client/editor/drafting");
const { insertGeneratedMarkdown } = await import("@/components/templates/insert-markdown");

const schema = documentSchema();
const p = (text?: string) => schema.nodes.paragraph!.create(null, text ? schema.text(text) : null);
const doc = (...blocks: Node[]) => schema.nodes.doc!.create(null, blocks);
const rangesPlugin = (TrackedRanges.config.addProseMirrorPlugins as () => Plugin[]).call({} as never);

/** Just enough of a Tiptap editor: the record's plugin, the tracked ranges, and who is writing. */
function fakeEditor(content: Node, storeInstructions = true) {
  const editor = {
    state: EditorState.create({ doc: content, plugins: [history(), authorshipTracking(), ...rangesPlugin] }),
    isDestroyed: false,
    storage: { authorshipRecord: { acceptedBy: "Ada", storeInstructions } },
    view: { dispatch: (tr: Transaction) => (editor.state = editor.state.apply(tr)), nodeDOM: () => null },
  };
  return editor as typeof editor & Editor;
}

/** Text runs as [text, origin or "writer"], and the record of the first AI run. */
function runs(editor: Editor) {
  const found: [string, string][] = [];
  let record: AuthorshipAttrs | undefined;
  editor.state.doc.descendants((node) => {
    if (!node.isText) return true;
    const mark = node.marks.find((m) => m.type.name === "authorship");
    record ??= mark?.attrs as AuthorshipAttrs | undefined;
    found.push([node.text!, mark ? mark.attrs.origin : "writer"]);
    return false;
  });
  return { found, record };
}

describe("AI text written straight into the document is marked AI-written", () => {
  it("outline drafting: the headings it adds and the drafted text, streamed and finished, accepted by the writer now", () => {
    const editor = fakeEditor(doc(p()));
    beginSection(editor, ["Why tests matter"], 0, "On testing", "gpt-test");
    appendDraftText(editor, "Tests catch ");
    appendDraftText(editor, "regressions.");
    expect(runs(editor).found).toEqual([
      ["On testing", "ai"],
      ["Why tests matter", "ai"],
      ["Tests catch regressions.", "ai"],
    ]);
    finishSection(editor, "Tests catch regressions.\n\nThey document intent.");
    endDrafting(editor);
    const { found, record } = runs(editor);
    expect(found.slice(2)).toEqual([
      ["Tests catch regressions.", "ai"],
      ["They document intent.", "ai"],
    ]);
    expect(record).toMatchObject({ origin: "ai", action: "draft-section", model: "gpt-test", instruction: "Draft “Why tests matter” from the outline", acceptedBy: "Ada" });
    expect(record!.acceptedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("templates: the inserted blocks are AI-written; with prompts not stored the record has no instruction", () => {
    const editor = fakeEditor(doc(p("Mine.")), false);
    expect(insertGeneratedMarkdown(editor, "Dear team,\n\nThanks.", { model: "gpt-test", template: "Thank-you note" })).toBe(true);
    const { found, record } = runs(editor);
    expect(found).toEqual([
      ["Mine.", "writer"],
      ["Dear team,", "ai"],
      ["Thanks.", "ai"],
    ]);
    expect(record).toMatchObject({ action: "template", model: "gpt-test", instruction: null, acceptedBy: "Ada" });
  });
});
