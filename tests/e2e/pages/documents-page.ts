import { expect, type Locator, type Page } from "@playwright/test";

interface CreatedDocument {
  id: string;
  title: string;
  version: number;
}

/** ProseMirror JSON with one paragraph per line, as the editor stores it. */
export const contentOf = (text: string) => ({
  type: "doc",
  content: text.split("\n").map((line) => ({ type: "paragraph", content: line ? [{ type: "text", text: line }] : undefined })),
});

/** `/documents`: the list, the search, the trash. */
export class DocumentsPage {
  readonly rows: Locator;
  readonly search: Locator;
  readonly newButton: Locator;
  readonly empty: Locator;
  readonly notice: Locator;
  readonly error: Locator;
  readonly confirmDialog: Locator;

  constructor(readonly page: Page) {
    this.rows = page.getByTestId("document-row");
    this.search = page.getByTestId("documents-search");
    this.newButton = page.getByTestId("new-document").first();
    this.empty = page.getByTestId("documents-empty");
    this.notice = page.getByTestId("documents-notice");
    this.error = page.getByTestId("error-alert");
    this.confirmDialog = page.getByTestId("confirm-delete");
  }

  async goto(query = "") {
    await this.page.goto(`/documents${query}`);
    await expect(this.page.getByRole("heading", { name: "Documents", level: 1 })).toBeVisible();
    await this.waitForList();
  }

  /** The list (or its empty state) has loaded and no search is pending. */
  async waitForList() {
    await expect(this.page.locator('section[aria-busy="false"]')).toBeVisible();
  }

  /** Creates a document through the API with the page's own session cookie. */
  async createViaApi(title: string, text = ""): Promise<CreatedDocument> {
    const res = await this.page.request.post("/api/documents", { data: { title, content: contentOf(text) } });
    expect(res.status()).toBe(201);
    return ((await res.json()) as { document: CreatedDocument }).document;
  }

  /** Saves new text through the API, as another tab or device would. */
  async saveTextViaApi(document: CreatedDocument, text: string): Promise<CreatedDocument> {
    const res = await this.page.request.patch(`/api/documents/${document.id}`, {
      data: { base_version: document.version, content: contentOf(text) },
    });
    expect(res.status()).toBe(200);
    return ((await res.json()) as { document: CreatedDocument }).document;
  }

  row(title: string): Locator {
    return this.rows.filter({ has: this.page.getByTestId("document-title").getByText(title, { exact: true }) });
  }

  async titles(): Promise<string[]> {
    return this.rows.getByTestId("document-title").allInnerTexts();
  }

  async searchFor(text: string) {
    await this.search.fill(text);
    // The search waits for a pause in typing, then shows up in the address.
    await expect.poll(() => new URL(this.page.url()).searchParams.get("q") ?? "").toBe(text.trim());
    await this.waitForList();
  }

  async rename(from: string, to: string) {
    await this.row(from).getByTestId("document-rename").click();
    const input = this.page.getByTestId("rename-input");
    await expect(input).toBeFocused();
    await input.fill(to);
    await input.press("Enter");
    await expect(this.page.getByTestId("rename-form")).toHaveCount(0);
  }

  async moveToTrash(title: string) {
    await this.row(title).getByTestId("document-trash").click();
    await expect(this.notice).toContainText("Moved");
  }

  async showTrash() {
    await this.page.getByTestId("tab-trash").click();
    await expect(this.page).toHaveURL(/trash=true/);
    await this.waitForList();
  }

  async showDocuments() {
    await this.page.getByTestId("tab-documents").click();
    await expect(this.page).toHaveURL(/\/documents$/);
    await this.waitForList();
  }

  async restore(title: string) {
    await this.row(title).getByTestId("document-restore").click();
    await expect(this.notice).toContainText("Restored");
  }

  async deleteForever(title: string) {
    await this.row(title).getByTestId("document-delete-forever").click();
    await expect(this.confirmDialog).toBeVisible();
    await this.confirmDialog.getByTestId("confirm-delete-button").click();
    await expect(this.confirmDialog).toBeHidden();
  }
}
