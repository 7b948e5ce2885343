import { history, undo } from "@tiptap/pm/history";
import { Fragment, type Node } from "@tiptap/pm/model";
import { EditorState, TextSelection } from "@tiptap/pm/state";
import { describe, expect, it } from "vitest";
import { documentSchema } from "@/lib/documents/schema";
import { blockInsertionPoint, insertBlocks, workPoint, workPointPlugin } from "@/lib/editor/insertion-point";

const schema = documentSchema();
const p = (text: string) => schema.nodes.paragraph!.create(null, text ? schema.text(text) : null);
const h1 = (text: string) => schema.nodes.heading!.create({ level: 1 }, schema.text(text));
const doc = (...blocks: Node[]) => schema.nodes.doc!.create(null, blocks);
const blocks = (...nodes: Node[]) => Fragment.fromArray(nodes);
const text = (state: EditorState) => state.doc.textBetween(0, state.doc.content.size, "|");
const titled = () => doc(h1("Launch plan"), p("First idea."), p("Second idea."));

describe("blockInsertionPoint: where generated text goes in as new blocks", () => {
  it("goes to the end of the document when the writer hasn't worked in it, never into the title", () => {
    const content = titled();
    expect(blockInsertionPoint(content, null)).toEqual({ from: content.content.size, to: content.content.size });
  });

  it("goes after the block the writer last worked in, not inside it", () => {
    const content = titled();
    const inTitle = 3;
    const afterTitle = content.firstChild!.nodeSize;
    expect(blockInsertionPoint(content, inTitle)).toEqual({ from: afterTitle, to: afterTitle });
    const inFirst = afterTitle + 4;
    expect(blockInsertionPoint(content, inFirst)).toEqual({ from: afterTitle + content.child(1).nodeSize, to: afterTitle + content.child(1).nodeSize });
  });

  it("takes over an empty line rather than leaving a gap: the one the writer is on, or the empty last line", () => {
    const content = doc(h1("Title"), p(""), p("After."));
    const emptyStart = content.firstChild!.nodeSize;
    expect(blockInsertionPoint(content, emptyStart + 1)).toEqual({ from: emptyStart, to: emptyStart + 2 });
    const trailing = doc(h1("Title"), p(""));
    expect(blockInsertionPoint(trailing, null)).toEqual({ from: trailing.firstChild!.nodeSize, to: trailing.content.size });
  });
});

describe("insertBlocks", () => {
  it("inserts whole blocks as one undo step of their own, the cursor after them", () => {
    const state = EditorState.create({ doc: titled(), plugins: [history()] });
    const { tr, from, to } = insertBlocks(state, blocks(h1("Campaign"), p("Body.")), null);
    const next = state.apply(tr);
    expect(text(next)).toBe("Launch plan|First idea.|Second idea.|Campaign|Body.");
    expect(next.doc.textBetween(from, to, "|")).toBe("Campaign|Body.");
    expect(next.selection.from).toBe(to - 1);
    let undone: EditorState | undefined;
    undo(next, (t) => (undone = next.apply(t)));
    expect(text(undone!)).toBe("Launch plan|First idea.|Second idea.");
  });
});

describe("workPointPlugin: the last place the writer worked", () => {
  const withPlugin = () => EditorState.create({ doc: titled(), plugins: [workPointPlugin()] });

  it("is unknown for a document opened and not touched, however its selection moves from outside", () => {
    const state = withPlugin();
    const moved = state.apply(state.tr.setSelection(TextSelection.create(state.doc, 3)));
    expect(workPoint(moved)).toBeNull();
  });

  it("follows the selection while the editor has focus and is mapped through later changes", () => {
    const plugin = workPointPlugin();
    const state = EditorState.create({ doc: titled(), plugins: [plugin] });
    const focus = plugin.props.handleDOMEvents!.focus! as unknown as () => boolean;
    const blur = plugin.props.handleDOMEvents!.blur! as unknown as () => boolean;
    focus();
    const clicked = state.apply(state.tr.setSelection(TextSelection.create(state.doc, 16)));
    expect(workPoint(clicked)).toBe(16);
    blur();
    const edited = clicked.apply(clicked.tr.insertText("New ", 1));
    expect(workPoint(edited)).toBe(20);
  });
});
