import { expect, test, type Page } from "@playwright/test";
import { ChatPanel } from "./pages/chat-panel";
import { StudioPage } from "./pages/studio-page";
import { TrackedEditsPanel } from "./pages/tracked-edits";

// `[[echo=1]]` makes the scripted model answer with its prompt (directives removed, first 200
// characters): the chat's answer shows what the question carried, and an edit's answer differs
// from the text it edits, so it arrives as hunks.

/** Two paragraphs; the first (with the directive) selected. */
async function writeAndSelectFirst(page: Page, first: string, second: string) {
  const studio = new StudioPage(page);
  const chat = new ChatPanel(page);
  await studio.goto();
  await chat.waitUntilLoaded();
  await studio.typeInEditor(`${first}\n${second}`);
  await page.keyboard.press("ControlOrMeta+Home");
  await page.keyboard.press("Shift+End");
  // The editor hears of a selection made by keys a task later: wait until it has it (its count
  // shows), or the chat may take focus first and find no selection.
  await expect(page.getByTestId("selection-count")).toBeVisible();
  return { studio, chat, edits: new TrackedEditsPanel(page) };
}

const paragraph = (studio: StudioPage, index: number) => studio.document.locator("p").nth(index);
/** The writer's second paragraph: the echoed answer may arrive as several paragraphs before it. */
const lastParagraph = (studio: StudioPage) => studio.document.locator("p").last();

test.describe("the chat edits the document", () => {
  test("Ask about selection sends the selection with the question and quotes it; Apply as changes edits that passage as tracked hunks", async ({ page }) => {
    const first = "Bees dance to share directions. [[echo=1]]";
    const second = "Hives vote by quorum.";
    const { studio, chat, edits } = await writeAndSelectFirst(page, first, second);

    await chat.askAboutSelection();
    await expect(chat.attachment).toContainText("Bees dance to share directions.");
    await chat.ask("Is this clear?");
    await expect(chat.attachment).toHaveCount(0);
    const question = chat.messages.first();
    await expect(chat.quotedSelection(question)).toContainText("Bees dance to share directions.");
    // The model saw the passage with the question.
    const answer = chat.lastAnswer();
    await expect(chat.content(answer)).toContainText("About this passage I selected in the document");
    await expect(chat.content(answer)).toContainText("Bees dance to share directions.");
    await expect(chat.content(answer)).toContainText("Is this clear?");

    // Elsewhere now: the cursor at the end of the second paragraph, nothing selected.
    await paragraph(studio, 1).click();
    await page.keyboard.press("End");
    await chat.clickOn(answer, "apply");
    await expect(chat.editNotice).toContainText("the passage you asked about");
    await expect(edits.bar).toContainText("Chat answer applied");
    await edits.waitForReview();
    await expect(paragraph(studio, 0).locator("del[data-suggestion-id]").first()).toBeVisible();
    await expect(lastParagraph(studio).locator("[data-suggestion-id]")).toHaveCount(0);
    await expect(lastParagraph(studio)).toHaveText(second);

    const ids = await edits.hunkIds();
    await edits.openCard(ids[0]!);
    await expect(edits.card).toContainText("Chat answer applied");
    await edits.rejectAll();
    await expect(paragraph(studio, 0)).toHaveText(first);
  });

  test("Apply as changes with nothing attached edits the selection; the writer's text stays until accepted", async ({ page }) => {
    const first = "The launch went well overall. [[echo=1]]";
    const second = "Support tickets fell.";
    const { studio, chat, edits } = await writeAndSelectFirst(page, first, second);
    await chat.ask("Make it more formal. [[tokens=6]]");
    // Selection kept by the editor while the chat had focus.
    await chat.clickOn(chat.lastAnswer(), "apply");
    await expect(chat.editNotice).toContainText("your selection");
    await edits.waitForReview();
    await expect(lastParagraph(studio).locator("[data-suggestion-id]")).toHaveCount(0);
    await expect(paragraph(studio, 0).locator("del[data-suggestion-id]").first()).toBeVisible();
    await expect(paragraph(studio, 0)).toContainText(first);
    await edits.acceptAll();
    // The echoed answer has no directive: the writer's first paragraph is gone, the second kept.
    expect(await studio.documentText()).not.toContain("[[echo=1]]");
    await expect(lastParagraph(studio)).toHaveText(second);
  });

  test("Insert at cursor puts the answer at the cursor as one tracked insertion run, rejected or accepted like any", async ({ page }) => {
    const studio = new StudioPage(page);
    const chat = new ChatPanel(page);
    const edits = new TrackedEditsPanel(page);
    await studio.goto();
    await chat.waitUntilLoaded();
    await studio.typeInEditor("Start here. End here.");
    await chat.ask("Write one more sentence. [[tokens=5]]");
    const answerText = (await chat.content(chat.lastAnswer()).innerText()).trim();

    // The cursor after "Start here." (the editor keeps it while the chat has focus).
    await studio.document.click();
    await page.keyboard.press("ControlOrMeta+Home");
    for (let i = 0; i < "Start here.".length; i++) await page.keyboard.press("ArrowRight");
    await chat.clickOn(chat.lastAnswer(), "insert");
    await expect(chat.editNotice).toContainText("Inserted at the cursor");
    await expect(edits.bar).toContainText("Chat answer inserted");
    await expect(edits.insertions.first()).toBeVisible();
    await expect(edits.deletions).toHaveCount(0);
    const text = await studio.documentText();
    expect(text.startsWith("Start here.")).toBe(true);
    expect(text.endsWith("End here.")).toBe(true);
    expect(text.replace(/\s+/g, " ")).toContain(answerText.replace(/\s+/g, " "));

    await edits.rejectAll();
    expect(await studio.documentText()).toBe("Start here. End here.");
    await page.keyboard.press("ControlOrMeta+Z");
    await expect(edits.insertions.first()).toBeVisible();

    await edits.acceptAll();
    const accepted = await studio.documentText();
    expect(accepted.replace(/\s+/g, " ")).toContain(answerText.replace(/\s+/g, " "));
    expect(accepted.startsWith("Start here.")).toBe(true);
  });
});
