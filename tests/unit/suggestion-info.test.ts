import { Fragment, type Mark, type Node } from "@tiptap/pm/model";
import { EditorState, type Transaction } from "@tiptap/pm/state";
import { describe, expect, it } from "vitest";
import type { DocumentContent } from "@/lib/contracts/documents";
import { limits } from "@/lib/contracts/limits";
import { documentSchema } from "@/lib/documents/schema";
import { documentProblem } from "@/lib/documents/validate";
import { suggestionConflicts } from "@/lib/editor/suggestions/conflicts";
import { runInfos, suggestionInfo } from "@/lib/editor/suggestions/info";
import { type SuggestionAttrs, type SuggestionInfo, suggestionAttributeRules, suggestionMarkName } from "@/lib/editor/suggestions/marks";
import { findSuggestions } from "@/lib/editor/suggestions/review";
import { reviseRun, suggestEdit } from "@/lib/editor/suggestions/suggest";

const schema = documentSchema();
const { nodes } = schema;
const p = (value: string) => nodes.paragraph!.create(null, schema.text(value));
const doc = (...blocks: Node[]) => nodes.doc!.create(null, blocks);
const stateOf = (content: Node) => EditorState.create({ doc: content, plugins: [suggestionConflicts()] });
const apply = (state: EditorState, tr: Transaction) => state.apply(tr);

const info: SuggestionInfo = { action: "improve", model: "openai/gpt-4o-mini", instruction: "Tone: formal", createdAt: "2026-12-06T14:30:05.123Z" };

const suggestionMarks = (node: Node): Mark[] => {
  const found: Mark[] = [];
  node.descendants((child) => {
    const mark = child.marks.find((m) => m.type.name === suggestionMarkName);
    if (mark) found.push(mark);
  });
  return found;
};

const whole = (state: EditorState) => ({ from: 1, to: state.doc.child(0).nodeSize - 1 });
const propose = (state: EditorState, answer: string, extra: SuggestionInfo | null = info) =>
  apply(state, suggestEdit(state, { ...whole(state), replacement: Fragment.from(schema.text(answer)), runId: "run1", ...(extra ? { info: extra } : {}) }));

describe("run facts on the suggestion mark: action, model, instruction, time", () => {
  it("puts the run's facts on every mark of the run, and reads them back per run", () => {
    const state = propose(stateOf(doc(p("The quick brown fox jumps."))), "The slow brown fox leaps.");
    const found = suggestionMarks(state.doc);
    expect(found.length).toBeGreaterThanOrEqual(4);
    for (const mark of found) expect(mark.attrs).toMatchObject(info);
    expect(runInfos(state.doc, findSuggestions(state.doc))).toEqual({ run1: info });
  });

  it("defaults to null without facts, as documents saved before them have", () => {
    const state = propose(stateOf(doc(p("Old words."))), "New words.", null);
    expect(suggestionMarks(state.doc)[0]!.attrs).toMatchObject({ action: null, model: null, instruction: null, createdAt: null });
    const saved = state.doc.toJSON() as DocumentContent;
    const stripped = JSON.parse(JSON.stringify(saved, (key, value: unknown) => (key === "action" || key === "model" || key === "instruction" || key === "createdAt" ? undefined : value))) as DocumentContent;
    expect(documentProblem(stripped)).toBeNull();
    expect(schema.nodeFromJSON(stripped).eq(state.doc)).toBe(true);
  });

  it("keeps them when the writer's edit inside a hunk flags it conflicting", () => {
    const state = propose(stateOf(doc(p("The quick brown fox."))), "The slow brown fox.");
    const hunk = findSuggestions(state.doc)[0]!;
    const typed = apply(state, state.tr.insertText("X", hunk.from + 2));
    expect(findSuggestions(typed.doc)[0]!.conflict).toBe(true);
    for (const mark of suggestionMarks(typed.doc)) expect(mark.attrs).toMatchObject({ ...info, conflict: true });
  });

  it("takes a revision's new facts (a follow-up instruction) on every mark of the run", () => {
    const state = propose(stateOf(doc(p("The quick brown fox."))), "The slow brown fox.");
    const followUp = { ...info, instruction: "keep the first word", createdAt: "2026-12-06T14:31:00.000Z" };
    const revised = apply(state, reviseRun(state, { from: 1, to: state.doc.child(0).nodeSize - 1, replacement: Fragment.from(schema.text("The sly brown fox.")), runId: "run1", info: followUp }));
    const found = suggestionMarks(revised.doc);
    expect(found.length).toBeGreaterThan(0);
    for (const mark of found) expect(mark.attrs).toMatchObject(followUp);
  });

  it("renders as data-* attributes and parses back the same, dropping values the mark refuses", () => {
    const type = schema.marks[suggestionMarkName]!;
    const mark = type.create({ kind: "insertion", id: "h1", runId: "run1", conflict: false, ...info });
    const [tag, attrs] = type.spec.toDOM!(mark, true) as [string, Record<string, string>];
    expect(tag).toBe("ins");
    expect(attrs).toMatchObject({ "data-action": "improve", "data-model": info.model, "data-instruction": info.instruction, "data-created-at": info.createdAt });
    const element = (values: Record<string, string>) =>
      ({ tagName: tag.toUpperCase(), getAttribute: (name: string) => values[name] ?? null, hasAttribute: (name: string) => name in values }) as unknown as HTMLElement;
    const rule = type.spec.parseDOM!.find((r) => r.tag?.startsWith("ins"))!;
    expect(rule.getAttrs!(element(attrs) as never)).toEqual(mark.attrs);
    const pasted = rule.getAttrs!(element({ ...attrs, "data-model": "x\u0000", "data-created-at": "yesterday", "data-action": "<b>" }) as never);
    expect(type.create(pasted as Record<string, unknown>).attrs).toMatchObject({ action: null, model: null, createdAt: null, instruction: info.instruction });
    expect(type.spec.toDOM!(type.create({ kind: "deletion", id: "h1", runId: "run1" }), true)).toEqual(["del", { "data-kind": "deletion", "data-suggestion-id": "h1", "data-run-id": "run1" }, 0]);
  });

  it("refuses values outside the rules when the mark is made", () => {
    const type = schema.marks[suggestionMarkName]!;
    expect(() => type.create({ kind: "insertion", id: "h1", runId: "run1", model: "x".repeat(201) })).toThrow(RangeError);
    expect(() => type.create({ kind: "insertion", id: "h1", runId: "run1", createdAt: "2026-13-45" })).toThrow(RangeError);
  });
});

