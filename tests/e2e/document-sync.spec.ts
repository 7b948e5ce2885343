import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { StudioPage } from "./pages/studio-page";

/** A second device of the same writer: the session cookie of `context`, its own browser storage. */
async function secondDevice(browser: Browser, context: BrowserContext, baseURL: string | undefined): Promise<Page> {
  const { cookies } = await context.storageState();
  const other = await browser.newContext({ baseURL, storageState: { cookies, origins: [] } });
  return other.newPage();
}

async function moveToEnd(studio: StudioPage) {
  await studio.document.click();
  await studio.page.keyboard.press("ControlOrMeta+End");
}

test.describe("documents saved on the server", () => {
  test("typing autosaves: Saved, the URL names the document, and a reload shows the text and title", async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    const id = studio.documentId();

    await studio.typeInEditor("Words that live on the server.");
    await expect(studio.saveState).toHaveText("Saved");
    await studio.waitUntilSaved();
    expect(await studio.pendingChanges()).toBeNull();

    await studio.title.fill("Server notes");
    await studio.waitUntilSaved();
    await expect(page).toHaveTitle(/^Server notes/);

    await page.reload();
    await expect(studio.document).toHaveText("Words that live on the server.");
    await expect(studio.title).toHaveValue("Server notes");
    // `/` opens the latest document rather than making a new one.
    await page.goto("/");
    await expect(page).toHaveURL(new RegExp(`/d/${id}$`));
  });

  test("an unknown document id shows the not-found page", async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    const response = await page.goto("/d/00000000-0000-4000-8000-000000000000");
    expect(response?.status()).toBe(404);
    await expect(page.getByTestId("not-found-documents-link")).toBeVisible();
  });

  test("an edit saved elsewhere meanwhile opens the conflict dialog; Merge keeps both edits", async ({ page, context, browser, baseURL }) => {
    const a = new StudioPage(page);
    await a.goto();
    await a.typeInEditor("Shared opening line.");
    await a.waitUntilSaved();
    const id = a.documentId();

    const b = new StudioPage(await secondDevice(browser, context, baseURL));
    await b.open(id);
    await expect(b.document).toHaveText("Shared opening line.");

    // A adds a paragraph; B, still on the older version, edits the first one.
    await moveToEnd(a);
    await a.page.keyboard.press("Enter");
    await a.page.keyboard.type("Added on device A.");
    await a.waitUntilSaved();

    await b.document.click();
    await b.page.keyboard.press("ControlOrMeta+Home");
    await b.page.keyboard.type("Device B says: ");
    await expect(b.conflictDialog).toBeVisible();
    await expect(b.saveState).toHaveText("Conflict");
    await expect(b.conflictDialog.getByRole("heading", { level: 2 })).toHaveText("This document changed in another tab or device");
    await expect(b.conflictDialog.getByTestId("conflict-preview").locator("ins")).toContainText("Added on device A.");
    await expect(b.conflictDialog.getByTestId("conflict-merge")).toBeFocused();
    // Escape does not dismiss an unresolved conflict.
    await b.page.keyboard.press("Escape");
    await expect(b.conflictDialog).toBeVisible();

    await b.merge();
    await b.waitUntilSaved();
    const merged = ["Device B says: Shared opening line.", "Added on device A."];
    await expect(b.document.locator("p")).toHaveText(merged);

    await b.page.reload();
    await expect(b.document.locator("p")).toHaveText(merged);
    await a.page.reload();
    await expect(a.document.locator("p")).toHaveText(merged);

    await b.openHistory();
    await expect(b.historyVersions().first()).toContainText("Merged changes");
    await b.page.context().close();
  });

  test("Keep both saves my version as a copy and shows the other version here", async ({ page, context, browser, baseURL }) => {
    const a = new StudioPage(page);
    await a.goto();
    await a.title.fill("Plans");
    await a.typeInEditor("The plan as it was.");
    await a.waitUntilSaved();
    const id = a.documentId();

    const b = new StudioPage(await secondDevice(browser, context, baseURL));
    await b.open(id);
    await expect(b.document).toHaveText("The plan as it was.");

    await moveToEnd(a);
    await a.page.keyboard.type(" Changed on A.");
    await a.waitUntilSaved();

    await moveToEnd(b);
    await b.page.keyboard.type(" Changed on B.");
    await expect(b.conflictDialog).toBeVisible();
    await b.conflictDialog.getByTestId("conflict-keep-both").click();

    const link = b.conflictDialog.getByTestId("conflict-copy-link");
    await expect(link).toHaveText("Plans (my copy)");
    const copyUrl = (await link.getAttribute("href"))!;
    await expect(b.document).toHaveText("The plan as it was. Changed on A.");
    await expect(b.saveState).toHaveText("Saved");
    // Resolved: now Escape may close it.
    await b.page.keyboard.press("Escape");
    await expect(b.conflictDialog).toBeHidden();

    await b.page.goto(copyUrl);
    await expect(b.title).toHaveValue("Plans (my copy)");
    await expect(b.document).toHaveText("The plan as it was. Changed on B.");
    await b.page.context().close();
  });

  test("offline, edits stay on this device and are saved once back online", async ({ page, context }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    await studio.typeInEditor("Written online.");
    await studio.waitUntilSaved();

    await context.setOffline(true);
    await page.keyboard.type(" Written offline.");
    await expect(studio.saveState).toHaveText("Offline — changes kept on this device");
    await expect(studio.saveState).toHaveAttribute("data-state", "offline");
    const pending = await studio.pendingChanges();
    expect(JSON.stringify(pending?.content)).toContain("Written online. Written offline.");

    await context.setOffline(false);
    await studio.waitUntilSaved();
    expect(await studio.pendingChanges()).toBeNull();
    await page.reload();
    await expect(studio.document).toHaveText("Written online. Written offline.");
  });

  test("edits made offline survive closing the tab and are saved on the next visit", async ({ page, context }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    await studio.typeInEditor("Before the tunnel.");
    await studio.waitUntilSaved();
    const id = studio.documentId();

    await context.setOffline(true);
    await page.keyboard.type(" Inside the tunnel.");
    await expect(studio.saveState).toHaveAttribute("data-state", "offline");
    await page.close();

    await context.setOffline(false);
    const again = new StudioPage(await context.newPage());
    await again.open(id);
    await expect(again.document).toHaveText("Before the tunnel. Inside the tunnel.");
    await again.waitUntilSaved();
    expect(await again.pendingChanges()).toBeNull();
    await again.page.reload();
    await expect(again.document).toHaveText("Before the tunnel. Inside the tunnel.");
  });

  test("offline edits on an older version meet the conflict dialog when back online", async ({ page, context, browser, baseURL }) => {
    const a = new StudioPage(page);
    await a.goto();
    await a.typeInEditor("First paragraph.");
    await a.waitUntilSaved();
    const id = a.documentId();

    await context.setOffline(true);
    await moveToEnd(a);
    await a.page.keyboard.type(" Typed offline on A.");
    await expect(a.saveState).toHaveAttribute("data-state", "offline");

    const b = new StudioPage(await secondDevice(browser, context, baseURL));
    await b.open(id);
    await moveToEnd(b);
    await b.page.keyboard.press("Enter");
    await b.page.keyboard.type("Typed on B meanwhile.");
    await b.waitUntilSaved();

    await context.setOffline(false);
    await expect(a.conflictDialog).toBeVisible({ timeout: 20_000 });
    await a.merge();
    await a.waitUntilSaved();
    await a.page.reload();
    await expect(a.document.locator("p")).toHaveText(["First paragraph. Typed offline on A.", "Typed on B meanwhile."]);
    await b.page.context().close();
  });

  test("content the editor can't show opens read-only with a notice, and nothing is saved over it", async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    await studio.typeInEditor("Safe on the server.");
    await studio.waitUntilSaved();
    const id = studio.documentId();
    const saved = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Safe on the server." }] }] };
    // Edits left on this device by some other build, holding a node type this editor doesn't have.
    const unknown = { type: "doc", content: [{ type: "callout", content: [{ type: "paragraph", content: [{ type: "text", text: "Note" }] }] }] };
    await page.evaluate(
      ([key, pending]) => localStorage.setItem(key, JSON.stringify(pending)),
      [`draftwise:pending:${id}`, { title: "", content: unknown, base_version: 2, base_title: "", base_content: saved, saved_at: new Date().toISOString() }] as const,
    );
    const saves: string[] = [];
    page.on("request", (request) => {
      if (request.method() === "PATCH") saves.push(request.url());
    });

    await page.reload();
    await expect(page.getByTestId("unreadable-notice")).toBeVisible();
    await expect(studio.document).toHaveAttribute("contenteditable", "false");
    await studio.title.fill("Renamed meanwhile");
    await page.waitForTimeout(1_500);
    expect(saves).toEqual([]);
    const res = await page.request.get(`/api/documents/${id}`);
    expect(((await res.json()) as { document: { content: unknown } }).document.content).toEqual(saved);
  });

  test("a document kept in the browser by an older Draftwise is imported once", async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    const first = studio.documentId();
    const legacy = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Written before accounts existed." }] }] };
    await page.evaluate((doc) => localStorage.setItem("draftwise:document", JSON.stringify(doc)), legacy);

    await page.reload();
    await expect(page).not.toHaveURL(new RegExp(`/d/${first}$`));
    await expect(studio.title).toHaveValue("Imported draft");
    await expect(studio.document).toHaveText("Written before accounts existed.");
    expect(await page.evaluate(() => localStorage.getItem("draftwise:document"))).toBeNull();
  });
});
