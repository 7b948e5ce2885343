import { expect, type Locator, type Page } from "@playwright/test";

/**
 * `/docs`: the interactive API reference (Scalar, rendered from /api/v1/openapi.json). Its
 * markup is Scalar's, so this object sticks to roles and visible text.
 */
export class DocsPage {
  readonly title: Locator;
  readonly sidebar: Locator;

  constructor(readonly page: Page) {
    this.title = page.getByRole("heading", { name: "Draftwise API", level: 1 });
    this.sidebar = page.getByRole("complementary", { name: "Sidebar for Draftwise API" });
  }

  async goto(hash = "") {
    await this.page.goto(`/docs${hash}`);
    await expect(this.title).toBeAttached();
  }

  /** Opens a tag's group in the sidebar, then one of its operations. */
  async openOperation(tag: string, summary: string) {
    await this.sidebar.getByRole("link", { name: tag, exact: true }).click();
    await this.sidebar.getByText(summary, { exact: true }).click();
    await expect(this.operation(summary)).toBeVisible();
  }

  operation(summary: string): Locator {
    return this.page.getByRole("heading", { name: summary });
  }

  /** The request example card beside an operation: its code samples. */
  requestExample(path: string): Locator {
    return this.page.getByRole("group").filter({ hasText: path }).filter({ has: this.page.locator("pre") }).first();
  }

  /** Picks another sample (curl, JavaScript, Python…) in a request example's menu. */
  async chooseSample(example: Locator, current: string, label: string) {
    await example.getByRole("button", { name: current }).click();
    await this.page.getByRole("option", { name: label }).click();
    await expect(example.getByRole("button", { name: label })).toBeVisible();
  }

  heading(name: string): Locator {
    return this.page.getByRole("heading", { name, exact: true });
  }
}
