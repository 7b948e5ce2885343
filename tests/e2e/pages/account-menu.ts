import { expect, type Locator, type Page } from "@playwright/test";

export type AccountMenuItem = "documents" | "usage" | "settings" | "sign-up" | "sign-in" | "sign-out";

/** The shared account menu in the header of every page. */
export class AccountMenu {
  readonly root: Locator;
  readonly button: Locator;
  readonly items: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId("account-menu");
    this.button = page.getByTestId("account-menu-button");
    this.items = page.getByTestId("account-menu-items");
  }

  async open() {
    await this.button.click();
    await expect(this.items).toBeVisible();
  }

  item(id: AccountMenuItem): Locator {
    return this.page.getByTestId(`account-menu-${id}`);
  }

  async choose(id: AccountMenuItem) {
    await this.open();
    await this.item(id).click();
  }

  async signOut() {
    await this.choose("sign-out");
    await this.page.waitForURL(/\/sign-in/);
  }
}