describe("suggestionInfo: run facts made fit for the mark", () => {
  it("cuts a long model or instruction to its limit without splitting a surrogate pair, and nulls what the mark refuses", () => {
    const emoji = "😀".repeat(limits.instructionChars);
    const cut = suggestionInfo({ action: "not safe!", model: `m\u0000${"x".repeat(300)}`, instruction: emoji, createdAt: "tomorrow" });
    expect(cut).toEqual({ action: null, model: "m" + "x".repeat(199), instruction: "😀".repeat(limits.instructionChars / 2), createdAt: null });
    expect(suggestionInfo({ instruction: `a${"😀".repeat(limits.instructionChars)}` }).instruction).toHaveLength(limits.instructionChars - 1);
    expect(suggestionInfo({ instruction: "lone \uD800" }).instruction).toBe("lone \uFFFD");
    expect(suggestionInfo(info)).toEqual(info);
    expect(suggestionInfo({})).toEqual({ action: null, model: null, instruction: null, createdAt: null });
  });
});

describe("the server's document check of the run facts", () => {
  const saved = (attrs: Partial<Record<keyof SuggestionAttrs, unknown>>) => ({
    type: "doc",
    content: [{ type: "paragraph", content: [{ type: "text", text: "new", marks: [{ type: "suggestion", attrs: { kind: "insertion", id: "h1", runId: "run1", conflict: false, ...attrs } }] }] }],
  });

  it("accepts facts within the rules, and null", () => {
    expect(documentProblem(saved(info))).toBeNull();
    expect(documentProblem(saved({ action: "continue", model: "m".repeat(200), instruction: "i".repeat(limits.instructionChars), createdAt: "2026-12-06T14:30:05Z" }))).toBeNull();
    expect(documentProblem(saved({ action: null, model: null, instruction: null, createdAt: null }))).toBeNull();
    expect(documentProblem(saved({ instruction: "Formal — 😀 émigré" }))).toBeNull();
  });

  it.each([
    ["action", "not an id!", "suggestion action must be null or 1 to 64 letters, digits, - or _."],
    ["action", 7, "suggestion action must be null or 1 to 64 letters, digits, - or _."],
    ["model", "m".repeat(201), "suggestion model must be null or 1 to 200 characters."],
    ["model", "a\u0000b", "suggestion model must not hold NUL or unpaired surrogates."],
    ["model", "", "suggestion model must be null or 1 to 200 characters."],
    ["instruction", "i".repeat(limits.instructionChars + 1), "suggestion instruction must be null or 1 to 2,000 characters."],
    ["instruction", "lone \uD800 surrogate", "suggestion instruction must not hold NUL or unpaired surrogates."],
    ["createdAt", "2026-12-06 14:30", "suggestion createdAt must be null or an ISO 8601 time in UTC."],
    ["createdAt", "2026-99-06T14:30:00Z", "suggestion createdAt must be null or an ISO 8601 time in UTC."],
  ] as const)("refuses %s %j, naming the attribute", (name, value, message) => {
    expect(suggestionAttributeRules[name](value)).not.toBeNull();
    expect(documentProblem(saved({ [name]: value }))).toEqual({ path: ["content", 0, "content", 0, "marks", 0, "attrs", name], message });
  });
});
