import { expect, test, type Page } from "@playwright/test";
import { StudioPage } from "./pages/studio-page";
import { TrackedEditsPanel } from "./pages/tracked-edits";

// Every AI action arrives as tracked changes: Try again and a follow-up on a finished run, an
// instruction on a section or the whole document, and the bubble at a selection. `[[echo=1]]` makes the
// scripted model answer with its prompt, `[[delay=n]]` paces it.

/** Puts the caret at the end of the last paragraph or heading holding `text`. */
async function caretIn(page: Page, text: string) {
  await page.getByRole("textbox", { name: "Document", exact: true }).locator("p, h2").filter({ hasText: text }).last().click();
  await page.keyboard.press("End");
}

/** Asks for the next AI request the studio sends and resolves with its body. */
const nextRequest = (page: Page, path: "edits" | "write") =>
  page.waitForRequest((req) => req.url().endsWith(`/api/${path}`)).then((req) => req.postDataJSON() as Record<string, unknown>);

/** Two paragraphs; Improve runs on the first (the cursor in it), then the writer selects the second. */
async function improveFirstThenSelectSecond(page: Page, first: string, second: string, ended: (edits: TrackedEditsPanel) => Promise<void>) {
  const studio = new StudioPage(page);
  const edits = new TrackedEditsPanel(page);
  await studio.goto();
  await studio.typeInEditor(first);
  await page.keyboard.press("Enter");
  await page.keyboard.type(second);
  await caretIn(page, first.slice(0, 8));
  await studio.runAiAction("improve", "shortcut");
  await ended(edits);
  const runIds = await edits.runIds();
  await caretIn(page, second.slice(0, 8));
  await page.keyboard.press("Shift+Home");
  return { studio, edits, runIds };
}

