import { expect, test } from "@playwright/test";
import { DocumentsPage } from "./pages/documents-page";
import { SignUpPage, testPassword, uniqueEmail } from "./pages/sign-up-page";

test("a guest with an API key who signs up is told the key was revoked, once", async ({ page }) => {
  const documents = new DocumentsPage(page);
  await documents.goto();
  expect((await page.request.post("/api/keys", { data: { name: "made as a guest" } })).status()).toBe(201);

  const signUp = new SignUpPage(page);
  await signUp.goto("/documents");
  await signUp.signUp({ email: uniqueEmail("keyholder"), password: testPassword });
  await page.waitForURL(/\/documents$/);
  const notice = page.getByTestId("revoked-keys-notice");
  await expect(notice).toContainText("The API key you created as a guest was revoked");
  await expect(notice.getByRole("link", { name: "Create new keys" })).toHaveAttribute("href", "/settings#settings-api-keys");

  await page.reload();
  await documents.waitForList();
  await expect(notice).toHaveCount(0);
});
