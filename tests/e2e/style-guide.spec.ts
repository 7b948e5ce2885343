import { expect, test } from "@playwright/test";
import { DocumentsPage } from "./pages/documents-page";
import { SettingsPage } from "./pages/settings-page";
import { StudioPage } from "./pages/studio-page";
import { StyleGuideForm, StyleGuidePanel } from "./pages/style-guide-panel";
import { TrackedEditsPanel } from "./pages/tracked-edits";

test.describe("style guides", () => {
  test("a document's own guide is kept after a reload; another document follows the account default", async ({ page }) => {
    const studio = new StudioPage(page);
    const guide = new StyleGuidePanel(page);
    await studio.goto();
    await expect(guide.indicator).toHaveAttribute("data-applies", "false");
    await guide.open();
    await guide.expectSource("default");
    await expect(guide.panel.getByTestId("style-guide-no-default")).toBeVisible();

    await guide.setOwn({ voice: "dry and exact", audience: "site engineers", readingLevel: "expert", termsToAvoid: ["utilize → use", "synergy"] });
    await expect(guide.indicator).toHaveAttribute("data-applies", "true");

    await page.reload();
    await expect(studio.document).toBeVisible();
    await guide.open();
    await guide.expectSource("own");
    await expect(guide.form.voice).toHaveValue("dry and exact");
    await expect(guide.form.readingLevel).toHaveValue("expert");
    await expect(guide.form.termsToAvoid).toHaveValue("utilize → use\nsynergy");

    const other = await new DocumentsPage(page).createViaApi("Another one");
    await studio.open(other.id);
    await expect(guide.indicator).toHaveAttribute("data-source", "default");
    await expect(guide.indicator).toHaveAttribute("data-applies", "false");
  });

  test("the default set in Settings applies to a new document; None turns it off there alone, and Use my default brings it back", async ({ page }) => {
    const studio = new StudioPage(page);
    const guide = new StyleGuidePanel(page);
    await studio.goto();
    const settings = new SettingsPage(page);
    await settings.goto();
    const defaults = new StyleGuideForm(page.getByTestId("default-style-guide-form"));
    await defaults.fill({ voice: "warm, plain, first person plural", termsToUse: ["neighbours"], example: "We fixed the roof. It took a week." });
    await defaults.saveGuide();
    await page.reload();
    await expect(defaults.voice).toHaveValue("warm, plain, first person plural");

    const fresh = await new DocumentsPage(page).createViaApi("Follows the default");
    await studio.open(fresh.id);
    await expect(guide.indicator).toHaveAttribute("data-applies", "true");
    await guide.open();
    await guide.expectSource("default");
    await expect(guide.summary).toContainText("warm, plain, first person plural");
    const told = await guide.modelIsTold();
    expect(told).toContain("- Voice: warm, plain, first person plural.");
    expect(told).toContain('- Use these terms where they fit: "neighbours".');
    expect(told).toContain("<example>\nWe fixed the roof. It took a week.\n</example>");

    await guide.choose("none");
    await expect(guide.indicator).toHaveAttribute("data-applies", "false");
    await expect(guide.panel.getByTestId("style-guide-none")).toBeVisible();
    expect(await guide.modelIsTold()).toMatch(/^Nothing: no style guide applies/);
    await page.reload();
    await guide.open();
    await guide.expectSource("none");

    // Another new document still follows the default.
    const second = await new DocumentsPage(page).createViaApi("Second");
    await studio.open(second.id);
    await expect(guide.indicator).toHaveAttribute("data-applies", "true");

    await studio.open(fresh.id);
    await guide.open();
    await guide.choose("default");
    await expect(guide.indicator).toHaveAttribute("data-applies", "true");
  });

  test("customizing starts from the default; Save as my default makes it the account's; the preview follows the form", async ({ page }) => {
    const studio = new StudioPage(page);
    const guide = new StyleGuidePanel(page);
    await studio.goto();
    await guide.open();
    await guide.panel.getByTestId("style-guide-customize").click();
    await guide.form.fill({ voice: "brisk", termsToAvoid: ["utilize → use"] });
    const told = await guide.form.modelIsTold();
    expect(told).toContain("- Voice: brisk.");
    expect(told).toContain('"utilize → use"');
    await guide.panel.getByTestId("style-guide-save-default").click();
    await guide.expectSource("default");
    await expect(guide.summary).toContainText("brisk");

    // The next document starts with it, from the account.
    const next = await new DocumentsPage(page).createViaApi("Next");
    await studio.open(next.id);
    await guide.open();
    await expect(guide.summary).toContainText("brisk");
    await guide.panel.getByTestId("style-guide-customize").click();
    await expect(guide.form.voice).toHaveValue("brisk");
  });

  test("the form checks each field with the contract's limits and says where", async ({ page }) => {
    const studio = new StudioPage(page);
    const guide = new StyleGuidePanel(page);
    await studio.goto();
    await guide.open();
    await guide.choose("own");
    await guide.form.voice.fill("x".repeat(301));
    await expect(guide.panel.getByText("At most 300 characters.")).toBeVisible();
    await expect(guide.form.voice).toHaveAttribute("aria-invalid", "true");
    await guide.form.termsToAvoid.fill(`fine\n${"y".repeat(81)}`);
    await expect(guide.panel.getByText("Line 2: at most 80 characters.")).toBeVisible();
    await guide.form.save.click();
    await expect(guide.form.status).toHaveText("Fix the fields marked in red.");
    await guide.form.voice.fill("calm");
    await guide.form.termsToAvoid.fill("fine");
    await expect(guide.form.voice).not.toHaveAttribute("aria-invalid", "true");
    await guide.form.saveGuide();
  });

  test("the guide reaches the model: an AI action on the document writes in its voice", async ({ page }) => {
    const studio = new StudioPage(page);
    const guide = new StyleGuidePanel(page);
    await studio.goto();
    await guide.open();
    await guide.setOwn({ voice: "Voicemark quiet confidence" });
    // The scripted model answers `echo=system` with its system instructions: the guide is in them.
    await studio.runAiActionOn("[[echo=system]] The roof leaks.", "improve");
    await expect(studio.document).toContainText("Voice: Voicemark quiet confidence", { timeout: 20_000 });
  });

  test("a document following the default writes in the default's voice; None leaves every guide out", async ({ page }) => {
    const studio = new StudioPage(page);
    const guide = new StyleGuidePanel(page);
    await studio.goto();
    expect((await page.request.patch("/api/account", { data: { style_guide: { voice: "Defaultmark steady warmth" } } })).status()).toBe(200);
    await page.reload();
    await studio.runAiActionOn("[[echo=system]] The roof leaks.", "improve");
    await expect(studio.document).toContainText("Voice: Defaultmark steady warmth", { timeout: 20_000 });

    const other = await new DocumentsPage(page).createViaApi("No guide here");
    await studio.open(other.id);
    await guide.open();
    await guide.choose("none");
    await studio.runAiActionOn("[[echo=system]] The door sticks.", "improve");
    await new TrackedEditsPanel(page).waitForReview();
    await expect(studio.document).not.toContainText("Follow the writer's style guide");
  });

  test("the outline column's tabs move with the arrow keys", async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    const outlineTab = page.getByRole("tab", { name: "Outline" });
    await outlineTab.focus();
    await page.keyboard.press("ArrowRight");
    await expect(page.getByRole("tab", { name: "Style guide" })).toBeFocused();
    await expect(page.getByRole("tab", { name: "Style guide" })).toHaveAttribute("aria-selected", "true");
    await expect(page.getByTestId("style-guide-panel")).toBeVisible();
    await page.keyboard.press("ArrowLeft");
    await expect(outlineTab).toHaveAttribute("aria-selected", "true");
    await expect(page.getByTestId("style-guide-panel")).toBeHidden();
  });

  test("on a phone the panel opens from the header as a drawer and saves", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    const studio = new StudioPage(page);
    const guide = new StyleGuidePanel(page);
    await studio.goto();
    await guide.open();
    await expect(page.locator("#outline-panel")).toBeInViewport();
    await guide.choose("own");
    await guide.form.fill({ voice: "short and kind", readingLevel: "simple" });
    await guide.form.save.scrollIntoViewIfNeeded();
    await guide.form.saveGuide();
    await expect(guide.indicator).toHaveAttribute("data-source", "own");
    const box = await guide.panel.boundingBox();
    expect(box!.width).toBeLessThanOrEqual(390);
    await page.keyboard.press("Escape");
    await expect(guide.panel).toBeHidden();
  });
});
