import { expect, test, type APIRequestContext } from "@playwright/test";
import { ApiKeysPage } from "./pages/api-keys-page";

/** The browser's chat route with nothing but the key: Playwright's `request` carries no session cookie. */
async function chatWithKey(request: APIRequestContext, key: string) {
  return request.post("/api/chat", {
    headers: { Authorization: `Bearer ${key}` },
    data: { messages: [{ role: "user", content: "hi" }], stream: false },
  });
}

const utcDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

test.describe("API keys in settings", () => {
  test("a new key is shown once, works, is gone from the page after a reload, and stops working when revoked", async ({
    page,
    context,
    request,
  }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    const keys = new ApiKeysPage(page);
    await keys.goto();
    await expect(keys.empty).toBeVisible();

    const key = await keys.createKey({ name: "Blog pipeline" });
    await expect(keys.secretDialog).toContainText("You won't see it again");
    await expect(keys.copySecret).toBeFocused();
    await keys.copySecret.click();
    await expect(keys.copySecret).toContainText("Copied");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
    await expect(keys.curl).toHaveValue(new RegExp(`/api/v1/chat[\\s\\S]*Authorization: Bearer ${key}`));

    const answer = await chatWithKey(request, key);
    expect(answer.status()).toBe(200);
    expect(((await answer.json()) as { text: string }).text.length).toBeGreaterThan(0);

    await keys.dismissSecret();
    expect(await page.content()).not.toContain(key);
    const item = keys.item("Blog pipeline");
    await expect(item.getByTestId("api-key-status")).toHaveText("Active");

    await page.reload();
    await expect(item).toBeVisible();
    expect(await page.content()).not.toContain(key);
    await expect(item.getByTestId("api-key-prefix")).toHaveText(`${key.slice(0, 9)}…`);
    await expect(item.getByTestId("api-key-last-used")).not.toHaveText("Never");
    await expect(item.getByTestId("api-key-expires")).toHaveText("Never");

    await keys.revoke("Blog pipeline");
    await expect(item.getByTestId("api-key-status")).toHaveText("Revoked");
    await expect(item.getByTestId("api-key-revoke")).toHaveCount(0);
    await expect(item).toBeFocused();
    const refused = await chatWithKey(request, key);
    expect(refused.status()).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("invalid_api_key");

    await page.reload();
    await expect(item).toHaveAttribute("data-status", "revoked");
    await expect(item.getByTestId("api-key-budget-daily")).toHaveCount(0);
  });

  test("revoking asks first, and Cancel keeps the key working", async ({ page, request }) => {
    const keys = new ApiKeysPage(page);
    await keys.goto();
    const key = await keys.createKey({ name: "Kept" });
    await keys.dismissSecret();
    await keys.item("Kept").getByTestId("api-key-revoke").click();
    await expect(keys.revokeDialog).toContainText("This can't be undone");
    await expect(page.getByTestId("api-key-revoke-cancel")).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(keys.revokeDialog).toBeHidden();
    await expect(keys.item("Kept")).toHaveAttribute("data-status", "active");
    expect((await chatWithKey(request, key)).status()).toBe(200);
  });

  test("the form checks its fields with the route's schema before sending anything", async ({ page }) => {
    const keys = new ApiKeysPage(page);
    await keys.goto();
    let posts = 0;
    page.on("request", (req) => {
      if (req.method() === "POST" && new URL(req.url()).pathname === "/api/keys") posts++;
    });
    await keys.submitNewKey({ name: "   ", limits: { rpm: 0 } });
    await expect(keys.nameInput).toHaveAttribute("aria-invalid", "true");
    await expect(keys.nameInput).toBeFocused();
    await expect(keys.createDialog).toContainText("Name the key.");
    await expect(keys.limitInput("rpm")).toHaveAttribute("aria-invalid", "true");
    await expect(keys.createDialog).toContainText("Use a whole number of at least 1.");

    await keys.expiry.selectOption("custom");
    await keys.nameInput.fill("No date yet");
    await keys.limitInput("rpm").fill("");
    await keys.submit.click();
    await expect(keys.expiryDate).toHaveAttribute("aria-invalid", "true");
    await expect(keys.expiryDate).toBeFocused();
    expect(posts).toBe(0);
  });

  test("a custom expiry date in the past shows the server's error on the date field and makes no key", async ({ page }) => {
    const keys = new ApiKeysPage(page);
    await keys.goto();
    await keys.submitNewKey({ name: "Too late", expiresOn: utcDay(-1) });
    await expect(keys.expiryDate).toHaveAttribute("aria-invalid", "true");
    await expect(keys.createDialog).toContainText("expires_at must be in the future.");
    await expect(keys.secretDialog).toBeHidden();

    await keys.expiryDate.fill(utcDay(10));
    await keys.submit.click();
    await expect(keys.secretDialog).toBeVisible();
    await keys.dismissSecret();
    await expect(keys.items).toHaveCount(1);
    const day = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" }).format(new Date(`${utcDay(10)}T12:00:00Z`));
    await expect(keys.item("Too late").getByTestId("api-key-expires")).toHaveText(day);
  });

  test("a key with a daily budget and its own rate limit shows them, and the budget goes down after a call", async ({ page, request }) => {
    const keys = new ApiKeysPage(page);
    await keys.goto();
    const key = await keys.createKey({ name: "Budgeted", limits: { daily_tokens: 50_000, rpm: 120 } });
    await keys.dismissSecret();
    const item = keys.item("Budgeted");
    await expect(item.getByTestId("api-key-budget-daily-text")).toHaveText("50,000 of 50,000 tokens left");
    await expect(item.getByTestId("api-key-budget-monthly")).toHaveCount(0);
    await expect(item.getByTestId("api-key-limit-rpm")).toHaveText("120 requests/min");
    await expect(item.getByTestId("api-key-limit-rph")).toContainText("(default)");

    expect((await chatWithKey(request, key)).status()).toBe(200);
    await expect(async () => {
      await page.reload();
      await expect(item.getByTestId("api-key-budget-daily-text")).toHaveText(/^(?!50,000 of)[\d,]+ of 50,000 tokens left$/, { timeout: 1000 });
    }).toPass();
    const meter = item.getByRole("meter", { name: "Daily token budget left" });
    expect(Number(await meter.getAttribute("aria-valuenow"))).toBeLessThan(50_000);
  });
});
