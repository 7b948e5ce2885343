import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import type { DocumentJson } from "@/lib/contracts/documents";
import { StudioPage } from "./pages/studio-page";
import { TrackedEditsPanel } from "./pages/tracked-edits";

/** A second device of the same writer: the session cookie of `context`, its own browser storage. */
async function otherDevice(browser: Browser, context: BrowserContext, baseURL: string | undefined): Promise<Page> {
  const { cookies } = await context.storageState();
  return (await browser.newContext({ baseURL, storageState: { cookies, origins: [] } })).newPage();
}

/** The outline's section headings as the server keeps them for the document. */
async function savedHeadings(page: Page, id: string): Promise<string[]> {
  const { document } = (await (await page.request.get(`/api/documents/${id}`)).json()) as { document: DocumentJson };
  return document.outline?.outline?.sections.map((s) => s.heading) ?? [];
}

test.describe("outline-first drafting", () => {
  test("an outline belongs to its document: a new document has none, and another device of the writer sees it", async ({ page, context, browser, baseURL }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    const id = studio.documentId();
    await studio.generateOutline("Bees in the city");
    await studio.renameSection(0, "Rooftop hives first");
    const headings = await studio.sectionHeadings();
    await expect.poll(() => savedHeadings(page, id)).toEqual(headings);

    const created = (await (await page.request.post("/api/documents", { data: {} })).json()) as { document: DocumentJson };
    await studio.open(created.document.id);
    await expect(page.getByTestId("outline-topic")).toHaveValue("");
    await expect(studio.outlineSections).toHaveCount(0);

    const other = new StudioPage(await otherDevice(browser, context, baseURL));
    await other.open(id);
    await expect(other.outlineSections).toHaveCount(headings.length);
    expect(await other.sectionHeadings()).toEqual(headings);
    await expect(other.page.getByTestId("outline-topic")).toHaveValue("Bees in the city");
    await other.page.context().close();
  });

  test("an outline left in this browser by an earlier version moves into the document opened next, once", async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    const id = studio.documentId();
    const legacy = { brief: { topic: "Old topic", audience: "", tone: "", length: "short" }, outline: { title: "Old", sections: [{ id: "a", heading: "Kept heading", keyPoints: ["One"] }] } };
    await page.evaluate((value) => localStorage.setItem("draftwise:outline", JSON.stringify(value)), legacy);
    await page.reload();
    await expect(studio.outlineSections).toHaveCount(1);
    expect(await studio.sectionHeadings()).toEqual(["Kept heading"]);
    await expect.poll(() => savedHeadings(page, id)).toEqual(["Kept heading"]);
    expect(await page.evaluate(() => localStorage.getItem("draftwise:outline"))).toBeNull();

    const created = (await (await page.request.post("/api/documents", { data: {} })).json()) as { document: DocumentJson };
    await studio.open(created.document.id);
    await expect(studio.outlineSections).toHaveCount(0);
  });

  test("Stop during section 2, then Draft again: it resumes with section 2 and no section is written twice", async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    await studio.generateOutline("A long history of the paperclip");
    const headings = await studio.sectionHeadings();
    await studio.section(1).getByTestId("outline-section-points").fill("Where it went next [[tokens=300]] [[delay=30]]");

    await studio.draftArticle();
    await expect(studio.draftProgress).toContainText(`Drafting section 2 of ${headings.length}: ${headings[1]}`);
    await expect(studio.document.locator("h2")).toHaveText(headings.slice(0, 2));
    await expect.poll(async () => (await studio.blocksBySection()).filter((b) => b.section === 1 && b.tag === "P" && b.text.length > 40).length).toBe(1);
    await page.getByTestId("draft-stop").click();
    await expect(page.getByTestId("draft-status")).toContainText("Stopped during section 2");
    expect(await studio.sectionState(0)).toBe("drafted");
    expect(await studio.sectionState(1)).toBe("not-drafted");
    const firstSection = (await studio.blocksBySection()).filter((b) => b.section === 0);

    await studio.section(1).getByTestId("outline-section-points").fill("Where it went next");
    await expect(page.getByTestId("outline-draft")).toHaveText("Resume drafting");
    await studio.draftArticle();
    await studio.waitForDraftDone();
    expect(await studio.documentHeadings(2)).toEqual(headings);
    expect((await studio.blocksBySection()).filter((b) => b.section === 0)).toEqual(firstSection);
    await expect(studio.document.locator("h2 + p")).toHaveCount(headings.length);
  });

  test("a locked section is never drafted; Draft from here starts at that section, and a later Draft fills in the rest in outline order", async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    await studio.generateOutline("Bees in the city");
    const headings = await studio.sectionHeadings();
    expect(headings.length).toBeGreaterThanOrEqual(3);

    await studio.toggleSectionLock(1);
    expect(await studio.sectionState(1)).toBe("locked");
    await studio.draftFromHere(2);
    await studio.waitForDraftDone();
    expect(await studio.documentHeadings(2)).toEqual(headings.slice(2));
    expect(await studio.sectionState(0)).toBe("not-drafted");

    await studio.draftArticle();
    // Section 1 lands before the ones drafted from here; the locked one is skipped.
    await expect.poll(() => studio.documentHeadings(2), { timeout: 30_000 }).toEqual([headings[0], ...headings.slice(2)]);
    await expect(page.getByTestId("draft-status")).toContainText("1 locked section is left as it is", { timeout: 30_000 });
    expect(await studio.sectionState(1)).toBe("locked");
    for (const index of [0, 2]) expect(await studio.sectionState(index)).toBe("drafted");

    // A whole-document AI edit would rewrite a locked section: it is refused, nothing changes.
    await studio.toggleSectionLock(0);
    const before = await studio.documentText();
    await studio.document.click();
    await studio.runAiAction("document", "shortcut");
    await page.getByTestId("ai-instruction-input").fill("Use British spelling");
    await page.getByTestId("ai-instruction-submit").click();
    await expect(new TrackedEditsPanel(page).error).toContainText(`“${headings[0]}” is locked in the outline`);
    expect(await studio.documentText()).toBe(before);
  });

  test("moving a section in the outline offers to move its text, and one undo puts it back", async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    await studio.generateOutline("How small teams run better meetings");
    const headings = await studio.sectionHeadings();
    await studio.draftArticle();
    await studio.waitForDraftDone();
    const before = await studio.blocksBySection();

    await studio.moveSection(1, "up");
    await page.getByTestId("outline-move-text").click();
    await expect(page.getByTestId("outline-move-offer")).toBeHidden();
    const reordered = [headings[1]!, headings[0]!, ...headings.slice(2)];
    expect(await studio.documentHeadings(2)).toEqual(reordered);
    // The section's text moved with its heading.
    const after = await studio.blocksBySection();
    expect(after.filter((b) => b.section === 0).map((b) => b.text)).toEqual(before.filter((b) => b.section === 1).map((b) => b.text));

    await studio.document.click();
    await page.keyboard.press("ControlOrMeta+Z");
    expect(await studio.documentHeadings(2)).toEqual(headings);
  });

  test("while a section is written, its outline card and its heading in the text say so", async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    await studio.generateOutline("Bees in the city");
    const headings = await studio.sectionHeadings();
    await studio.section(0).getByTestId("outline-section-points").fill("Forage [[tokens=300]] [[delay=30]]");

    await studio.draftArticle();
    await expect(studio.section(0)).toHaveAttribute("data-state", "drafting");
    await expect(studio.section(0).getByTestId("outline-section-state")).toHaveText("Writing…");
    await expect(studio.document.locator("h2[data-drafting]")).toHaveText(headings[0]!);
    await expect(studio.draftProgress).toContainText(headings[0]!);

    await page.getByTestId("draft-stop").click();
    await expect(studio.document.locator("[data-drafting]")).toHaveCount(0);
    expect(await studio.sectionState(0)).toBe("not-drafted");
  });
});
