import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { trackedChanges } from "../fixtures/docx";
import { SettingsPage } from "./pages/settings-page";
import { StudioPage } from "./pages/studio-page";
import { TrackedEditsPanel } from "./pages/tracked-edits";

// `[[echo=1]]` makes the scripted model answer with its prompt (directives removed): an edit that
// inserts "Text to edit: …" and deletes the directive. See tests/e2e/tracked-edits.spec.ts.

/** Runs the custom instruction on the selection and waits for its changes to be reviewable. */
async function runCustom(page: Page, instruction: string) {
  const studio = new StudioPage(page);
  await studio.runAiAction("custom");
  await page.getByTestId("ai-instruction-input").fill(instruction);
  await page.getByTestId("ai-instruction-submit").click();
  await new TrackedEditsPanel(page).waitForReview();
}

/** Exports with pending suggestions: the menu asks, and the choice goes with the download. */
async function exportChoosing(page: Page, format: "md" | "html", choice: "accepted" | "original") {
  await page.getByTestId("export-menu").click();
  await page.getByTestId(`export-${format}`).click();
  await expect(page.getByTestId("export-suggestions")).toBeVisible();
  const download = page.waitForEvent("download");
  await page.getByTestId(`export-suggestions-${choice}`).click();
  return readFile((await (await download).path())!, "utf8");
}

