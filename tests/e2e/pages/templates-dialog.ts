import { expect, type Locator, type Page } from "@playwright/test";

/** The studio's "Templates" dialog: pick a template, fill its form, generate, insert or copy. */
export class TemplatesDialog {
  readonly openButton: Locator;
  readonly dialog: Locator;
  readonly generateButton: Locator;
  readonly output: Locator;
  readonly outputText: Locator;
  readonly outputStatus: Locator;
  readonly stopButton: Locator;
  readonly insertButton: Locator;
  readonly copyButton: Locator;
  readonly editButton: Locator;

  constructor(readonly page: Page) {
    this.openButton = page.getByTestId("templates-button");
    this.dialog = page.getByTestId("templates-dialog");
    this.generateButton = page.getByTestId("template-generate");
    this.output = page.getByTestId("template-output");
    this.outputText = page.getByTestId("template-output-text");
    this.outputStatus = page.getByTestId("template-output-status");
    this.stopButton = page.getByTestId("template-stop");
    this.insertButton = page.getByTestId("template-insert");
    this.copyButton = page.getByTestId("template-copy");
    this.editButton = page.getByTestId("template-edit");
  }

  async open() {
    await this.openButton.click();
    await expect(this.dialog).toBeVisible();
  }

  async pick(id: string) {
    await this.page.getByTestId(`template-option-${id}`).click();
    await expect(this.page.getByTestId("template-form")).toBeVisible();
  }

  field(name: string): Locator {
    return this.page.getByTestId(`template-field-${name}`);
  }

  async fill(values: Record<string, string>) {
    for (const [name, value] of Object.entries(values)) await this.field(name).fill(value);
  }

  async waitForOutput() {
    await expect(this.output).toHaveAttribute("data-status", /^(done|error)$/, { timeout: 20_000 });
  }

  /** The piece as rendered so far ("" before the first words). */
  async outputContent(): Promise<string> {
    return (await this.outputText.count()) ? (await this.outputText.innerText()).trim() : "";
  }

  async insert() {
    await this.insertButton.click();
    await expect(this.dialog).toBeHidden();
  }
}
