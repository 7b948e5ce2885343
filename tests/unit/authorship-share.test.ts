import type { Node } from "@tiptap/pm/model";
import { describe, expect, it } from "vitest";
import type { DocumentContent } from "@/lib/contracts/documents";
import { documentSchema } from "@/lib/documents/schema";
import { authorshipShare, authorshipShareOfJson, formatAiShare } from "@/lib/editor/authorship/share";

const schema = documentSchema();
const { nodes, marks } = schema;
const ai = (value: string, origin: "ai" | "edited" = "ai") => schema.text(value, [marks.authorship!.create({ runId: "run1", origin })]);
const pending = (value: string) => schema.text(value, [marks.suggestion!.create({ kind: "insertion", id: "h1", runId: "run2" })]);
const p = (...parts: (string | Node)[]) => nodes.paragraph!.create(null, parts.map((part) => (typeof part === "string" ? schema.text(part) : part)));
const doc = (...blocks: Node[]) => nodes.doc!.create(null, blocks);

describe("authorshipShare: who wrote how many of the document's words", () => {
  it("counts the writer's words, the AI's as written and as edited since", () => {
    const d = doc(p("I wrote this. ", ai("The model wrote these four"), " words."), p(ai("Edited passage here", "edited")));
    const share = authorshipShare(d);
    expect(share).toMatchObject({ words: 12, writer: 4, ai: 5, edited: 3 });
    expect(share.aiShare).toBeCloseTo(8 / 12);
    expect(formatAiShare(share)).toBe("67% AI-written");
  });

  it("gives a word split across origins to the one holding most of its letters, a tie to the writer", () => {
    expect(authorshipShare(doc(p(ai("catalog"), "s")))).toMatchObject({ ai: 1, writer: 0 });
    expect(authorshipShare(doc(p(ai("ab"), "cd")))).toMatchObject({ ai: 0, writer: 1 });
  });

  it("ends words at block edges and leaves pending suggested insertions out", () => {
    expect(authorshipShare(doc(p(ai("one")), p("two")))).toMatchObject({ words: 2, ai: 1, writer: 1 });
    expect(authorshipShare(doc(p("mine ", pending("proposed words"))))).toMatchObject({ words: 1, writer: 1, ai: 0 });
  });

  it("reads the same share from saved document JSON", () => {
    const d = doc(p("I wrote this. ", ai("The model wrote these four"), " words."), p(ai("Edited passage here", "edited")), p("mine ", pending("proposed")));
    expect(authorshipShareOfJson(d.toJSON() as DocumentContent)).toEqual(authorshipShare(d));
  });

  it("shows an empty document as 0% and never rounds a little AI text to 0% or nearly all to 100%", () => {
    expect(formatAiShare(authorshipShare(doc(p())))).toBe("0% AI-written");
    const words = Array.from({ length: 300 }, (_, i) => `w${i}`).join(" ");
    expect(formatAiShare(authorshipShare(doc(p(words, " ", ai("one")))))).toBe("1% AI-written");
    expect(formatAiShare(authorshipShare(doc(p(ai(words), " one"))))).toBe("99% AI-written");
  });
});
