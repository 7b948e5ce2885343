import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { StudioPage } from "./pages/studio-page";

/** Everything the page's CSP refused: the DOM event and the console line Chromium writes. */
function collectViolations(page: Page): string[] {
  const refused: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
  });
  page.on("pageerror", (error) => refused.push(`pageerror: ${error.message}`));
  return refused;
}

async function recordPolicyEvents(page: Page) {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`));
  });
}

/** A page on another origin (a second local server) that frames `target`. */
async function framingSite(target: string): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><title>Elsewhere</title><iframe id="victim" src="${target}" width="800" height="600"></iframe>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  // localhost vs 127.0.0.1: another origin (another site, even) than the app's.
  return { url: `http://localhost:${(server.address() as AddressInfo).port}/`, server };
}

test.describe("security headers in the browser", () => {
  test("the studio runs under its CSP without a single violation, and its answers stream", async ({ page }) => {
    const refused = collectViolations(page);
    await recordPolicyEvents(page);
    const studio = new StudioPage(page);
    const [documentPage] = await Promise.all([page.waitForResponse((res) => /\/d\/[0-9a-f-]{36}$/.test(res.url())), studio.goto()]);
    expect(documentPage.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'(;|$)/);
    // Hydrated: the editor takes typing and the client saves it.
    await studio.typeInEditor("Foxes adapt to cities. [[tokens=6]]");
    await studio.sendChat("What is this about? [[tokens=5]]");
    await expect(studio.assistantMessages.last()).not.toBeEmpty();
    // The theme script ran (it carries the nonce): the class list was set before paint.
    expect(await page.evaluate(() => document.documentElement.classList.length)).toBeGreaterThan(0);
    expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);
    expect(refused).toEqual([]);
  });

  test("another site can't frame the studio", async ({ page, baseURL }) => {
    const refused: string[] = [];
    page.on("console", (message) => refused.push(message.text()));
    const { url, server } = await framingSite(new URL("/sign-in", baseURL).toString());
    try {
      const framed = page.waitForResponse((res) => res.url().endsWith("/sign-in"));
      await page.goto(url);
      const response = await framed;
      expect(response.headers()["x-frame-options"]).toBe("DENY");
      // The browser refuses to render it: the frame stays empty of the app.
      const frame = page.frames().find((f) => f !== page.mainFrame());
      await expect.poll(() => frame?.evaluate(() => document.body?.innerText ?? "").catch(() => "") ?? "").not.toMatch(/sign in/i);
      await page.waitForTimeout(300);
      expect(await page.frameLocator("#victim").getByRole("button").count()).toBe(0);
      expect(refused.some((text) => /frame-ancestors|X-Frame-Options|refused to (display|frame)/i.test(text))).toBe(true);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