test.describe("every AI action as tracked changes", () => {
  test("Try again revises the same run in place over its own text, wherever the cursor is now", async ({ page }) => {
    const { studio, edits, runIds } = await improveFirstThenSelectSecond(
      page,
      "Plans [[echo=1]] change when facts change. [[delay=10]]",
      "Another paragraph stays as it is.",
      (edits) => edits.waitForReview(),
    );
    // The writer selected the other paragraph; Try again still works on the run's text.
    const body = await edits.tryAgain();
    expect(body.text).toContain("Plans");
    expect(body.text).not.toContain("Another paragraph");
    await edits.waitForReview();
    expect(await edits.runIds()).toEqual(runIds);
    await expect(studio.document.locator("p").last()).toHaveText("Another paragraph stays as it is.");
    await expect(studio.document.locator("p").last().locator("[data-suggestion-id]")).toHaveCount(0);
    await expect(edits.hunks.first()).toBeVisible();
  });

  test("Try again after a cut-off answer revises the run over its own text, not the current selection", async ({ page }) => {
    const { studio, edits, runIds } = await improveFirstThenSelectSecond(
      page,
      "Cut short [[echo=1]] before the end of it. [[cut=6]] [[delay=60]]",
      "Second paragraph is selected later.",
      (edits) => expect(edits.error).toBeVisible({ timeout: 20_000 }),
    );
    // What arrived before the cut stays as the run's suggestions.
    expect(runIds).toHaveLength(1);
    const request = nextRequest(page, "edits");
    await edits.error.getByTestId("review-retry").click();
    const body = await request;
    expect(body.text).toContain("Cut short");
    expect(body.text).not.toContain("Second paragraph");
    await expect(edits.error).toBeVisible({ timeout: 20_000 });
    expect(await edits.runIds()).toEqual(runIds);
    await expect(studio.document.locator("p").last().locator("[data-suggestion-id]")).toHaveCount(0);
  });

  test("a follow-up instruction revises the run's proposal in place; the card shows it", async ({ page }) => {
    const studio = new StudioPage(page);
    const edits = new TrackedEditsPanel(page);
    await studio.goto();
    const original = "The launch [[echo=1]] slipped a week. [[delay=10]]";
    await studio.runAiActionOn(original, "shorter");
    await edits.waitForReview();
    const [runId] = await edits.runIds();

    const body = await edits.followUp("more formal");
    expect(body.action).toBe("custom");
    expect(String(body.instruction)).toMatch(/^more formal\n/);
    expect(String(body.instruction)).toContain("The launch");
    // The text to revise is the proposal: the run's changes accepted.
    expect(body.text).toContain("Text to edit");
    await edits.waitForReview();
    expect(await edits.runIds()).toEqual([runId]);
    await edits.openCard((await edits.hunkIds())[0]!);
    await expect(edits.card).toContainText("more formal");
    await edits.rejectAll();
    expect(await studio.documentText()).toBe(original);
  });

  test("Edit this section: an instruction on the heading at the cursor and its text, up to the next heading", async ({ page }) => {
    const studio = new StudioPage(page);
    const edits = new TrackedEditsPanel(page);
    await studio.goto();
    await studio.typeInEditor("## Intro");
    await page.keyboard.press("Enter");
    await page.keyboard.type("Alpha words [[echo=1]] here. [[delay=10]]");
    await page.keyboard.press("Enter");
    await page.keyboard.type("## Next");
    await page.keyboard.press("Enter");
    await page.keyboard.type("Beta words stay.");
    await caretIn(page, "Alpha words");

    await studio.runAiAction("section", "shortcut");
    await page.getByTestId("ai-instruction-input").fill("Tighten this section");
    const request = nextRequest(page, "edits");
    await page.getByTestId("ai-instruction-submit").click();
    const body = await request;
    expect(body.text).toMatch(/^## Intro\n\nAlpha words/);
    expect(body.text).not.toContain("Beta");
    expect(body.instruction).toBe("Tighten this section");
    await expect(edits.bar).toContainText("Edit this section");
    await edits.waitForReview();
    await expect(studio.document.getByText("Beta words stay.").locator("[data-suggestion-id]")).toHaveCount(0);
    await expect(studio.document.locator("h2", { hasText: "Next" }).locator("[data-suggestion-id]")).toHaveCount(0);
    await edits.acceptAll();
    await expect(studio.document).toContainText("Text to edit");
  });

  test("Edit whole document sends all of it, and refuses clearly past the document limit", async ({ page }) => {
    const studio = new StudioPage(page);
    const edits = new TrackedEditsPanel(page);
    await studio.goto();
    await studio.typeInEditor("First part [[echo=1]].");
    await page.keyboard.press("Enter");
    await page.keyboard.type("Second part.");

    await studio.runAiAction("document", "shortcut");
    await page.getByTestId("ai-instruction-input").fill("Use British spelling");
    const request = nextRequest(page, "edits");
    await page.getByTestId("ai-instruction-submit").click();
    const body = await request;
    expect(body.text).toMatch(/^First part .*\n\nSecond part\.$/);
    await expect(edits.bar).toContainText("Edit whole document");
    await edits.waitForReview();
    await edits.rejectAll();

    await page.keyboard.press("ControlOrMeta+End");
    await page.keyboard.press("Enter");
    await page.keyboard.insertText("word ".repeat(20_100));
    await studio.runAiAction("document", "shortcut");
    await page.getByTestId("ai-instruction-input").fill("Use British spelling");
    await page.getByTestId("ai-instruction-submit").click();
    await expect(edits.error).toContainText("The document is too long for one edit: at most 100,000 characters");
    await expect(edits.hunks).toHaveCount(0);
  });

  test("the selection bubble: shows once the mouse selection is made, without taking focus; keyboard reachable", async ({ page }) => {
    const studio = new StudioPage(page);
    const edits = new TrackedEditsPanel(page);
    const bubble = page.getByTestId("selection-bubble");
    await studio.goto();
    await studio.typeInEditor("Bubbles appear [[echo=1]] at a selection. [[delay=10]]");
    await expect(bubble).toBeHidden();

    await studio.doubleClickWord("Bubbles");
    await expect(bubble).toBeVisible();
    await expect(bubble).toHaveAttribute("role", "toolbar");
    await expect(studio.document).toBeFocused();

    // From the keyboard: Tab reaches it, arrows move, Escape goes back to the text.
    await page.keyboard.press("Tab");
    await expect(bubble.getByTestId("selection-bubble-more")).toBeFocused();
    await page.keyboard.press("ArrowRight");
    await expect(bubble.getByTestId("selection-bubble-improve")).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(studio.document).toBeFocused();

    await page.keyboard.press("ControlOrMeta+A");
    await expect(bubble).toBeVisible();
    await bubble.getByTestId("selection-bubble-improve").click();
    await expect(edits.bar).toContainText("Improve writing");
    await expect(bubble).toBeHidden();
    await edits.waitForReview();
  });

  test("on a phone, the bubble fits the screen and its More opens every action", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    const studio = new StudioPage(page);
    const bubble = page.getByTestId("selection-bubble");
    await studio.goto();
    await studio.typeInEditor("A small screen still has room for the actions at a selection.");
    await studio.selectAllText();
    await expect(bubble).toBeVisible();
    const box = (await bubble.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    await bubble.getByTestId("selection-bubble-more").click();
    await expect(studio.aiActionsMenu).toBeVisible();
    await expect(page.getByTestId("ai-action-improve")).toBeFocused();
  });
});
