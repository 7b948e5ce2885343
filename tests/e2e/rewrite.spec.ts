import { expect, test, type Page } from "@playwright/test";
import { StudioPage } from "./pages/studio-page";
import { TrackedEditsPanel } from "./pages/tracked-edits";

// `[[...]]` directives reach the scripted model through the selected text: a slower,
// longer answer makes the streaming visible.
const slow = "[[tokens=30]] [[delay=40]]";

/** A document of two paragraphs, the caret at the end of the last. */
async function twoParagraphs(page: Page) {
  const studio = new StudioPage(page);
  const edits = new TrackedEditsPanel(page);
  await studio.goto();
  await studio.typeInEditor(`First paragraph here. ${slow}`);
  await page.keyboard.press("Enter");
  await page.keyboard.type("Last paragraph.");
  return { studio, edits };
}

test.describe("AI actions on the selection", () => {
  test("Improve writing streams tracked changes into the text; Accept all applies them as one undoable step", async ({ page }) => {
    const studio = new StudioPage(page);
    const edits = new TrackedEditsPanel(page);
    await studio.goto();
    const original = `The meeting was long and nobody knew what got decided. ${slow}`;
    await studio.runAiActionOn(original, "improve");

    await expect(edits.bar.getByTestId("review-stop")).toBeVisible();
    await edits.waitForChangeWhileStreaming();
    const firstLength = (await edits.insertions.allInnerTexts()).join("").length;
    await expect.poll(async () => (await edits.insertions.allInnerTexts()).join("").length).toBeGreaterThan(firstLength);
    await edits.waitForReview();
    await expect(edits.bar.getByTestId("review-stop")).toBeHidden();

    const suggestion = await edits.acceptedText(studio.document);
    expect(suggestion.length).toBeGreaterThan(20);
    const hunks = await edits.hunkIds();
    await edits.acceptAll();
    await expect(studio.document).toHaveText(suggestion);

    // One undo brings every change back for review; rejecting them restores the original.
    await expect(studio.document).toBeFocused();
    await page.keyboard.press("ControlOrMeta+Z");
    await expect.poll(() => edits.hunkIds()).toEqual(hunks);
    await edits.rejectAll();
    await expect(studio.document).toHaveText(original);
  });

  test("Ctrl+J opens the menu from the keyboard; arrows move, Escape closes, Enter chooses", async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    await studio.typeInEditor(`Our team ships on Fridays. ${slow}`);
    await studio.selectAllText();

    await studio.openAiActions("shortcut");
    await expect(studio.aiActionsMenu).toHaveAttribute("role", "menu");
    // The rewrites, Variants, the insertions and the section and document edits.
    await expect(studio.aiActionsMenu.getByRole("menuitem")).toHaveCount(12);
    // Text is selected: the rewrites come first.
    await expect(page.getByTestId("ai-action-improve")).toBeFocused();
    await page.keyboard.press("ArrowDown");
    await expect(page.getByTestId("ai-action-shorter")).toBeFocused();
    await page.keyboard.press("ArrowUp");
    await page.keyboard.press("ArrowUp");
    await expect(page.getByTestId("ai-action-document")).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(studio.aiActionsMenu).toBeHidden();
    await expect(studio.document).toBeFocused();

    await studio.openAiActions("shortcut");
    await page.keyboard.press("Enter");
    const edits = new TrackedEditsPanel(page);
    await expect(edits.bar).toContainText("Improve writing");
    await edits.waitForReview();
  });

  test("with nothing selected, Ctrl+J offers Continue writing and Insert below first", async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    await studio.typeInEditor("A cursor and no selection.");
    await studio.openAiActions("shortcut");
    await expect(page.getByTestId("ai-action-continue")).toBeFocused();
    await page.keyboard.press("ArrowDown");
    await expect(page.getByTestId("ai-action-below")).toBeFocused();
  });

  test("Summarize arrives as a tracked insertion below the text, the original kept", async ({ page }) => {
    const studio = new StudioPage(page);
    const edits = new TrackedEditsPanel(page);
    await studio.goto();
    const original = `Remote work changed how we plan. ${slow}`;
    await studio.runAiActionOn(original, "summarize");
    await expect(edits.bar).toContainText("Summarize");
    await edits.waitForReview();

    const paragraphs = studio.document.locator("p");
    await expect(paragraphs).toHaveCount(2);
    await expect(paragraphs.nth(0)).toHaveText(original);
    await expect(edits.deletions).toHaveCount(0);
    const summary = (await paragraphs.nth(1).innerText()).trim();
    expect(summary.length).toBeGreaterThan(10);
    await expect(paragraphs.nth(1).locator("ins[data-suggestion-id]")).toHaveText(summary);
    await edits.acceptAll();
    await expect(paragraphs.nth(1)).toHaveText(summary);
  });

  test("Reject all leaves the document unchanged", async ({ page }) => {
    const studio = new StudioPage(page);
    const edits = new TrackedEditsPanel(page);
    await studio.goto();
    const original = `Coffee is the engine of the office. ${slow}`;
    await studio.runAiActionOn(original, "shorter");
    await edits.waitForReview();

    await edits.rejectAll();
    await expect(studio.document).toHaveText(original);
    await expect(edits.bar).toBeHidden();
  });

  test("with no selection, the action works on the paragraph with the cursor", async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    await studio.typeInEditor("First paragraph stays as it is.");
    await page.keyboard.press("Enter");
    await page.keyboard.type("Second paragraph gets fixed, it has eror.");

    await studio.runAiAction("fix", "shortcut");
    const edits = new TrackedEditsPanel(page);
    await edits.waitForReview();
    const paragraphs = studio.document.locator("p");
    await expect(paragraphs.nth(0).locator("[data-suggestion-id]")).toHaveCount(0);
    const suggestion = await edits.acceptedText(paragraphs.nth(1));
    await edits.acceptAll();

    await expect(paragraphs).toHaveCount(2);
    await expect(paragraphs.nth(0)).toHaveText("First paragraph stays as it is.");
    await expect(paragraphs.nth(1)).toHaveText(suggestion);
  });

  test("Change tone asks for the tone first", async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    await studio.runAiActionOn("Send me the report by noon.", "tone");
    await page.getByTestId("ai-tone-friendly").click();
    const edits = new TrackedEditsPanel(page);
    await expect(edits.bar).toContainText("Change tone: friendly");
    await edits.waitForReview();
    await expect(edits.insertions.first()).not.toBeEmpty();
  });

  test("Continue writing streams a tracked insertion at the cursor, in the same paragraph", async ({ page }) => {
    const studio = new StudioPage(page);
    const edits = new TrackedEditsPanel(page);
    await studio.goto();
    await studio.typeInEditor(`The quiet harbor woke slowly ${slow}`);
    await page.keyboard.press("ControlOrMeta+End");

    await studio.runAiAction("continue", "shortcut");
    await expect(edits.bar).toContainText("Continue writing");
    await edits.waitForChangeWhileStreaming();
    await edits.waitForReview();
    await expect(edits.deletions).toHaveCount(0);
    const continuation = (await edits.insertions.allInnerTexts()).join("").trim();
    expect(continuation.length).toBeGreaterThan(10);

    await edits.acceptAll();
    await expect(studio.document.locator("p")).toHaveCount(1);
    expect(await studio.documentText()).toBe(`The quiet harbor woke slowly ${slow} ${continuation}`);
  });

  test("Insert below streams a new paragraph under the current one; Reject all removes it", async ({ page }) => {
    const { studio, edits } = await twoParagraphs(page);
    await page.keyboard.press("ControlOrMeta+Home");

    await studio.runAiAction("below", "shortcut");
    await expect(edits.bar).toContainText("Insert below");
    await edits.waitForReview();
    const paragraphs = studio.document.locator("p");
    await expect(paragraphs).toHaveCount(3);
    await expect(paragraphs.nth(0)).toHaveText(`First paragraph here. ${slow}`);
    await expect(paragraphs.nth(1).locator("ins[data-suggestion-id]").first()).toBeVisible();
    await expect(paragraphs.nth(2)).toHaveText("Last paragraph.");
    await edits.rejectAll();
    await expect(paragraphs).toHaveCount(2);
  });

  test("Ctrl+J acts at the caret the browser just moved, before ProseMirror heard of it", async ({ page }) => {
    const { studio, edits } = await twoParagraphs(page);
    // The caret moves to the first paragraph and Ctrl+J follows in the same task, before any
    // selectionchange event can run: what a busy page does to a fast Ctrl+Home, Ctrl+J.
    await page.evaluate(() => {
      const first = document.querySelector("[contenteditable='true'] p")!;
      document.getSelection()!.collapse(first.firstChild, 0);
      first.dispatchEvent(new KeyboardEvent("keydown", { key: "j", code: "KeyJ", ctrlKey: true, bubbles: true, cancelable: true }));
    });
    await page.getByTestId("ai-action-below").click();
    await edits.waitForReview();
    const paragraphs = studio.document.locator("p");
    await expect(paragraphs).toHaveCount(3);
    await expect(paragraphs.nth(1).locator("ins[data-suggestion-id]").first()).toBeVisible();
    await expect(paragraphs.nth(2)).toHaveText("Last paragraph.");
  });

  test("Custom instruction asks for the instruction first", async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    await studio.runAiActionOn("Apples, pears and plums are in season.", "custom");
    await page.getByTestId("ai-instruction-input").fill("Turn this into a bulleted list");
    await page.getByTestId("ai-instruction-submit").click();
    const edits = new TrackedEditsPanel(page);
    await expect(edits.bar).toContainText("Custom instruction");
    await edits.waitForReview();
    await edits.openCard((await edits.hunkIds())[0]!);
    await expect(edits.card).toContainText("Turn this into a bulleted list");
  });

  test("a failed edit shows the server's message, and Try again recovers", async ({ page }) => {
    const studio = new StudioPage(page);
    const edits = new TrackedEditsPanel(page);
    await studio.goto();
    // Three upstream failures outlast the server's two retries; the fourth request succeeds.
    await studio.runAiActionOn("This one fails first. [[fail=503x3]]", "improve");

    await expect(edits.error).toContainText(/unavailable|try again/i);
    await edits.error.getByTestId("review-retry").click();
    await edits.waitForReview();
    await expect(edits.error).toBeHidden();
    await expect(edits.bar.getByTestId("review-accept-all")).toBeEnabled();
  });

  test("a failed summary shows the server's message, and Try again inserts it below the same text", async ({ page }) => {
    const studio = new StudioPage(page);
    const edits = new TrackedEditsPanel(page);
    await studio.goto();
    await studio.runAiActionOn("This summary fails first. [[fail=503x3]]", "summarize");

    await expect(edits.error).toContainText(/unavailable|try again/i);
    // The cursor moves away: Try again still works on the run's own place.
    await page.keyboard.press("ControlOrMeta+Home");
    await edits.error.getByTestId("review-retry").click();
    await edits.waitForReview();
    await expect(edits.error).toBeHidden();
    await expect(studio.document.locator("p")).toHaveCount(2);
    await expect(studio.document.locator("p").nth(1).locator("ins[data-suggestion-id]").first()).toBeVisible();
  });

  test("the document survives a reload, with its pending suggestions and once they are accepted", async ({ page }) => {
    const studio = new StudioPage(page);
    const edits = new TrackedEditsPanel(page);
    await studio.goto();
    await studio.runAiActionOn(`Drafts must never get lost. ${slow}`, "improve");
    await edits.waitForReview();
    const pending = await edits.hunkIds();

    // No waiting for the debounced save: hiding the page flushes it.
    await page.reload();
    await expect.poll(() => edits.hunkIds()).toEqual(pending);
    await edits.acceptAll();
    const accepted = await studio.documentText();
    await page.reload();
    await expect(studio.document).toHaveText(accepted);
    await expect(studio.saveState).toHaveText("Saved");
  });
});
