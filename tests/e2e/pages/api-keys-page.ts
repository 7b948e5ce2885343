import { expect, type Locator, type Page } from "@playwright/test";

export interface NewKeyOptions {
  name: string;
  /** `YYYY-MM-DD`: a custom expiry date. */
  expiresOn?: string;
  limits?: Partial<Record<"rpm" | "rph" | "tpm" | "concurrent" | "daily_tokens" | "monthly_tokens", number>>;
}

/** The "API keys" section of `/settings`: the list, the create form, the one-time secret, revoking. */
export class ApiKeysPage {
  readonly section: Locator;
  readonly createButton: Locator;
  readonly createDialog: Locator;
  readonly nameInput: Locator;
  readonly expiry: Locator;
  readonly expiryDate: Locator;
  readonly limitsToggle: Locator;
  readonly submit: Locator;
  readonly createError: Locator;
  readonly secretDialog: Locator;
  readonly secret: Locator;
  readonly copySecret: Locator;
  readonly curl: Locator;
  readonly secretDone: Locator;
  readonly items: Locator;
  readonly empty: Locator;
  readonly revokeDialog: Locator;

  constructor(readonly page: Page) {
    this.section = page.getByRole("region", { name: "API keys" });
    this.createButton = page.getByTestId("api-key-create");
    this.createDialog = page.getByTestId("api-key-create-dialog");
    this.nameInput = page.getByTestId("api-key-name-input");
    this.expiry = page.getByTestId("api-key-expiry");
    this.expiryDate = page.getByTestId("api-key-expiry-date");
    this.limitsToggle = page.getByTestId("api-key-limits-toggle");
    this.submit = page.getByTestId("api-key-create-submit");
    this.createError = page.getByTestId("api-key-create-error");
    this.secretDialog = page.getByTestId("api-key-secret-dialog");
    this.secret = page.getByTestId("api-key-secret");
    this.copySecret = page.getByTestId("api-key-secret-copy");
    this.curl = page.getByTestId("api-key-curl");
    this.secretDone = page.getByTestId("api-key-secret-done");
    this.items = page.getByTestId("api-key-item");
    this.empty = page.getByTestId("api-keys-empty");
    this.revokeDialog = page.getByTestId("api-key-revoke-dialog");
  }

  async goto() {
    await this.page.goto("/settings");
    await expect(this.section).toBeVisible();
  }

  item(name: string): Locator {
    return this.items.filter({ has: this.page.getByTestId("api-key-name").getByText(name, { exact: true }) });
  }

  limitInput(name: keyof NonNullable<NewKeyOptions["limits"]>): Locator {
    return this.page.getByTestId(`api-key-limit-input-${name}`);
  }

  /** Fills and submits the create form; doesn't wait for the outcome. */
  async submitNewKey({ name, expiresOn, limits }: NewKeyOptions) {
    await this.createButton.click();
    await expect(this.createDialog).toBeVisible();
    await this.nameInput.fill(name);
    if (expiresOn) {
      await this.expiry.selectOption("custom");
      await this.expiryDate.fill(expiresOn);
    }
    if (limits) {
      await this.limitsToggle.click();
      for (const [limit, value] of Object.entries(limits)) {
        await this.limitInput(limit as keyof typeof limits).fill(String(value));
      }
    }
    await this.submit.click();
  }

  /** Creates a key and returns its secret from the one-time dialog (left open). */
  async createKey(options: NewKeyOptions): Promise<string> {
    await this.submitNewKey(options);
    await expect(this.secretDialog).toBeVisible();
    const key = await this.secret.inputValue();
    expect(key).toMatch(/^dw_[0-9A-Za-z]{40}$/);
    return key;
  }

  async dismissSecret() {
    await this.secretDone.click();
    await expect(this.secretDialog).toBeHidden();
  }

  async revoke(name: string) {
    await this.item(name).getByTestId("api-key-revoke").click();
    await expect(this.revokeDialog).toBeVisible();
    await this.page.getByTestId("api-key-revoke-confirm").click();
    await expect(this.revokeDialog).toBeHidden();
  }
}
