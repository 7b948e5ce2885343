import { expect, test } from "@playwright/test";
import { StudioPage } from "./pages/studio-page";

// The second app instance from global setup runs with no model at all.
test.use({ baseURL: process.env.E2E_UNCONFIGURED_URL ?? "http://127.0.0.1:3311" });

test.describe("without a configured model", () => {
  test("the setup notice explains what to configure", async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    await expect(studio.setupNotice).toBeVisible();
    await expect(studio.setupNotice).toContainText("OPENAI_BASE_URL");
    await expect(studio.setupNotice).toContainText("11434");
    await expect(studio.setupNotice).toContainText("npm run dev:fake");
    await expect(page.getByTestId("model-picker")).toHaveCount(0);
  });

  test("an AI action shows the not-configured message instead of failing silently", async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    await studio.runAiActionOn("A paragraph that needs a model.", "improve");

    await expect(page.getByTestId("review-error")).toContainText("No language model is configured");
    await expect(studio.setupNotice).toBeVisible();
    await expect(studio.document).toHaveText("A paragraph that needs a model.");
  });

  test("chat explains the missing model too", async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    await studio.sendChat("Hello?");
    await expect(page.getByTestId("chat-error")).toContainText("No language model is configured");
  });

  test("typing still works and is kept across reloads", async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    await studio.typeInEditor("Writing works without a model.");
    await expect(studio.document).toHaveText("Writing works without a model.");
    await expect(page.getByTestId("word-count")).toHaveText("5 words");
    await studio.waitUntilSaved();
    await page.reload();
    await expect(studio.document).toHaveText("Writing works without a model.");
  });
});
