import { expect, type Locator, type Page } from "@playwright/test";

/** The setup notice's "Write offline with an embedded model" part: download with progress, or the offline instructions. */
export class LocalModelSetup {
  readonly root: Locator;
  readonly heading: Locator;
  readonly info: Locator;
  readonly downloadButton: Locator;
  readonly progress: Locator;
  readonly progressText: Locator;
  readonly cancelButton: Locator;
  readonly error: Locator;
  readonly retryButton: Locator;
  readonly done: Locator;
  readonly offline: Locator;
  readonly modelsDir: Locator;
  /** Who may start the download, shown instead of the button to anyone else. */
  readonly adminOnly: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId("local-model-setup");
    this.heading = page.getByRole("heading", { name: "Write offline with an embedded model" });
    this.info = page.getByTestId("local-model-info");
    this.downloadButton = page.getByTestId("local-model-download");
    this.progress = page.getByTestId("local-model-progress");
    this.progressText = page.getByTestId("local-model-progress-text");
    this.cancelButton = page.getByTestId("local-model-cancel");
    this.error = page.getByTestId("local-model-error");
    this.retryButton = page.getByTestId("local-model-retry");
    this.done = page.getByTestId("local-model-done");
    this.offline = page.getByTestId("local-model-offline");
    this.modelsDir = page.getByTestId("local-model-dir");
    this.adminOnly = page.getByTestId("local-model-admin-only");
  }

  /** Clicks Download and waits until the bar shows some of the file has arrived. */
  async startDownload() {
    await this.downloadButton.click();
    await this.expectProgress();
  }

  async expectProgress() {
    await expect(this.progress).toBeVisible();
    await expect(this.progress).toHaveAttribute("aria-valuenow", /^[1-9]\d*$/);
  }

  async cancel() {
    await this.cancelButton.click();
    await expect(this.progress).toBeHidden();
    await expect(this.downloadButton).toBeVisible();
  }
}
