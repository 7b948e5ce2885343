import { expect, test, type Page } from "@playwright/test";
import { StudioPage } from "./pages/studio-page";
import { TrackedEditsPanel } from "./pages/tracked-edits";

// `[[echo=1]]` makes the scripted model answer with its prompt ("Text to edit: <text> …the text… </text>",
// directives removed): an edit that inserts at the start, deletes the directive in the middle and
// changes the end. `[[delay=n]]` paces the words so the stream can be watched, stopped and typed into.

async function runImprove(page: Page, text: string) {
  const studio = new StudioPage(page);
  const edits = new TrackedEditsPanel(page);
  await studio.goto();
  await studio.runAiActionOn(text, "improve");
  await expect(edits.bar).toContainText("Improve writing");
  return { studio, edits };
}

test.describe("AI edits as tracked changes", () => {
  test("an action streams insertions and deletions into the text; one hunk accepted, another rejected, each undone in one step", async ({ page }) => {
    const original = "The meeting [[echo=1]] was long and nobody knew what got decided in the end. [[delay=150]]";
    const { studio, edits } = await runImprove(page, original);

    await edits.waitForChangeWhileStreaming("ins[data-suggestion-id]");
    await edits.waitForChangeWhileStreaming("del[data-suggestion-id]");
    await edits.waitForReview();
    await expect(edits.pending).toHaveCount(0);
    const ids = await edits.hunkIds();
    expect(ids.length).toBeGreaterThanOrEqual(2);
    const [inserted, deleted] = ids as [string, string];
    await expect(edits.hunk(inserted).first()).toContainText("Text to edit");
    await expect(edits.hunk(deleted).first()).toContainText("[[echo=1]]");

    await edits.openCard(inserted);
    await expect(edits.card).toContainText("Improve writing");
    await expect(edits.card.getByTestId("suggestion-accept")).toHaveAttribute("title", /Ctrl\+Alt\+Enter/);
    await edits.accept(inserted);
    await edits.reject(deleted);
    const text = await studio.documentText();
    expect(text).toMatch(/^Text to edit: <text> The meeting \[\[echo=1\]\] was long/);

    await expect(studio.document).toBeFocused();
    await page.keyboard.press("ControlOrMeta+Z");
    await expect(edits.hunk(deleted).first()).toBeVisible();
    await expect(edits.hunk(inserted)).toHaveCount(0);
    await page.keyboard.press("ControlOrMeta+Z");
    await expect(edits.hunk(inserted).first()).toBeVisible();
    await expect(edits.hunk(deleted).first()).toBeVisible();
  });

  test("review by keyboard: next change, accept, next, reject; Reject all restores the rest", async ({ page }) => {
    const original = "The plans [[echo=1]] change when the facts change, and that is fine. [[delay=20]]";
    const { studio, edits } = await runImprove(page, original);
    await edits.waitForReview();
    await expect(edits.bar.getByTestId("review-next")).toHaveAttribute("title", /Ctrl\+Alt\+↓/);
    const ids = await edits.hunkIds();
    expect(ids.length).toBeGreaterThanOrEqual(3);

    await page.keyboard.press("ControlOrMeta+Home");
    await edits.press("next");
    await expect(edits.card).toHaveAttribute("data-suggestion-id", ids[1]!);
    await edits.press("previous");
    await expect(edits.card).toHaveAttribute("data-suggestion-id", ids[0]!);
    await edits.press("accept");
    await expect(edits.hunk(ids[0]!)).toHaveCount(0);
    await edits.press("next");
    await expect(edits.card).toHaveAttribute("data-suggestion-id", ids[1]!);
    await edits.press("reject");
    await expect(edits.hunk(ids[1]!)).toHaveCount(0);

    await expect(edits.bar.getByTestId("review-count")).toHaveText(`${ids.length - 2} ${ids.length - 2 === 1 ? "change" : "changes"}`);
    await edits.rejectAll();
    expect(await studio.documentText()).toBe(`Text to edit: <text> ${original}`);
  });

  test("Escape stops a running edit and keeps what arrived as suggestions, the rest of the text untouched", async ({ page }) => {
    const original = "A good plan [[echo=1]] needs owners, dates and a budget that everyone agreed to before work starts. [[delay=250]]";
    const { studio, edits } = await runImprove(page, original);
    await edits.waitForChangeWhileStreaming();
    await expect(edits.pending.first()).toBeVisible();
    await page.keyboard.press("Escape");
    await edits.waitForReview();

    const kept = await edits.hunkIds();
    expect(kept.length).toBeGreaterThan(0);
    await expect(edits.pending).toHaveCount(0);
    await expect(edits.deletions.filter({ hasText: "budget" })).toHaveCount(0);
    await expect(studio.document).toContainText("before work starts. [[delay=250]]");
    await page.waitForTimeout(800);
    expect(await edits.hunkIds()).toEqual(kept);
    await edits.acceptAll();
    await expect(studio.document).toContainText("before work starts.");
  });

  test("the writer types inside the paragraph being rewritten: their words stay theirs, and a hunk they edit conflicts", async ({ page }) => {
    const original = "Our launch [[echo=1]] slipped because the vendor shipped late and nobody checked the dates. [[delay=400]]";
    const { studio, edits } = await runImprove(page, original);
    // Once the deletion shows, the text before "vendor" has stopped moving: click there and type.
    await edits.waitForChangeWhileStreaming("del[data-suggestion-id]");
    await studio.clickAfter("vendor");
    await page.keyboard.type(" really");
    await expect(edits.bar).toHaveAttribute("data-status", "streaming");
    await edits.waitForReview();

    await expect(studio.document).toContainText("vendor really shipped");
    await expect(edits.hunks.filter({ hasText: "really" })).toHaveCount(0);

    // Typing inside a hunk flags it: reviewable, never applied over the writer's words.
    const deleted = (await edits.deletions.filter({ hasText: "[[echo=1]]" }).getAttribute("data-suggestion-id"))!;
    await studio.clickAfter("[[echo");
    await page.keyboard.type("X");
    await expect(edits.hunk(deleted).and(page.locator("[data-conflict]")).first()).toBeVisible();
    await expect(edits.card.getByTestId("suggestion-conflict")).toBeVisible();

    await edits.rejectAll();
    expect(await studio.documentText()).toBe(original.replace("vendor", "vendor really").replace("[[echo", "[[echoX"));
  });

  test("on a phone, the card and the review bar fit the screen", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    const { edits } = await runImprove(page, "Small screens [[echo=1]] still show every change clearly. [[delay=10]]");
    await edits.waitForReview();
    await edits.openCard((await edits.hunkIds())[0]!);
    // Every control of the bar too: a bar can fit while its buttons overflow it.
    const controls = [edits.card, edits.bar, ...["review-previous", "review-next", "review-try-again", "review-reject-all", "review-accept-all"].map((id) => edits.bar.getByTestId(id))];
    for (const box of await Promise.all(controls.map((control) => control.boundingBox()))) {
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    }
  });
});
