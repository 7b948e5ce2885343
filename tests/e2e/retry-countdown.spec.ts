import { expect, test, type Locator } from "@playwright/test";
import { answerModelPaused } from "./pages/model-paused";
import { StudioPage } from "./pages/studio-page";
import { TemplatesDialog } from "./pages/templates-dialog";
import { TrackedEditsPanel } from "./pages/tracked-edits";

const unique = (name: string) => `${name}-${Math.random().toString(36).slice(2, 10)}`;
// Three 503s asking for 2 s each outlast the server's two retries: the failure it returns says
// `retry_after: 2`; the fourth request (the writer's retry) succeeds.
const failingFor2s = (name: string) => `[[fail=503x3]] [[retry_after=2]] [[id=${unique(name)}]]`;

/** A retry button waiting out the server's 2 s: disabled and counting down, then enabled with its own label. */
async function expectCountsDown(retry: Locator, ready: string) {
  await expect(retry).toBeDisabled();
  await expect(retry).toHaveText(/Retry in [12] s/);
  await expect(retry).toBeEnabled({ timeout: 4_000 });
  await expect(retry).toHaveText(ready);
}

test.describe("retrying after the model provider failed: every AI surface counts down the server's retry_after", () => {
  test("an editor action's Try again is disabled, counting down, until the server says to retry", async ({ page }) => {
    const studio = new StudioPage(page);
    const edits = new TrackedEditsPanel(page);
    await studio.goto();
    await studio.runAiActionOn(`This one fails first. ${failingFor2s("action")}`, "improve");

    const retry = edits.error.getByTestId("review-retry");
    await expect(edits.error).toBeVisible({ timeout: 20_000 });
    await expectCountsDown(retry, "Try again");
    await retry.click();
    await edits.waitForReview();
    await expect(edits.error).toBeHidden();
  });

  test("the run bar's Try again waits too, after the failure is dismissed", async ({ page }) => {
    const studio = new StudioPage(page);
    const edits = new TrackedEditsPanel(page);
    await studio.goto();
    await studio.runAiActionOn("Plans change when facts change. [[tokens=4]]", "improve");
    await edits.waitForReview();
    // The next call finds the model paused (the server's answer while its breaker is open).
    await answerModelPaused(page, "**/api/{edits,write}", 3);
    await edits.bar.getByTestId("review-try-again").click();
    await expect(edits.error).toContainText("retrying in 3 s");
    await edits.error.getByTestId("review-dismiss").click();
    const tryAgain = edits.bar.getByTestId("review-try-again");
    await expect(tryAgain).toBeDisabled();
    await expect(tryAgain).toHaveText(/Retry in [1-3] s/);
    await page.unroute("**/api/{edits,write}");
    await expect(tryAgain).toBeEnabled({ timeout: 5_000 });
    await expect(tryAgain).toHaveText("Try again");
  });

  test("outline Generate's Retry counts down, then generates the outline", async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    await page.getByTestId("outline-topic").fill(`Rooftop beekeeping ${failingFor2s("outline")}`);
    await page.getByTestId("outline-generate").click();

    const error = page.getByTestId("outline-error");
    const retry = error.getByTestId("outline-retry");
    await expect(error).toBeVisible({ timeout: 20_000 });
    await expectCountsDown(retry, "Retry");
    await retry.click();
    await expect(page.getByTestId("outline-editor")).toBeVisible({ timeout: 20_000 });
    await expect(error).toBeHidden();
  });

  test("Draft article's Retry from the failed section counts down, then drafts it", async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    await studio.generateOutline("Rooftop beekeeping");
    while ((await studio.outlineSections.count()) > 2) await studio.deleteSection(2);
    await studio.section(1).getByTestId("outline-section-points").fill(`Hives up high ${failingFor2s("draft")}`);
    await studio.draftArticle();

    const retry = page.getByTestId("draft-retry");
    await expect(page.getByTestId("draft-error")).toBeVisible({ timeout: 20_000 });
    await expectCountsDown(retry, "Retry from section 2");
    await retry.click();
    await studio.waitForDraftDone();
    await expect(studio.document.locator("h2 + p")).toHaveCount(2);
  });

  test("a template's Try again counts down, then writes the piece", async ({ page }) => {
    const studio = new StudioPage(page);
    const templates = new TemplatesDialog(page);
    await studio.goto();
    await templates.open();
    await templates.pick("marketing-campaign");
    await templates.fill({ brand: `Northwind ${failingFor2s("template")}`, product: "Cold brew" });
    await templates.generateButton.click();

    const retry = page.getByTestId("template-regenerate");
    await expect(page.getByTestId("template-error")).toBeVisible({ timeout: 20_000 });
    await expectCountsDown(retry, "Try again");
    await retry.click();
    await templates.waitForOutput();
    await expect(templates.output).toHaveAttribute("data-status", "done");
    await expect(templates.insertButton).toBeEnabled();
  });
});
