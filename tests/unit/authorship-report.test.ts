import { describe, expect, it } from "vitest";
import { authorshipReportSchema } from "@/lib/contracts/authorship";
import type { DocumentContent } from "@/lib/contracts/documents";
import { authorshipReport, authorshipReportMarkdown, excerptChars } from "@/lib/editor/authorship/report";
import { percent } from "@/lib/editor/authorship/share";

const run = (runId: string, origin: "ai" | "edited" = "ai", extra: Record<string, unknown> = {}) => ({
  type: "authorship",
  attrs: {
    runId,
    origin,
    action: "rewrite",
    model: "gpt-test",
    instruction: "Make it *punchier*",
    createdAt: "2026-12-01T10:00:00.000Z",
    acceptedAt: "2026-12-01T10:05:00.000Z",
    acceptedBy: "Ann",
    ...extra,
  },
});
const text = (value: string, ...marks: { type: string; attrs?: Record<string, unknown> }[]) => ({ type: "text", text: value, ...(marks.length ? { marks } : {}) });
const paragraph = (...content: ReturnType<typeof text>[]) => ({ type: "paragraph", content });
const doc = (...content: object[]) => ({ type: "doc", content }) as DocumentContent;

const report = (content: DocumentContent, storeContent = true) =>
  authorshipReport({ doc: content, documentId: "doc-1", title: "Essay", storeContent, generatedAt: new Date("2026-12-07T00:00:00Z") });

describe("authorship report", () => {
  it("counts words by origin: the writer's, the AI's as written, and AI text edited since", () => {
    const r = report(doc(paragraph(text("I wrote these four "), text("model wrote three", run("r1")), text(" then mine")), paragraph(text("changed by me", run("r2", "edited")))));
    expect(r.share).toEqual({ words: 12, writer_words: 6, ai_words: 3, edited_words: 3, ai_share: 0.5 });
    expect(authorshipReportSchema.parse(r)).toEqual(r);
  });

  it("gives a word split across origins to the origin holding most of its characters, a tie to the writer", () => {
    const r = report(doc(paragraph(text("ab"), text("cdef", run("r1")), text(" gh"), text("ij", run("r1")))));
    expect(r.share).toMatchObject({ words: 2, writer_words: 1, ai_words: 1 });
  });

  it("lists each AI passage with its run's facts, joining a run's paragraphs and splitting at the writer's text", () => {
    const r = report(
      doc(
        paragraph(text("Drafted opening. ", run("r1")), text("bold", run("r1"), { type: "bold" })),
        paragraph(text("Drafted second paragraph.", run("r1"))),
        paragraph(text("Mine. "), text("Another run.", run("r2", "ai", { model: "other", acceptedBy: null }))),
        paragraph(text("Back to the first run.", run("r1"))),
      ),
    );
    expect(r.passages.map((p) => [p.run_id, p.excerpt, p.words])).toEqual([
      ["r1", "Drafted opening. bold Drafted second paragraph.", 6],
      ["r2", "Another run.", 2],
      ["r1", "Back to the first run.", 5],
    ]);
    expect(r.passages[1]).toMatchObject({ origin: "ai", model: "other", accepted_by: null, created_at: "2026-12-01T10:00:00.000Z" });
    expect(r.runs).toEqual([
      expect.objectContaining({ run_id: "r1", passages: 2, words: 11, instruction: "Make it *punchier*", accepted_by: "Ann" }),
      expect.objectContaining({ run_id: "r2", passages: 1, words: 2 }),
    ]);
  });

  it("keeps an edited stretch of a run apart from the stretch still as the AI wrote it", () => {
    const r = report(doc(paragraph(text("as written ", run("r1")), text("edited since", run("r1", "edited")))));
    expect(r.passages.map((p) => [p.origin, p.excerpt])).toEqual([
      ["ai", "as written"],
      ["edited", "edited since"],
    ]);
  });

  it("cuts a long passage's excerpt at a word", () => {
    const long = Array.from({ length: 80 }, (_, i) => `word${i}`).join(" ");
    const [passage] = report(doc(paragraph(text(long, run("r1"))))).passages;
    expect(passage!.excerpt.length).toBeLessThanOrEqual(excerptChars + 1);
    expect(passage!.excerpt).toMatch(/word\d+…$/);
    expect(passage!.words).toBe(80);
  });

  it("leaves instruction texts out when the account stores no prompts, and says so", () => {
    const r = report(doc(paragraph(text("AI text", run("r1")))), false);
    expect(r.instructions_included).toBe(false);
    expect(r.runs[0]!.instruction).toBeNull();
    expect(r.notes.join(" ")).toMatch(/doesn't store prompts/);
    expect(JSON.stringify(r)).not.toContain("punchier");
    expect(authorshipReportMarkdown(r)).not.toContain("punchier");
  });

  it("counts pending suggestions by hunk and leaves their insertions out of the record", () => {
    const suggestion = (kind: string, id: string) => ({ type: "suggestion", attrs: { kind, id, runId: "r9" } });
    const r = report(doc(paragraph(text("old", suggestion("deletion", "h1")), text("new words here", suggestion("insertion", "h1")), text(" more", suggestion("insertion", "h2")))));
    expect(r.pending_suggestions).toBe(2);
    expect(r.share).toMatchObject({ words: 1, writer_words: 1 });
    expect(r.passages).toEqual([]);
    expect(r.notes).toContain("2 AI suggestions pending: not part of the record until accepted.");
  });

  it("reports an empty document as all zeros", () => {
    const r = report(doc({ type: "paragraph" }));
    expect(r.share).toEqual({ words: 0, writer_words: 0, ai_words: 0, edited_words: 0, ai_share: 0 });
    expect(authorshipReportMarkdown(r)).toContain("No AI-written text in this document.");
  });

  it("renders Markdown with the share table, the passages and the instructions, document text made literal", () => {
    const markdown = authorshipReportMarkdown(report(doc(paragraph(text("Me first. "), text("A | pipe and *stars*", run("r1"))))));
    expect(markdown).toContain("# Authorship record: Essay");
    expect(markdown).toContain("| Written by the writer | 2 | 29% |");
    expect(markdown).toContain("| Written by AI, as written | 5 | 71% |");
    expect(markdown).toContain("1. “A \\| pipe and \\*stars\\*” — rewrite by gpt-test, written 2026-12-01T10:00:00.000Z, accepted 2026-12-01T10:05:00.000Z by Ann; as written, 5 words, run `r1`");
    expect(markdown).toContain(": “Make it \\*punchier\\*”");
  });

  it("never rounds a small share to 0% nor a large one to 100%", () => {
    expect([percent(1, 1000), percent(999, 1000), percent(0, 10), percent(5, 10), percent(0, 0)]).toEqual(["1%", "99%", "0%", "50%", "0%"]);
  });
});
