import { history, undo } from "@tiptap/pm/history";
import type { Node } from "@tiptap/pm/model";
import { EditorState, TextSelection } from "@tiptap/pm/state";
import { describe, expect, it } from "vitest";
import { documentSchema } from "@/lib/documents/schema";
import { findMatches, findPlugin, findState, goToMatch, nearestMatch, refreshFind, replaceAllMatches, replaceCurrent, setFindQuery } from "@/lib/editor/find";

const schema = documentSchema();
const p = (...content: Node[]) => schema.nodes.paragraph!.create(null, content);
const t = (text: string, bold = false) => schema.text(text, bold ? [schema.marks.bold!.create()] : []);
const br = () => schema.nodes.hardBreak!.create();
const doc = (...blocks: Node[]) => schema.nodes.doc!.create(null, blocks);
const text = (state: EditorState) => state.doc.textBetween(0, state.doc.content.size, "|");
const matchedText = (content: Node, query: string, options?: { caseSensitive?: boolean }) =>
  findMatches(content, query, options).map((m) => content.textBetween(m.from, m.to));

describe("findMatches", () => {
  it("finds every match in order, across formatting, ignoring case unless asked", () => {
    const content = doc(p(t("The cat and "), t("the Cat", true)), p(t("cathedral")));
    expect(matchedText(content, "cat")).toEqual(["cat", "Cat", "cat"]);
    expect(matchedText(content, "cat", { caseSensitive: true })).toEqual(["cat", "cat"]);
    expect(matchedText(content, "the cat")).toEqual(["The cat", "the Cat"]);
  });

  it("keeps positions right after a line break and never matches across blocks or overlapping", () => {
    const content = doc(p(t("ab"), br(), t("ab")), p(t("aaaa")));
    expect(matchedText(content, "ab")).toEqual(["ab", "ab"]);
    expect(matchedText(content, "aa")).toEqual(["aa", "aa"]);
    expect(findMatches(doc(p(t("end")), p(t("start"))), "endstart")).toEqual([]);
  });

  it("finds nothing for an empty query and stops at the limit", () => {
    expect(findMatches(doc(p(t("aaa"))), "")).toEqual([]);
    expect(findMatches(doc(p(t("a".repeat(50)))), "a", { limit: 10 })).toHaveLength(10);
  });
});

describe("nearestMatch", () => {
  const matches = [{ from: 2, to: 4 }, { from: 10, to: 12 }];
  it("goes to the first match at or after the position, or wraps round", () => {
    expect(nearestMatch(matches, 5, 1)).toBe(1);
    expect(nearestMatch(matches, 20, 1)).toBe(0);
    expect(nearestMatch(matches, 5, -1)).toBe(0);
    expect(nearestMatch(matches, 1, -1)).toBe(1);
    expect(nearestMatch([], 1, 1)).toBe(-1);
  });
});

describe("the find plugin", () => {
  const start = (content: Node) => EditorState.create({ doc: content, plugins: [history(), findPlugin()] });

  it("highlights the matches of the query and steps through them, wrapping round", () => {
    let state = start(doc(p(t("one fish two fish red fish"))));
    state = state.apply(setFindQuery(state, "fish"));
    expect(findState(state).matches).toHaveLength(3);
    expect(findState(state).decorations.find()).toHaveLength(3);
    expect(findState(state).current).toBe(0);
    for (const expected of [1, 2, 0, 1]) {
      state = state.apply(goToMatch(state, 1)!);
      expect(findState(state).current).toBe(expected);
      expect(state.doc.textBetween(state.selection.from, state.selection.to)).toBe("fish");
    }
    state = state.apply(goToMatch(state, -1)!);
    expect(findState(state).current).toBe(0);
    expect(findState(state.apply(setFindQuery(state, ""))).matches).toEqual([]);
  });

  it("maps the matches through an edit and marks them for a later search instead of searching on every key", () => {
    let state = start(doc(p(t("fish and fish"))));
    state = state.apply(setFindQuery(state, "fish"));
    state = state.apply(state.tr.insertText("fish ", 1));
    expect(findState(state).stale).toBe(true);
    expect(findState(state).matches.map((m) => state.doc.textBetween(m.from, m.to))).toEqual(["fish", "fish"]);
    state = state.apply(refreshFind(state));
    expect(findState(state)).toMatchObject({ stale: false, matches: [expect.anything(), expect.anything(), expect.anything()] });
  });

  it("replaces the current match and moves to the next", () => {
    let state = start(doc(p(t("cat cat cat"))));
    state = state.apply(setFindQuery(state, "cat"));
    state = state.apply(replaceCurrent(state, "dog")!);
    expect(text(state)).toBe("dog cat cat");
    expect(state.doc.textBetween(state.selection.from, state.selection.to)).toBe("cat");
    expect(findState(state).matches).toHaveLength(2);
  });

  it("replaces all matches as one undo step", () => {
    let state = start(doc(p(t("cat and "), t("Cat", true)), p(t("concat"))));
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, 1)));
    state = state.apply(setFindQuery(state, "cat"));
    state = state.apply(replaceAllMatches(state, "dog")!);
    expect(text(state)).toBe("dog and dog|condog");
    expect(findState(state).matches).toEqual([]);
    expect(state.doc.firstChild!.lastChild!.marks.map((m) => m.type.name)).toEqual(["bold"]);
    let undone: EditorState | undefined;
    undo(state, (tr) => (undone = state.apply(tr)));
    expect(text(undone!)).toBe("cat and Cat|concat");
  });
});
