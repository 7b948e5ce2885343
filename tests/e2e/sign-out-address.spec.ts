import { expect, test } from "@playwright/test";
import { loopbackAlias, type LoopbackAlias } from "../fixtures/loopback-alias";
import { AccountMenu } from "./pages/account-menu";
import { SignUpPage, testPassword, uniqueEmail } from "./pages/sign-up-page";

/**
 * Self-hosted without AUTH_URL, the studio is reached by whatever address the network gives it
 * (http://10.0.0.5:3000); signing out must land there, not on the address the server listens on.
 * 127.0.0.2 (a relay to the studio on 127.0.0.1) stands in for that address.
 */

let alias: LoopbackAlias | undefined;
test.afterEach(async () => {
  await alias?.close();
});

test("signing out of the studio on another address lands on that address's sign-in page", async ({ page, baseURL }) => {
  alias = await loopbackAlias(baseURL!);
  const signUp = new SignUpPage(page);
  await page.goto(`${alias.url}/sign-up`);
  await signUp.signUp({ email: uniqueEmail("lan"), password: testPassword, name: "Lan" });
  await page.waitForURL((url) => url.pathname.startsWith("/d/"));
  expect(new URL(page.url()).origin).toBe(alias.url);

  const menu = new AccountMenu(page);
  await expect(menu.button).toHaveAccessibleName("Account: Lan");
  await menu.signOut();
  expect(new URL(page.url()).origin).toBe(alias.url);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
});
