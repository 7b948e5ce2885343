import { expect, test } from "@playwright/test";
import { StudioPage } from "./pages/studio-page";
import { TrackedEditsPanel } from "./pages/tracked-edits";

test.describe("outline to article", () => {
  test("generates an outline, edits it, and drafts each edited heading as an H2 followed by prose", async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    await studio.generateOutline("How small teams run better meetings");

    const count = await studio.outlineSections.count();
    expect(count).toBeGreaterThanOrEqual(3);
    expect(count).toBeLessThanOrEqual(7);
    await expect(page.getByTestId("outline-title")).not.toHaveValue("");

    await studio.renameSection(0, "Why meetings go wrong");
    await studio.deleteSection(count - 1);
    await expect(studio.outlineSections).toHaveCount(count - 1);
    const beforeMove = await studio.sectionHeadings();
    await studio.moveSection(1, "up");
    const expected = [beforeMove[1]!, beforeMove[0]!, ...beforeMove.slice(2)];
    await expect.poll(() => studio.sectionHeadings()).toEqual(expected);
    expect(expected).toContain("Why meetings go wrong");

    await studio.draftArticle();
    await expect(studio.draftProgress).toContainText(new RegExp(`Drafting section \\d of ${expected.length}`));
    await expect(page.getByTestId("draft-status")).toContainText(`Drafted ${expected.length} sections`, { timeout: 30_000 });

    expect(await studio.documentHeadings(2)).toEqual(expected);
    // Every heading is followed by at least one paragraph of prose.
    const blocks = await studio.document.evaluate((root) =>
      Array.from(root.children).map((el) => ({ tag: el.tagName, text: el.textContent?.trim() ?? "" })),
    );
    const h2Indexes = blocks.flatMap((b, i) => (b.tag === "H2" ? [i] : []));
    for (const i of h2Indexes) {
      expect(blocks[i + 1]?.tag).toBe("P");
      expect(blocks[i + 1]?.text.length).toBeGreaterThan(10);
    }
  });

  test("Stop ends drafting and keeps what was written", async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    await studio.generateOutline("A long history of the paperclip");
    // A directive in the key points makes the first section slow and long.
    await studio.section(0).getByTestId("outline-section-points").fill("Where it started [[tokens=300]] [[delay=30]]");

    await studio.draftArticle();
    await expect(studio.draftProgress).toContainText(/Drafting section 1 of \d/);
    const firstHeading = (await studio.sectionHeadings())[0]!;
    await expect(studio.document.locator("h2")).toHaveText([firstHeading]);
    await expect.poll(async () => (await studio.documentText()).length, { timeout: 10_000 }).toBeGreaterThan(firstHeading.length + 60);

    await page.getByTestId("draft-stop").click();
    await expect(page.getByTestId("draft-status")).toContainText("Stopped");
    const kept = await studio.documentText();
    await page.waitForTimeout(400);
    expect(await studio.documentText()).toBe(kept);
    await expect(studio.document.locator("h2")).toHaveCount(1);
    await expect(studio.document.locator("h2 + p")).not.toBeEmpty();
  });

  test("a section that fails shows the error; Retry redrafts it and finishes the article", async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    await studio.generateOutline("Bees in the city");
    const headings = await studio.sectionHeadings();
    // Three upstream failures outlast the server's two retries: section 2 fails once.
    await studio.section(1).getByTestId("outline-section-points").fill("Rooftop hives [[fail=503x3]]");

    await studio.draftArticle();
    await expect(page.getByTestId("draft-error")).toContainText(`Section 2 of ${headings.length} could not be drafted`);
    await expect(studio.document.locator("h2")).toHaveText(headings.slice(0, 2));

    await page.getByTestId("draft-retry").click();
    await expect(page.getByTestId("draft-status")).toContainText(`Drafted ${headings.length} sections`, { timeout: 30_000 });
    await expect(page.getByTestId("draft-error")).toBeHidden();
    // The failed attempt was replaced, not duplicated.
    expect(await studio.documentHeadings(2)).toEqual(headings);
    await expect(studio.document.locator("h2 + p")).toHaveCount(headings.length);
  });

  test("Redraft rewrites one drafted section from the outline as tracked changes over that section only, never overwriting", async ({ page }) => {
    const studio = new StudioPage(page);
    const edits = new TrackedEditsPanel(page);
    await studio.goto();
    await studio.generateOutline("Bees in the city");
    const headings = await studio.sectionHeadings();
    await studio.draftArticle();
    await expect(page.getByTestId("draft-status")).toContainText(`Drafted ${headings.length} sections`, { timeout: 30_000 });
    const before = await studio.blocksBySection();
    const others = before.filter((block) => block.section !== 1);

    await studio.redraftSection(1);
    await expect(edits.bar).toContainText("Redraft from outline");
    await edits.waitForReview();
    const during = await studio.blocksBySection();
    expect(during.some((block) => block.suggested)).toBe(true);
    expect(during.filter((block) => block.suggested).every((block) => block.section === 1)).toBe(true);
    expect(during.filter((block) => block.section !== 1)).toEqual(others);

    // Rejected, the section is as drafted; accepted, only that section changed.
    await edits.rejectAll();
    expect(await studio.blocksBySection()).toEqual(before);
    await studio.redraftSection(1);
    await edits.waitForReview();
    await edits.acceptAll();
    const texts = (await studio.blocksBySection()).map((block) => block.text);
    expect(texts.filter((text) => others.some((block) => block.text === text))).toEqual(others.map((block) => block.text));
    const redrafted = before.filter((block) => block.section === 1 && block.tag === "P");
    expect(redrafted.length).toBeGreaterThan(0);
    for (const block of redrafted) expect(texts).not.toContain(block.text);

    // A section whose heading isn't in the document (added to the outline, never drafted) says so and
    // changes nothing. (Renaming a drafted one would rename its heading in the text too.)
    await page.getByTestId("outline-add-section").click();
    await studio.renameSection(headings.length, "A heading the document does not have");
    const now = await studio.blocksBySection();
    await studio.redraftSection(headings.length);
    await expect(page.getByTestId("redraft-notice")).toContainText("There is no heading “A heading the document does not have”");
    expect(await studio.blocksBySection()).toEqual(now);
  });

  test("the outline is kept across reloads", async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    await studio.generateOutline("Gardening on a balcony");
    await studio.renameSection(0, "Pick the right pots");
    const headings = await studio.sectionHeadings();

    await page.reload();
    await expect(studio.outlineSections).toHaveCount(headings.length);
    expect(await studio.sectionHeadings()).toEqual(headings);
    await expect(page.getByTestId("outline-topic")).toHaveValue("Gardening on a balcony");
  });
});
