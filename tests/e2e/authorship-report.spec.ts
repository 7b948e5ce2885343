import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import type { DocumentContent, DocumentJson } from "@/lib/contracts/documents";
import { AuthorshipReport } from "./pages/authorship-report";
import { StudioPage } from "./pages/studio-page";
import { TrackedEditsPanel } from "./pages/tracked-edits";

const ai = (runId: string, origin: "ai" | "edited") => ({
  type: "authorship",
  attrs: { runId, origin, action: "rewrite", model: "test-model", instruction: "Make it sing", createdAt: "2026-12-06T14:30:05.123Z", acceptedAt: "2026-12-06T14:31:00.000Z", acceptedBy: "Guest" },
});

/** Four words of the writer's, four as the AI wrote them, two the writer has edited since. */
const content = {
  type: "doc",
  content: [
    { type: "paragraph", content: [{ type: "text", text: "Rivers carve the land. " }, { type: "text", text: "Water remembers every stone.", marks: [ai("run-a", "ai")] }] },
    { type: "paragraph", content: [{ type: "text", text: "Slowly flowing", marks: [ai("run-b", "edited")] }] },
  ],
} satisfies DocumentContent;

/** A guest's document with AI text in it, made through the documents API, open in the studio. */
async function openDocumentWithAiText(page: Page): Promise<StudioPage> {
  const studio = new StudioPage(page);
  await studio.goto();
  const res = await page.request.post("/api/documents", { data: { title: "Rivers", content } });
  expect(res.status()).toBe(201);
  await studio.open(((await res.json()) as { document: DocumentJson }).document.id);
  return studio;
}

test.describe("authorship report", () => {
  test("shows the share by words and the AI passages, and downloads the record as Markdown and JSON", async ({ page }) => {
    await openDocumentWithAiText(page);
    const report = new AuthorshipReport(page);
    await report.open();

    await expect(report.aiShare).toContainText("60% written by AI, of 10 words");
    await expect(report.shareRow("writer")).toContainText(/Written by the writer\s*4\s*40%/);
    await expect(report.shareRow("ai")).toContainText(/as written\s*4\s*40%/);
    await expect(report.shareRow("edited")).toContainText(/edited since\s*2\s*20%/);
    await expect(report.passages).toHaveCount(2);
    await expect(report.passages.first()).toContainText("“Water remembers every stone.”");
    await expect(report.passages.first()).toContainText("rewrite by test-model, written 6 Dec");
    await expect(report.passages.last()).toContainText("edited since");

    const markdown = await report.download("markdown");
    expect(markdown.suggestedFilename()).toBe("Rivers authorship.md");
    const text = await readFile((await markdown.path())!, "utf8");
    expect(text).toContain("# Authorship record: Rivers");
    expect(text).toContain("| Written by AI, as written | 4 | 40% |");
    expect(text).toContain("“Make it sing”");

    const json = await report.download("json");
    expect(json.suggestedFilename()).toBe("Rivers authorship.json");
    expect(JSON.parse(await readFile((await json.path())!, "utf8"))).toMatchObject({ share: { ai_share: 0.6 }, instructions_included: true });

    await report.close();
    await expect(page.getByTestId("export-menu")).toBeFocused();
  });

  test("an AI edit accepted in the editor is in the record, with its action and model", async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    // `[[echo=1]]`: the scripted model answers with its prompt, so the whole text is rewritten.
    await studio.runAiActionOn("A plain note [[echo=1]] about rivers.", "improve");
    const edits = new TrackedEditsPanel(page);
    await edits.waitForReview();
    await edits.acceptAll();
    await studio.waitUntilSaved();

    const report = new AuthorshipReport(page);
    await report.open();
    await expect(report.aiShare).not.toContainText(/^0%/);
    await expect(report.passages.first()).toContainText("Text to edit");
    await expect(report.passages.first()).toContainText("by fake-model");
  });

  test("Word export can carry the record as an appendix", async ({ page }) => {
    await openDocumentWithAiText(page);
    await page.getByTestId("export-menu").click();
    const download = page.waitForEvent("download");
    await page.getByTestId("export-docx-authorship").click();
    const docx = await download;
    expect(docx.suggestedFilename()).toBe("Rivers.docx");
    expect((await readFile((await docx.path())!)).subarray(0, 2).toString("latin1")).toBe("PK");
  });

  test("fits a phone: the dialog stays within the screen and its passages scroll", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await openDocumentWithAiText(page);
    const report = new AuthorshipReport(page);
    await report.open();
    const box = (await report.dialog.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    await expect(report.dialog.getByTestId("authorship-download-markdown")).toBeInViewport();
    await page.keyboard.press("Escape");
    await expect(report.dialog).toBeHidden();
  });
});
