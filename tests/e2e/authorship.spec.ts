import { expect, test } from "@playwright/test";
import { AuthorshipView } from "./pages/authorship";
import { StudioPage } from "./pages/studio-page";
import { TrackedEditsPanel } from "./pages/tracked-edits";

// `[[echo=1]]`: the scripted model answers with its prompt ("Text to edit: <text> …the text… </text>"), so
// accepting the rewrite puts AI-written words around the writer's.
const original = "The meeting [[echo=1]] was long and nobody knew what got decided in the end.";

async function acceptRewrite(studio: StudioPage, edits: TrackedEditsPanel) {
  await studio.goto();
  await studio.runAiActionOn(original, "improve");
  await edits.waitForReview();
  await edits.acceptAll();
}

test.describe("the authorship record in the studio", () => {
  test("an accepted rewrite is AI text; typing inside it is the writer's and marks the passage edited; the record shows on hover and survives a reload", async ({ page }) => {
    const studio = new StudioPage(page);
    const edits = new TrackedEditsPanel(page);
    const authorship = new AuthorshipView(page);
    await acceptRewrite(studio, edits);

    await expect(authorship.spans("ai").first()).toContainText("Text to edit");
    await expect.poll(() => authorship.sharePercent()).toBeGreaterThan(0);
    const before = await authorship.sharePercent();
    await expect(authorship.share).toContainText("% AI");

    // Off: no highlight. On: the AI shade.
    expect(await authorship.background(authorship.spans("ai").first())).toBe("rgba(0, 0, 0, 0)");
    await authorship.show();
    const aiShade = await authorship.background(authorship.spans("ai").first());
    expect(aiShade).not.toBe("rgba(0, 0, 0, 0)");

    // Hovering shows the run's record.
    await authorship.spans("ai").first().hover();
    await expect(authorship.card).toBeVisible();
    await expect(authorship.card).toHaveAttribute("data-origin", "ai");
    await expect(authorship.card).toContainText("Improve writing");
    await expect(authorship.card).toContainText("by Guest");
    await page.mouse.move(0, 0);
    await expect(authorship.card).toBeHidden();

    // A word typed inside the AI text is the writer's; the passage around it is edited since.
    await studio.clickAfter("Text");
    await page.keyboard.type(" writer");
    await expect(authorship.spans("edited").first()).toBeVisible();
    const words = await authorship.aiText.allInnerTexts();
    expect(words.join("")).not.toContain("writer");
    expect(await studio.documentText()).toContain("Text writer to edit");
    const editedShade = await authorship.background(authorship.spans("edited").first());
    expect(editedShade).not.toBe(aiShade);
    await expect.poll(() => authorship.sharePercent()).toBeLessThan(before);

    // The caret in AI text shows the record too (the keyboard's hover).
    await page.mouse.move(0, 0);
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await expect(authorship.card).toHaveAttribute("data-origin", "edited");
    await expect(authorship.card).toContainText("edited since");

    await studio.waitUntilSaved();
    await page.reload();
    await expect(studio.document).toBeVisible();
    await expect(authorship.toggle).toHaveAttribute("aria-pressed", "true");
    await expect(authorship.spans("edited").first()).toBeVisible();
    await expect.poll(() => authorship.sharePercent()).toBeGreaterThan(0);
  });

  test("undoing the accept takes the AI marks away with it", async ({ page }) => {
    const studio = new StudioPage(page);
    const edits = new TrackedEditsPanel(page);
    const authorship = new AuthorshipView(page);
    await acceptRewrite(studio, edits);
    await expect(authorship.aiText.first()).toBeVisible();
    await page.keyboard.press("ControlOrMeta+Z");
    await expect(authorship.aiText).toHaveCount(0);
    await expect(edits.hunks.first()).toBeVisible();
    await expect.poll(() => authorship.sharePercent()).toBe(0);
  });

  test("on a phone: the short share, the highlight, the record on tapping AI text; plain text pasted inside it is the writer's", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    const studio = new StudioPage(page);
    const edits = new TrackedEditsPanel(page);
    const authorship = new AuthorshipView(page);
    await acceptRewrite(studio, edits);
    await expect(authorship.share).toBeVisible();
    // "28% AI" shows; "AI-written" is only for screen readers: the button stays small beside the toolbar.
    await expect(authorship.share).toContainText("% AI");
    expect((await authorship.toggle.boundingBox())!.width).toBeLessThan(100);
    await authorship.show();
    expect(await authorship.background(authorship.spans("ai").first())).not.toBe("rgba(0, 0, 0, 0)");

    // A tap puts the caret in the AI text: its record shows.
    await studio.clickAfter("Text");
    await expect(authorship.card).toBeVisible();
    await expect(authorship.card).toHaveAttribute("data-origin", "ai");

    // Pasting plain text (no HTML, as from another app) there: the words are the writer's, the passage edited.
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.setData("text/plain", " pasted words");
      document.querySelector(".ProseMirror")!.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    });
    expect(await studio.documentText()).toContain("Text pasted words to edit");
    await expect(authorship.spans("edited").first()).toBeVisible();
    expect((await authorship.aiText.allInnerTexts()).join("")).not.toContain("pasted");
  });

  test("the toggle works from the keyboard and is remembered in this browser", async ({ page }) => {
    const studio = new StudioPage(page);
    const authorship = new AuthorshipView(page);
    await studio.goto();
    await authorship.toggle.focus();
    await page.keyboard.press("Enter");
    await expect(authorship.toggle).toHaveAttribute("aria-pressed", "true");
    await page.reload();
    await expect(authorship.toggle).toHaveAttribute("aria-pressed", "true");
    await authorship.toggle.press("Space");
    await expect(authorship.toggle).toHaveAttribute("aria-pressed", "false");
  });
});
