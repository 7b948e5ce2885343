import { expect, type Locator, type Page } from "@playwright/test";

/** `/settings`: account details, display name, the privacy switch. */
export class SettingsPage {
  readonly email: Locator;
  readonly nameInput: Locator;
  readonly saveName: Locator;
  readonly nameStatus: Locator;
  readonly privacySwitch: Locator;

  constructor(readonly page: Page) {
    this.email = page.getByTestId("account-email");
    this.nameInput = page.getByTestId("display-name-input");
    this.saveName = page.getByTestId("display-name-save");
    this.nameStatus = page.getByTestId("display-name-status");
    this.privacySwitch = page.getByRole("switch", { name: "Don't store my prompts and AI outputs" });
  }

  async goto() {
    await this.page.goto("/settings");
    await expect(this.page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
  }

  async saveDisplayName(name: string) {
    await this.nameInput.fill(name);
    await this.saveName.click();
    await expect(this.nameStatus).toHaveText("Saved");
  }
}
