import { expect, type Download, type Locator, type Page } from "@playwright/test";

/** The studio's "Authorship report" dialog, opened from the export menu. */
export class AuthorshipReport {
  readonly dialog: Locator;
  readonly aiShare: Locator;
  readonly shareTable: Locator;
  readonly passages: Locator;
  readonly notes: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByTestId("authorship-report");
    this.aiShare = this.dialog.getByTestId("authorship-ai-share");
    this.shareTable = this.dialog.getByTestId("authorship-share");
    this.passages = this.dialog.getByTestId("authorship-passage");
    this.notes = this.dialog.getByTestId("authorship-notes");
  }

  async open() {
    await this.page.getByTestId("export-menu").click();
    await this.page.getByTestId("export-authorship-report").click();
    await expect(this.dialog).toBeVisible();
    await expect(this.shareTable).toBeVisible();
  }

  /** The share table's row for an origin: its label, words and percentage. */
  shareRow(origin: "writer" | "ai" | "edited"): Locator {
    return this.shareTable.locator(`tr[data-origin="${origin}"]`);
  }

  async download(format: "markdown" | "json"): Promise<Download> {
    const download = this.page.waitForEvent("download");
    await this.dialog.getByTestId(`authorship-download-${format}`).click();
    return download;
  }

  async close() {
    await this.dialog.getByTestId("authorship-close").click();
    await expect(this.dialog).toBeHidden();
  }
}