test.describe("pending suggestions are part of the saved document", () => {
  // Tall enough that the echoed answers (they repeat the document) and the card below them stay in view.
  test.use({ viewport: { width: 1280, height: 1400 } });

  test("they survive autosave and reload with the card's action, instruction and model; a version shows them and restoring keeps them", async ({ page }) => {
    const studio = new StudioPage(page);
    const edits = new TrackedEditsPanel(page);
    await studio.goto();
    await studio.typeInEditor("First paragraph [[echo=1]] gets accepted now.");
    await page.keyboard.press("Enter");
    await page.keyboard.type("Second paragraph [[echo=1]] stays pending.");

    // Run A, on the second paragraph: stays pending throughout.
    await page.keyboard.press("Shift+Home");
    await runCustom(page, "Make it sound formal");
    const pendingIds = await edits.hunkIds();
    expect(pendingIds.length).toBeGreaterThan(0);
    const marked = edits.insertions.first();
    await expect(marked).toHaveAttribute("data-action", "custom");
    await expect(marked).toHaveAttribute("data-instruction", "Make it sound formal");
    await expect(marked).toHaveAttribute("data-created-at", /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const model = (await marked.getAttribute("data-model"))!;
    expect(model).toBeTruthy();

    const expectCard = async () => {
      await edits.openCard(pendingIds[0]!);
      await expect(edits.card).toContainText("Custom instruction");
      await expect(edits.card).toContainText("“Make it sound formal”");
      await expect(edits.card).toContainText(model);
    };
    await expectCard();
    const reloadKeepsThem = async () => {
      await studio.waitUntilSaved();
      await page.reload();
      await expect(studio.document).toBeVisible();
      expect(await edits.hunkIds()).toEqual(pendingIds);
      await expectCard();
    };
    await reloadKeepsThem();

    // Run B, on the first paragraph, accepted: the version it keeps holds run A's pending changes.
    await studio.document.locator("p").first().click();
    await page.keyboard.press("Home");
    await page.keyboard.press("Shift+End");
    await studio.runAiAction("improve");
    await edits.waitForReview();
    const runB = (await edits.hunkIds()).filter((id) => !pendingIds.includes(id));
    expect(runB.length).toBeGreaterThan(0);
    await edits.openCard(runB[0]!);
    await expect(edits.bar).toContainText("Improve writing");
    await edits.bar.getByTestId("review-accept-all").click();
    await expect(edits.hunk(runB[0]!)).toHaveCount(0);
    expect(await edits.hunkIds()).toEqual(pendingIds);
    await studio.waitUntilSaved();

    // Then the writer rejects run A and types on: the version is the only place it is left.
    await expect(edits.bar).toContainText("Custom instruction");
    await edits.rejectAll();
    await page.keyboard.type(" Typed later.");
    await studio.waitUntilSaved();

    await studio.openHistory();
    await studio.historyVersions().filter({ hasText: "AI: Improve writing" }).first().click();
    await page.getByTestId("history-view-read").click();
    const preview = studio.historyPanel.getByTestId("history-version-content");
    await expect(preview.locator("ins[data-suggestion-id]").first()).toBeVisible();
    await expect(preview.locator("del[data-suggestion-id]").first()).toBeVisible();
    await expect(preview.locator("ins[data-suggestion-id]").first()).toHaveAttribute("data-instruction", "Make it sound formal");

    await studio.historyPanel.getByTestId("history-restore").click();
    await expect(studio.historyPanel).toBeHidden();
    expect(await edits.hunkIds()).toEqual(pendingIds);
    await expectCard();
    await reloadKeepsThem();
  });
});

test.describe("the privacy setting", () => {
  test("\"Don't store my prompts\" leaves the instruction out of the saved suggestions: the card shows it only until a reload", async ({ page }) => {
    const studio = new StudioPage(page);
    const edits = new TrackedEditsPanel(page);
    await studio.goto();
    const documentId = studio.documentId();
    const settings = new SettingsPage(page);
    await settings.goto();
    await settings.privacySwitch.click();
    await expect(settings.privacySwitch).toHaveAttribute("aria-checked", "true");
    // The switch moves at once and is disabled until the server has it: the studio reads it on load.
    await expect(settings.privacySwitch).toBeEnabled();

    await studio.open(documentId);
    await studio.typeInEditor("A private note [[echo=1]] about the budget.");
    await studio.selectAllText();
    await runCustom(page, "Keep this between us");
    const [id] = await edits.hunkIds();
    await expect(edits.insertions.first()).toHaveAttribute("data-action", "custom");
    await expect(edits.insertions.first()).not.toHaveAttribute("data-instruction");
    await edits.openCard(id!);
    await expect(edits.card).toContainText("“Keep this between us”");

    await studio.waitUntilSaved();
    await page.reload();
    await edits.openCard(id!);
    await expect(edits.card).toContainText("Custom instruction");
    await expect(edits.card).toContainText("fake-model");
    await expect(edits.card).not.toContainText("Keep this between us");
  });
});

test.describe("export with pending suggestions", () => {
  test("Markdown and HTML ask: accepted or the original; Word gets real tracked changes; no question once none are pending", async ({ page }) => {
    const studio = new StudioPage(page);
    const edits = new TrackedEditsPanel(page);
    await studio.goto();
    await studio.title.fill("Tide notes");
    await studio.runAiActionOn("The harbor [[echo=1]] woke slowly at dawn.", "improve");
    await edits.waitForReview();
    const model = (await edits.insertions.first().getAttribute("data-model"))!;
    const createdAt = (await edits.insertions.first().getAttribute("data-created-at"))!;

    const accepted = await exportChoosing(page, "md", "accepted");
    expect(accepted).toContain("Text to edit");
    expect(accepted).not.toContain("echo=1");
    const original = await exportChoosing(page, "html", "original");
    expect(original).toContain("echo=1");
    expect(original).not.toContain("Text to edit");

    // Word: no question; the changes arrive as w:ins / w:del by "Draftwise AI (model)", dated when made.
    await page.getByTestId("export-menu").click();
    await expect(page.getByTestId("export-docx")).toContainText("tracked changes");
    const download = page.waitForEvent("download");
    await page.getByTestId("export-docx").click();
    const changes = await trackedChanges(await readFile((await (await download).path())!));
    expect(changes.some((change) => change.kind === "ins" && change.text.includes("Text to edit"))).toBe(true);
    expect(changes.some((change) => change.kind === "del" && change.text.includes("echo=1"))).toBe(true);
    for (const change of changes) {
      expect(change.author).toBe(`Draftwise AI (${model})`);
      expect(change.date).toBe(createdAt.replace(/\.\d+Z$/, "Z"));
      expect(change.plainTextInDeletion).toBe(0);
    }
    expect(new Set(changes.map((change) => change.id)).size).toBe(changes.length);

    await edits.acceptAll();
    const md = await studio.exportAs("md");
    expect(await readFile((await md.path())!, "utf8")).toContain("Text to edit");
    await expect(page.getByTestId("export-suggestions")).toHaveCount(0);
  });
});
