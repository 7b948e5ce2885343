import { expect, type Locator, type Page } from "@playwright/test";

/** `/sign-up`. */
export class SignUpPage {
  readonly name: Locator;
  readonly email: Locator;
  readonly password: Locator;
  readonly submit: Locator;
  readonly formError: Locator;
  readonly guestNote: Locator;

  constructor(readonly page: Page) {
    this.name = page.getByTestId("sign-up-name");
    this.email = page.getByTestId("sign-up-email");
    this.password = page.getByTestId("sign-up-password");
    this.submit = page.getByTestId("sign-up-submit");
    this.formError = page.getByTestId("form-error");
    this.guestNote = page.getByTestId("guest-note");
  }

  /** `callbackUrl`: where a successful sign-up should go. */
  async goto(callbackUrl?: string) {
    await this.page.goto(callbackUrl ? `/sign-up?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/sign-up");
    await expect(this.page.getByRole("heading", { name: "Create your account" })).toBeVisible();
  }

  async signUp({ email, password, name }: { email: string; password: string; name?: string }) {
    if (name) await this.name.fill(name);
    await this.email.fill(email);
    await this.password.fill(password);
    await this.submit.click();
  }
}

export const uniqueEmail = (name = "writer") => `${name}-${Math.random().toString(36).slice(2, 10)}@example.test`;
export const testPassword = "correct horse battery staple";
