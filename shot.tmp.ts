// Temporary: README screenshots of the review flow (not committed).
import { chromium } from "playwright";
import { startApp } from "./tests/fixtures/app-server";
import { startFakeUpstream } from "./tests/fixtures/fake-upstream/server";
import { StudioPage } from "./tests/e2e/pages/studio-page";

const out = process.env.SHOT_DIR ?? "/work/shot";
const upstream = await startFakeUpstream({ defaults: { delay: 10 } });
const app = await startApp(3795, { OPENAI_BASE_URL: upstream.url, OPENAI_MODEL: "gpt-4.1-mini", MODEL_RETRY_BASE_MS: "20" });
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium" });
try {
  for (const [name, viewport] of [["desktop", { width: 1440, height: 900 }], ["phone", { width: 390, height: 844 }]] as const) {
    const context = await browser.newContext({ viewport, baseURL: app.url, deviceScaleFactor: name === "phone" ? 2 : 1, colorScheme: "light" });
    const page = await context.newPage();
    await page.route("**/api/edits", (route) =>
      route.fulfill({
        status: 200,
        contentType: "text/plain; charset=utf-8",
        body: "Our March launch slipped by three weeks because the **payments review** took longer than planned. We have since moved the review earlier, so the April release is on track.",
      }),
    );
    const studio = new StudioPage(page);
    await studio.goto();
    await studio.typeInEditor("Quarterly update\n");
    await page.keyboard.type("The launch in March was late by about three weeks, mainly because the ");
    await page.keyboard.press("Control+b");
    await page.keyboard.type("payments review");
    await page.keyboard.press("Control+b");
    await page.keyboard.type(" took a lot longer than anyone planned for. We moved it earlier now and April should be fine.\n");
    await page.keyboard.type("Next quarter we focus on onboarding: fewer steps, clearer pricing, and a guided first document.");
    // Select the second paragraph and improve it.
    const para = page.locator("[contenteditable='true'] p").nth(1);
    await para.click({ clickCount: 3 });
    await page.keyboard.press(process.platform === "darwin" ? "Meta+j" : "Control+j");
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${out}/${name}-menu.png` });
    await page.getByTestId("ai-action-improve").click();
    await page.getByTestId("review-bar").waitFor();
    await page.waitForFunction(() => document.querySelector("[data-testid='review-bar']")?.getAttribute("data-status") === "review");
    const first = page.locator("[contenteditable='true'] del[data-suggestion-id]").first();
    await first.click();
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${out}/${name}-review.png` });
    await context.close();
  }
} finally {
  await browser.close();
  await app.stop();
  await upstream.close();
}
