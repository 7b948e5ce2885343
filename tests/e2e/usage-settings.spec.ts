import { expect, test } from "@playwright/test";
import { SettingsPage } from "./pages/settings-page";
import { UsagePage } from "./pages/usage-page";

test.describe("settings", () => {
  test("the privacy switch persists after a reload and works from the keyboard", async ({ page }) => {
    const settings = new SettingsPage(page);
    await settings.goto();
    await expect(settings.email).toContainText("Guest — sign up to keep your work");
    await expect(settings.privacySwitch).toHaveAttribute("aria-checked", "false");

    await settings.privacySwitch.click();
    await expect(settings.privacySwitch).toHaveAttribute("aria-checked", "true");
    await expect(settings.privacySwitch).toBeEnabled();
    await page.reload();
    await expect(settings.privacySwitch).toHaveAttribute("aria-checked", "true");
    const { account } = (await (await page.request.get("/api/account")).json()) as { account: { store_content: boolean } };
    expect(account.store_content).toBe(false);

    await settings.privacySwitch.focus();
    await page.keyboard.press("Space");
    await expect(settings.privacySwitch).toHaveAttribute("aria-checked", "false");
    await expect(settings.privacySwitch).toBeEnabled();
    await page.reload();
    await expect(settings.privacySwitch).toHaveAttribute("aria-checked", "false");
  });

  test("a display name is saved", async ({ page }) => {
    const settings = new SettingsPage(page);
    await settings.goto();
    await settings.saveDisplayName("Grace");
    await page.reload();
    await expect(settings.nameInput).toHaveValue("Grace");
  });
});

test.describe("usage", () => {
  test("shows the empty state before any model call, and a chart and table after one", async ({ page }) => {
    const usage = new UsagePage(page);
    await usage.goto();
    await expect(usage.empty).toContainText("No usage in the last 30 days");

    await usage.makeModelCall();
    await usage.goto();
    await expect(usage.chart).toHaveAttribute("role", "img");
    await expect(usage.chart).toHaveAttribute("aria-label", /tokens across 1 model \(fake-model\)/);
    await expect(usage.legend).toHaveText("fake-model");
    const today = usage.bars.last();
    expect(Number(await today.getAttribute("data-total"))).toBeGreaterThan(0);
    await expect(today.locator("title").first()).toContainText("fake-model");
    await expect(usage.rows).toHaveCount(1);
    await expect(usage.rows.first().getByRole("rowheader")).toHaveText("fake-model");
    await expect(usage.rows.first().getByRole("cell").first()).toHaveText("1");
    await expect(usage.totals.getByRole("cell").first()).toHaveText("1");

    await usage.choosePeriod(7);
    await expect(page).toHaveURL(/\/usage\?days=7$/);
    await expect(usage.chart).toBeVisible();
    await expect(usage.bars).toHaveCount(7);
  });
});
