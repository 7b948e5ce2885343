import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { StudioPage } from "./pages/studio-page";
import { TrackedEditsPanel } from "./pages/tracked-edits";

/** Summarizes the document into a paragraph below it, accepted; returns the summary. */
async function summarizeAll(studio: StudioPage) {
  const edits = new TrackedEditsPanel(studio.page);
  await studio.selectAllText();
  await studio.runAiAction("summarize");
  await edits.waitForReview();
  await edits.acceptAll();
  return (await studio.document.locator("p").last().innerText()).trim();
}

test.describe("version history", () => {
  test("accepting an AI rewrite keeps a version labelled with the action", async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    await studio.runAiActionOn("The meeting ran long and nobody knew what was decided.", "improve");
    const edits = new TrackedEditsPanel(page);
    await edits.waitForReview();
    await edits.acceptAll();
    await studio.waitUntilSaved();

    await studio.openHistory();
    await expect(studio.historyVersions().first()).toContainText("AI: Improve writing");
    await expect(studio.historyVersions().last()).toContainText("Created");
    await page.keyboard.press("Escape");
    await expect(studio.historyPanel).toBeHidden();
    await expect(page.getByTestId("history-button")).toBeFocused();
  });

  test("a version can be compared with the current text and restored; a reload keeps it", async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    const original = "Original words worth keeping.";
    await studio.typeInEditor(original);
    const suggestion = await summarizeAll(studio);
    await studio.waitUntilSaved();

    // Then everything is replaced by hand.
    await studio.selectAllText();
    await page.keyboard.type("Replaced everything by hand.");
    await studio.waitUntilSaved();

    await studio.openHistory();
    const aiVersion = studio.historyVersions().filter({ hasText: "AI: Summarize" });
    await aiVersion.click();
    const diff = studio.historyPanel.getByTestId("history-diff");
    await expect(diff.locator("ins").first()).toContainText("Original");
    await expect(diff.locator("del").first()).toContainText("Replaced");

    await page.getByTestId("history-view-read").click();
    await expect(studio.historyPanel.getByTestId("history-version-content").locator("p")).toHaveText([original, suggestion]);

    await studio.historyPanel.getByTestId("history-restore").click();
    await expect(studio.historyPanel).toBeHidden();
    await expect(studio.document.locator("p")).toHaveText([original, suggestion]);
    await expect(studio.saveState).toHaveText("Saved");

    await page.reload();
    await expect(studio.document.locator("p")).toHaveText([original, suggestion]);
    await studio.openHistory();
    await expect(studio.historyVersions().first()).toContainText(/Restored version \d+/);
  });

  test("each section drafted from the outline is kept as a version", async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    await studio.generateOutline("Why tide pools matter");
    const sections = await studio.outlineSections.count();
    await studio.draftArticle();
    await expect(page.getByTestId("draft-status")).toContainText(`Drafted ${sections} sections`, { timeout: 30_000 });
    await studio.waitUntilSaved();

    await studio.openHistory();
    await expect(studio.historyVersions().filter({ hasText: "AI: Draft section" })).toHaveCount(sections);
  });
});

test.describe("export", () => {
  test("downloads Markdown, HTML and Word files of the document with the latest edits", async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    await studio.title.fill("Harbor notes");
    // Exported straight away: the export saves pending edits first.
    await studio.typeInEditor("The quiet harbor woke slowly.");

    const md = await studio.exportAs("md");
    expect(md.suggestedFilename()).toBe("Harbor notes.md");
    expect(await readFile((await md.path())!, "utf8")).toContain("The quiet harbor woke slowly.");

    const html = await studio.exportAs("html");
    expect(html.suggestedFilename()).toBe("Harbor notes.html");
    const htmlText = await readFile((await html.path())!, "utf8");
    expect(htmlText).toContain("<p>The quiet harbor woke slowly.</p>");

    const docx = await studio.exportAs("docx");
    expect(docx.suggestedFilename()).toBe("Harbor notes.docx");
    const bytes = await readFile((await docx.path())!);
    expect(bytes.subarray(0, 2).toString("latin1")).toBe("PK");
  });
});
