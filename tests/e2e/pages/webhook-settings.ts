import { expect, type Locator, type Page } from "@playwright/test";

/** Settings → Webhooks: the signing secret, "Send test event". */
export class WebhookSettings {
  readonly section: Locator;
  readonly status: Locator;
  readonly create: Locator;
  readonly rotate: Locator;
  readonly reveal: Locator;
  readonly secretValue: Locator;
  readonly confirmDialog: Locator;
  readonly testUrl: Locator;
  readonly sendTest: Locator;
  readonly testResult: Locator;

  constructor(readonly page: Page) {
    this.section = page.getByRole("region", { name: "Webhooks" });
    this.status = page.getByTestId("webhook-secret-status");
    this.create = page.getByTestId("webhook-secret-create");
    this.rotate = page.getByTestId("webhook-secret-rotate");
    this.reveal = page.getByTestId("webhook-secret-reveal");
    this.secretValue = page.getByTestId("webhook-secret-value");
    this.confirmDialog = page.getByTestId("webhook-rotate-confirm");
    this.testUrl = page.getByRole("textbox", { name: "Receiver URL" });
    this.sendTest = page.getByTestId("webhook-test-send");
    this.testResult = page.getByTestId("webhook-test-result");
  }

  async goto() {
    await this.page.goto("/settings#settings-webhooks");
    await expect(this.page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
    await expect(this.status).toBeVisible();
  }

  /** Creates (or, after confirming, rotates) the secret; returns it as shown, once. */
  async createSecret(): Promise<string> {
    await this.create.click();
    await expect(this.reveal).toBeVisible();
    return this.secretValue.inputValue();
  }

  async rotateSecret(): Promise<string> {
    await this.rotate.click();
    await expect(this.confirmDialog).toBeVisible();
    await this.confirmDialog.getByTestId("webhook-rotate-confirm-button").click();
    await expect(this.confirmDialog).toBeHidden();
    await expect(this.reveal).toBeVisible();
    return this.secretValue.inputValue();
  }

  async sendTestEvent(url: string) {
    await this.testUrl.fill(url);
    await this.sendTest.click();
    await expect(this.testResult).toBeVisible();
  }
}
