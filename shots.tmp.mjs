// Temporary screenshot pass (not committed).
import { chromium } from "@playwright/test";
const base = process.env.BASE;
const unconfigured = process.env.UNCONF;
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"] });
const sizes = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };
const email = `shot-${Date.now()}@example.test`;
for (const [name, viewport] of Object.entries(sizes)) {
  for (const scheme of ["light", "dark"]) {
    const ctx = await browser.newContext({ viewport, colorScheme: scheme });
    const page = await ctx.newPage();
    const errors = [];
    page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
    // sign up once (desktop light), then fail sign-ins to see the wait message
    await page.goto(`${base}/sign-up`);
    if (name === "desktop" && scheme === "light") {
      await page.getByLabel(/email/i).fill(email);
      await page.getByLabel(/^password/i).first().fill("correct horse battery staple");
      await page.getByRole("button", { name: /create|sign up/i }).click();
      await page.waitForTimeout(1500);
      await page.goto(`${base}/settings`);
      await page.waitForTimeout(800);
      await page.screenshot({ path: `/tmp/shots/settings-${name}-${scheme}.png`, fullPage: true });
      await ctx.clearCookies();
    }
    await page.goto(`${base}/sign-in`);
    for (let i = 0; i < 6; i++) {
      await page.getByLabel(/email/i).fill(email);
      await page.getByLabel(/password/i).fill("wrong password " + i);
      await page.getByRole("button", { name: /^sign in$/i }).click();
      await page.waitForTimeout(400);
    }
    await page.screenshot({ path: `/tmp/shots/signin-wait-${name}-${scheme}.png`, fullPage: true });
    if (unconfigured) {
      const p2 = await ctx.newPage();
      await p2.goto(`${unconfigured}/`);
      await p2.waitForTimeout(1500);
      await p2.screenshot({ path: `/tmp/shots/setup-guest-${name}-${scheme}.png`, fullPage: true });
    }
    console.log(name, scheme, "console errors:", errors.length, errors.slice(0, 3));
    await ctx.close();
  }
}
await browser.close();
