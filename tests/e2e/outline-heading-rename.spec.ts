import { expect, test, type Page } from "@playwright/test";
import type { DocumentJson } from "@/lib/contracts/documents";
import { StudioPage } from "./pages/studio-page";
import { TrackedEditsPanel } from "./pages/tracked-edits";

/** The outline's section headings as the server keeps them for the document. */
async function savedHeadings(page: Page, id: string): Promise<string[]> {
  const { document } = (await (await page.request.get(`/api/documents/${id}`)).json()) as { document: DocumentJson };
  return document.outline?.outline?.sections.map((s) => s.heading) ?? [];
}

test.describe("renaming a drafted section's heading in the text", () => {
  test("keeps its outline link: Redraft, lock and drafting progress still target that section", async ({ page }) => {
    const studio = new StudioPage(page);
    const edits = new TrackedEditsPanel(page);
    await studio.goto();
    await studio.generateOutline("Bees in the city");
    while ((await studio.outlineSections.count()) > 3) await studio.deleteSection(3);
    const headings = await studio.sectionHeadings();

    // Two sections drafted; the third, locked meanwhile, is not.
    await studio.toggleSectionLock(2);
    await studio.draftArticle();
    await expect(page.getByTestId("draft-status")).toContainText("Drafted 2 sections", { timeout: 30_000 });
    await studio.toggleSectionLock(2);
    expect(await studio.documentHeadings(2)).toEqual(headings.slice(0, 2));

    // The writer retitles section 2 in the text: its outline section follows, still drafted.
    const renamed = `${headings[1]} on rooftops`;
    await studio.document.locator("h2").nth(1).click();
    await page.keyboard.press("End");
    await page.keyboard.type(" on rooftops");
    await expect(studio.section(1).getByTestId("outline-section-heading")).toHaveValue(renamed);
    expect(await studio.sectionState(1)).toBe("drafted");

    // Redraft finds the section under its new heading: changes to review in that section only.
    await studio.redraftSection(1);
    await edits.waitForReview();
    const during = await studio.blocksBySection();
    expect(during.filter((block) => block.suggested).every((block) => block.section === 1)).toBe(true);
    expect(during.some((block) => block.suggested)).toBe(true);
    await expect(page.getByTestId("redraft-notice")).toHaveCount(0);
    await edits.rejectAll();

    // Locked, the renamed section is refused to a whole-document edit, by its new heading.
    await studio.toggleSectionLock(1);
    await studio.document.click();
    await studio.runAiAction("document", "shortcut");
    await page.getByTestId("ai-instruction-input").fill("Use British spelling");
    await page.getByTestId("ai-instruction-submit").click();
    await expect(edits.error).toContainText(`“${renamed}” is locked in the outline`);
    await studio.toggleSectionLock(1);

    // Drafting goes on after it: the third section lands after the renamed one (found by its new
    // heading), progress names the sections, and the renamed one stays drafted, kept on the server.
    await studio.section(2).getByTestId("outline-section-points").fill("Hives up high [[tokens=200]] [[delay=20]]");
    await studio.draftFromHere(2);
    await expect(studio.draftProgress).toContainText(`Drafting section 3 of 3: ${headings[2]}`);
    await expect(studio.document.locator("h2[data-drafting]")).toHaveText(headings[2]!);
    await studio.waitForDraftDone();
    expect(await studio.documentHeadings(2)).toEqual([headings[0], renamed, headings[2]]);
    await expect(studio.document.locator("h2 + p")).toHaveCount(3);
    expect(await studio.sectionState(1)).toBe("drafted");
    await expect.poll(() => savedHeadings(page, studio.documentId())).toEqual([headings[0], renamed, headings[2]]);
  });

  test("renaming a drafted section in the outline renames its heading in the text, as one undo step", async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    await studio.generateOutline("Bees in the city");
    while ((await studio.outlineSections.count()) > 2) await studio.deleteSection(2);
    const headings = await studio.sectionHeadings();
    await studio.draftArticle();
    await studio.waitForDraftDone();

    // Typed in the outline: the text's heading follows once the field is left, and the link holds.
    await studio.renameSection(1, "Hives up high");
    expect(await studio.documentHeadings(2)).toEqual(headings);
    await studio.section(1).getByTestId("outline-section-points").focus();
    await expect(studio.document.locator("h2")).toHaveText([headings[0]!, "Hives up high"]);
    expect(await studio.sectionState(1)).toBe("drafted");
    await expect(studio.document.locator("h2 + p")).toHaveCount(2);

    // One undo in the document puts the old heading back, and the outline follows it again.
    await studio.document.click();
    await page.keyboard.press("ControlOrMeta+z");
    await expect(studio.document.locator("h2")).toHaveText(headings);
    await expect(studio.section(1).getByTestId("outline-section-heading")).toHaveValue(headings[1]!);
  });
});
