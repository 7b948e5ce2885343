import { describe, expect, it } from "vitest";
import type { DocumentContent } from "@/lib/contracts/documents";
import { authorshipReport } from "@/lib/editor/authorship/report";
import { documentToDocx } from "@/lib/server/documents/docx";
import { trackedParagraphs } from "@/tests/fixtures/docx";

const ai = { type: "authorship", attrs: { runId: "run1", origin: "ai", action: "rewrite", model: "gpt-test", instruction: "Say it plainly", createdAt: "2026-12-01T10:00:00.000Z", acceptedAt: null, acceptedBy: "Ann" } };
const doc = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Mine here. " }, { type: "text", text: "The model wrote this.", marks: [ai] }] }] } as DocumentContent;
const report = (storeContent: boolean) => authorshipReport({ doc, documentId: "d", title: "Essay", storeContent, generatedAt: new Date("2026-12-07T00:00:00Z") });
const texts = async (file: Buffer) => (await trackedParagraphs(file)).map((p) => p.text);

describe("DOCX export: the authorship appendix", () => {
  it("follows the text with the share table, the passages and the runs' instructions", async () => {
    const paragraphs = await texts(await documentToDocx(doc, "Essay", undefined, { authorship: report(true) }));
    const start = paragraphs.indexOf("Authorship record");
    expect(start).toBeGreaterThan(paragraphs.indexOf("Mine here. The model wrote this."));
    expect(paragraphs.slice(start)).toEqual(
      expect.arrayContaining([
        "Share by words",
        "Written by the writer",
        "Written by AI, as written",
        "4",
        "67%",
        "AI passages (1)",
        "“The model wrote this.” — rewrite by gpt-test, written 2026-12-01T10:00:00.000Z, accepted by Ann; as written, 4 words.",
        "rewrite by gpt-test, written 2026-12-01T10:00:00.000Z, accepted by Ann: 1 passage, 4 words. Instruction: “Say it plainly”",
      ]),
    );
  });

  it("has no instruction text when the account stores no prompts", async () => {
    const paragraphs = await texts(await documentToDocx(doc, "Essay", undefined, { authorship: report(false) }));
    expect(paragraphs.join("\n")).not.toContain("Say it plainly");
    expect(paragraphs.join("\n")).toContain("doesn't store prompts");
  });

  it("is left out unless asked for", async () => {
    expect(await texts(await documentToDocx(doc, "Essay"))).not.toContain("Authorship record");
  });
});
