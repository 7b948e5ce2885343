import { expect, test } from "@playwright/test";
import { AccountMenu } from "./pages/account-menu";
import { DocumentsPage } from "./pages/documents-page";
import { SignInPage } from "./pages/sign-in-page";
import { SignUpPage, testPassword, uniqueEmail } from "./pages/sign-up-page";

test.describe("accounts", () => {
  test("a guest who signs up keeps their document, and sees it again after signing out and back in", async ({ page }) => {
    const documents = new DocumentsPage(page);
    const menu = new AccountMenu(page);
    // The first visit makes a guest session.
    await documents.goto();
    await expect(page.getByTestId("guest-banner")).toBeVisible();
    await expect(menu.button).toHaveAccessibleName("Account: Guest");
    await documents.createViaApi("Notes from a guest", "Written before signing up.");
    await documents.goto();
    await expect(documents.row("Notes from a guest")).toBeVisible();

    await menu.choose("sign-up");
    await expect(page).toHaveURL(/\/sign-up\?callbackUrl=%2Fdocuments$/);
    const signUp = new SignUpPage(page);
    await expect(signUp.guestNote).toContainText("sign up to keep it on every device");
    const email = uniqueEmail();
    await signUp.signUp({ email, password: testPassword, name: "Ada" });

    await page.waitForURL(/\/documents$/);
    await documents.waitForList();
    await expect(documents.row("Notes from a guest")).toBeVisible();
    await expect(page.getByTestId("guest-banner")).toHaveCount(0);
    await expect(menu.button).toHaveAccessibleName("Account: Ada");

    await menu.signOut();
    const signIn = new SignInPage(page);
    await signIn.goto("/documents");
    await signIn.signIn(email, testPassword);
    await page.waitForURL(/\/documents$/);
    await documents.waitForList();
    await expect(documents.row("Notes from a guest")).toBeVisible();
    await expect(menu.button).toHaveAccessibleName("Account: Ada");
  });

  test("a wrong password shows an error and keeps the person on the sign-in page", async ({ page }) => {
    const email = uniqueEmail();
    const signUp = new SignUpPage(page);
    await signUp.goto("/settings");
    await signUp.signUp({ email, password: testPassword });
    await page.waitForURL(/\/settings$/);
    await expect(page.getByTestId("account-email")).toHaveText(email);
    await new AccountMenu(page).signOut();

    const signIn = new SignInPage(page);
    await signIn.goto("/settings");
    await signIn.signIn(email, "not the right password");
    await expect(signIn.formError).toHaveText("The email or password is not correct.");
    await expect(page).toHaveURL(/\/sign-in/);
    await expect(signIn.submit).toBeEnabled();

    await signIn.password.fill(testPassword);
    await signIn.submit.click();
    await page.waitForURL(/\/settings$/);
    await expect(page.getByTestId("account-email")).toHaveText(email);
  });

  test("signing up with an email that already has an account shows the error and a way to sign in", async ({ page, browser }) => {
    const email = uniqueEmail();
    // Someone else, in another browser, took the email first.
    const other = await browser.newContext();
    const otherSignUp = new SignUpPage(await other.newPage());
    await otherSignUp.goto("/settings");
    await otherSignUp.signUp({ email, password: testPassword });
    await otherSignUp.page.waitForURL(/\/settings$/);
    await other.close();

    const signUp = new SignUpPage(page);
    await signUp.goto();
    await signUp.signUp({ email: email.toUpperCase(), password: "another long password" });
    await expect(signUp.formError).toContainText("An account with this email already exists.");
    await signUp.formError.getByRole("link", { name: "Go to sign in" }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
  });

  test("the forms check their fields with the server's rules before sending anything", async ({ page }) => {
    const signUp = new SignUpPage(page);
    await signUp.goto();
    let authCalls = 0;
    page.on("request", (request) => {
      if (request.url().includes("/api/auth/callback/")) authCalls++;
    });
    await signUp.signUp({ email: "not-an-email", password: "short" });
    await expect(signUp.email).toHaveAttribute("aria-invalid", "true");
    await expect(signUp.email).toBeFocused();
    await expect(page.getByText("Enter a valid email address.")).toBeVisible();
    await expect(page.getByText("Use at least 8 characters.")).toBeVisible();

    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.submit.click();
    await expect(page.getByText("Enter your password.")).toBeVisible();
    expect(authCalls).toBe(0);
  });

  test("the sign-in page explains an OAuth email conflict and a rate limit from the URL", async ({ page }) => {
    await page.goto("/sign-in?error=OAuthAccountNotLinked");
    await expect(page.getByTestId("form-error")).toContainText("Sign in with your email and password");
    await page.goto("/sign-in?code=rate_limited");
    await expect(page.getByTestId("form-error")).toContainText("Please wait a few minutes");
  });

  test("a signed-in person on /sign-up is told so, with a link to the studio", async ({ page }) => {
    const signUp = new SignUpPage(page);
    await signUp.goto("/settings");
    await signUp.signUp({ email: uniqueEmail(), password: testPassword });
    await page.waitForURL(/\/settings$/);
    await signUp.goto();
    await expect(page.getByTestId("signed-in-note")).toContainText("You're signed in");
    await expect(page.getByTestId("signed-in-note").getByRole("link", { name: "Go to the studio" })).toHaveAttribute("href", "/");
    await expect(signUp.submit).toHaveCount(0);
  });

  test("the account menu works with the keyboard", async ({ page }) => {
    const documents = new DocumentsPage(page);
    await documents.goto();
    const menu = new AccountMenu(page);
    await menu.button.focus();
    await page.keyboard.press("Enter");
    await expect(menu.item("documents")).toBeFocused();
    await expect(menu.item("sign-up")).toBeVisible();
    await expect(menu.item("sign-out")).toHaveCount(0);
    await page.keyboard.press("Escape");
    await expect(menu.items).toBeHidden();
    await expect(menu.button).toBeFocused();

    await page.keyboard.press("Enter");
    await page.keyboard.press("ArrowDown");
    await expect(menu.item("usage")).toBeFocused();
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/usage$/);
    await expect(page.getByRole("heading", { name: "Usage", level: 1 })).toBeVisible();
  });
});
