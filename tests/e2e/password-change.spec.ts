import { expect, test } from "@playwright/test";
import { SettingsPage } from "./pages/settings-page";
import { SignInPage } from "./pages/sign-in-page";
import { SignUpPage, testPassword, uniqueEmail } from "./pages/sign-up-page";

test("changing the password in Settings keeps this browser signed in and signs out the others", async ({ page, browser }) => {
  const email = uniqueEmail("changer");
  const signUp = new SignUpPage(page);
  await signUp.goto("/settings");
  await signUp.signUp({ email, password: testPassword });
  await page.waitForURL(/\/settings$/);

  // The same account in another browser.
  const elsewhere = await browser.newContext();
  const other = await elsewhere.newPage();
  const signIn = new SignInPage(other);
  await signIn.goto("/settings");
  await signIn.signIn(email, testPassword);
  await other.waitForURL(/\/settings$/);

  const settings = new SettingsPage(page);
  await page.getByTestId("password-current").fill(testPassword);
  await page.getByTestId("password-new").fill("a brand new passphrase");
  await page.getByTestId("password-save").click();
  await expect(page.getByTestId("password-status")).toContainText("Password changed");

  await settings.goto();
  await expect(settings.email).toHaveText(email);
  // The other browser's session ended: its next page is a guest's.
  await other.reload();
  await expect(other.getByTestId("guest-banner")).toBeVisible();
  await elsewhere.close();
});
