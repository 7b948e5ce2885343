import { expect, type Locator, type Page } from "@playwright/test";

/** `/sign-in`. */
export class SignInPage {
  readonly email: Locator;
  readonly password: Locator;
  readonly submit: Locator;
  readonly formError: Locator;

  constructor(readonly page: Page) {
    this.email = page.getByTestId("sign-in-email");
    this.password = page.getByTestId("sign-in-password");
    this.submit = page.getByTestId("sign-in-submit");
    this.formError = page.getByTestId("form-error");
  }

  /** `callbackUrl`: where a successful sign-in should go. */
  async goto(callbackUrl?: string) {
    await this.page.goto(callbackUrl ? `/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/sign-in");
    await expect(this.page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  }

  async signIn(email: string, password: string) {
    await this.email.fill(email);
    await this.password.fill(password);
    await this.submit.click();
  }

  fieldError(field: Locator): Promise<string | null> {
    return field.evaluate((input) => {
      const id = input.getAttribute("aria-describedby");
      return id ? (document.getElementById(id)?.textContent ?? null) : null;
    });
  }
}
