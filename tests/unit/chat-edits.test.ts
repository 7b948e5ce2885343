import { type Node } from "@tiptap/pm/model";
import { EditorState, TextSelection } from "@tiptap/pm/state";
import { describe, expect, it } from "vitest";
import { chatEditInstruction, chatEditTarget } from "@/lib/client/editor/chat-edits";
import { editRequestSchema } from "@/lib/contracts/edits";
import { limits } from "@/lib/contracts/limits";
import { documentSchema } from "@/lib/documents/schema";

const schema = documentSchema();
const p = (text: string) => schema.nodes.paragraph!.create(null, text ? schema.text(text) : null);
const doc = (...blocks: Node[]) => schema.nodes.doc!.create(null, blocks);
const state = (content: Node, from?: number, to?: number) => {
  const base = EditorState.create({ doc: content });
  return from === undefined ? base : base.apply(base.tr.setSelection(TextSelection.create(base.doc, from, to)));
};
const between = (s: EditorState, target: { from: number; to: number } | null) => (target ? s.doc.textBetween(target.from, target.to, "|") : null);

describe("chatEditTarget: what a chat answer is applied to", () => {
  const content = doc(p("Bees dance."), p("They fly far."));

  it("prefers the passage attached to the question, even with another selection now", () => {
    const s = state(content, 14, 18);
    const target = chatEditTarget(s, { from: 1, to: 12 });
    expect(target).toMatchObject({ source: "asked", description: "the passage you asked about" });
    expect(between(s, target)).toBe("Bees dance.");
  });

  it("takes the current selection when nothing was attached, or the attached passage was deleted", () => {
    const s = state(content, 14, 18);
    expect(between(s, chatEditTarget(s, undefined))).toBe("They");
    expect(chatEditTarget(s, { from: 5, to: 5 })?.source).toBe("selection");
  });

  it("falls back to the whole document with no selection, and to nothing in an empty one", () => {
    const s = state(content, 3);
    expect(chatEditTarget(s, undefined)).toMatchObject({ source: "document" });
    expect(between(s, chatEditTarget(s, undefined))).toBe("Bees dance.|They fly far.");
    expect(chatEditTarget(state(doc(p(""))), undefined)).toBeNull();
  });
});

describe("chatEditInstruction: the chat answer as the edit's instruction", () => {
  it("carries the question and the answer", () => {
    const instruction = chatEditInstruction("Is the opening weak?", "Yes: start with the dance.");
    expect(instruction).toContain("The writer asked: Is the opening weak?");
    expect(instruction).toMatch(/The answer: Yes: start with the dance\.$/);
  });

  it("keeps a long answer's opening within the instruction limit, never splitting an emoji, so the edits contract accepts it", () => {
    for (const answer of ["word ".repeat(1_000), "🐝".repeat(2_000)]) {
      const instruction = chatEditInstruction("q".repeat(5_000), answer);
      expect(instruction.length).toBeLessThanOrEqual(limits.instructionChars);
      expect(instruction.endsWith("…")).toBe(true);
      expect(editRequestSchema.safeParse({ text: "Bees.", action: "custom", instruction }).success).toBe(true);
    }
  });
});
