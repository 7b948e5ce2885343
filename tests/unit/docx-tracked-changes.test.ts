import { describe, expect, it } from "vitest";
import type { DocumentContent } from "@/lib/contracts/documents";
import { documentToDocx } from "@/lib/server/documents/docx";
import { trackedChanges, trackedParagraphs } from "@/tests/fixtures/docx";

type Json = NonNullable<DocumentContent["content"]>[number];
const suggestion = (kind: "insertion" | "deletion", id: string, facts: Record<string, unknown> = {}) => ({
  type: "suggestion",
  attrs: { kind, id, runId: "run1", conflict: false, action: null, model: null, instruction: null, createdAt: null, ...facts },
});
const text = (value: string, ...marks: Json["marks"] & object) => ({ type: "text", text: value, ...(marks.length ? { marks } : {}) });
const paragraph = (...content: Json[]): Json => ({ type: "paragraph", content });
const docOf = (...content: Json[]): DocumentContent => ({ type: "doc", content });

const facts = { model: "openai/gpt-4o-mini", createdAt: "2026-12-06T14:30:05.123Z", action: "improve", instruction: "Tone: formal" };

describe("DOCX export: pending AI suggestions as Word tracked changes", () => {
  it("writes each deletion as w:del with w:delText and each insertion as w:ins, authored by the model and dated, with unique ids", async () => {
    const doc = docOf(
      paragraph(text("The "), text("quick", suggestion("deletion", "h1", facts)), text("slow", suggestion("insertion", "h1", facts)), text(" fox "), text("jumps", suggestion("deletion", "h2", facts)), text("leaps", suggestion("insertion", "h2", facts)), text(".")),
      paragraph(text("Second paragraph"), text(" added", suggestion("insertion", "h3", facts))),
    );
    const changes = await trackedChanges(await documentToDocx(doc, "Title"));
    expect(changes.map(({ kind, text }) => [kind, text])).toEqual([
      ["del", "quick"],
      ["ins", "slow"],
      ["del", "jumps"],
      ["ins", "leaps"],
      ["ins", " added"],
    ]);
    for (const change of changes) expect(change).toMatchObject({ author: "Draftwise AI (openai/gpt-4o-mini)", date: "2026-12-06T14:30:05Z", plainTextInDeletion: 0 });
    expect(new Set(changes.map((change) => change.id)).size).toBe(changes.length);
  });

  it("keeps the formatting of the runs inside a change, and tracks suggestions inside links and hard breaks", async () => {
    const link = { type: "link", attrs: { href: "https://example.test/", target: "_blank", rel: null, class: null } };
    const doc = docOf(
      paragraph(
        text("bold old", { type: "bold" }, suggestion("deletion", "h1", facts)),
        text("italic new", { type: "italic" }, suggestion("insertion", "h1", facts)),
        { type: "hardBreak", marks: [suggestion("insertion", "h2", facts)] },
        text("the site", link, suggestion("insertion", "h3", facts)),
      ),
    );
    const changes = await trackedChanges(await documentToDocx(doc, "Title"));
    expect(changes.map(({ kind, text, formatting }) => ({ kind, text, formatting }))).toEqual([
      { kind: "del", text: "bold old", formatting: ["b", "bCs"] },
      { kind: "ins", text: "italic new", formatting: ["i", "iCs"] },
      { kind: "ins", text: "", formatting: [] },
      { kind: "ins", text: "the site", formatting: expect.arrayContaining(["color", "u"]) as string[] },
    ]);
  });

  it("names the author \"Draftwise AI\" without a model, dates an undated change with the export's time, and escapes what it writes", async () => {
    const doc = docOf(paragraph(text("old", suggestion("deletion", "h1")), text("new", suggestion("insertion", "h1", { model: `a&b<"c">` }))));
    const changes = await trackedChanges(await documentToDocx(doc, "Title", new Date("2026-01-02T03:04:05.678Z")));
    expect(changes.map(({ author, date }) => ({ author, date }))).toEqual([
      { author: "Draftwise AI", date: "2026-01-02T03:04:05Z" },
      { author: `Draftwise AI (a&b<"c">)`, date: "2026-01-02T03:04:05Z" },
    ]);
  });

  it("tracks the paragraph mark of a paragraph the AI adds or removes whole, so Word adds or removes the paragraph", async () => {
    const doc = docOf(
      paragraph(text("Kept "), text("word", suggestion("insertion", "h1", facts))),
      paragraph(text("Removed paragraph.", suggestion("deletion", "h2", facts))),
      paragraph(text("Added ", suggestion("insertion", "h2", facts)), text("paragraph.", { type: "bold" }, suggestion("insertion", "h2", facts))),
    );
    const file = await documentToDocx(doc, "Title");
    expect(await trackedParagraphs(file)).toEqual([
      { text: "Title", mark: null },
      { text: "Kept word", mark: null },
      { text: "", mark: "del" },
      { text: "Added paragraph.", mark: "ins" },
    ]);
    const ids = [...(await trackedChanges(file)).map((change) => change.id)];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("writes no tracked change for a document without suggestions", async () => {
    expect(await trackedChanges(await documentToDocx(docOf(paragraph(text("Plain."))), "Title"))).toEqual([]);
  });
});
