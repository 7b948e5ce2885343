import { expect, test } from "@playwright/test";
import { EditorTools } from "./pages/editor-tools";
import { StudioPage } from "./pages/studio-page";

test.describe("links", () => {
  test("pasting an address on a selection links it; Ctrl/⌘+K links, changes and refuses unsafe addresses", async ({ page }) => {
    const studio = new StudioPage(page);
    const tools = new EditorTools(page);
    await studio.goto();
    await studio.typeInEditor("Read the docs and the guide and the notes.");

    await studio.doubleClickWord("docs");
    // The editor has the selection (the footer counts it) before the paste.
    await expect(tools.selectionCount).toHaveText("Selected: 1 word, 4 characters");
    await tools.paste("https://example.com/docs");
    await expect(studio.document.locator("a")).toHaveCount(1);
    await expect(studio.document.locator("a")).toHaveText("docs");
    await expect(studio.document.locator("a")).toHaveAttribute("href", "https://example.com/docs");

    // An unsafe address pasted on a selection is just text, never a link.
    await studio.doubleClickWord("notes");
    await expect(tools.selectionCount).toHaveText("Selected: 1 word, 5 characters");
    await tools.paste("javascript:alert(1)");
    await expect(studio.document).toContainText("the javascript:alert(1).");
    await expect(studio.document.locator("a")).toHaveCount(1);

    await studio.doubleClickWord("guide");
    await expect(tools.selectionCount).toHaveText("Selected: 1 word, 5 characters");
    await tools.linkSelection("javascript:alert(document.cookie)");
    await expect(tools.linkRefused).toContainText("Only web (http, https) and email (mailto) links");
    await expect(tools.linkBar).toBeVisible();
    await tools.linkInput.fill("example.org/guide");
    await tools.linkInput.press("Enter");
    await expect(tools.linkBar).toBeHidden();
    await expect(studio.document.locator("a", { hasText: "guide" })).toHaveAttribute("href", "https://example.org/guide");
    await expect(studio.document).toBeFocused();

    await studio.waitUntilSaved();
    await page.reload();
    await expect(studio.document.locator("a")).toHaveCount(2);
  });

  test("typing at the end of a link writes plain text after it; typing inside the link extends it", async ({ page }) => {
    const studio = new StudioPage(page);
    const tools = new EditorTools(page);
    await studio.goto();
    await studio.typeInEditor("Read the docs");
    await studio.doubleClickWord("docs");
    await expect(tools.selectionCount).toHaveText("Selected: 1 word, 4 characters");
    await tools.linkSelection("example.com/docs");
    await expect(studio.document).toBeFocused();
    const link = studio.document.locator("a");

    await page.keyboard.press("End");
    await page.keyboard.type(" today");
    await expect(studio.document).toContainText("Read the docs today");
    await expect(link).toHaveCount(1);
    await expect(link).toHaveText("docs");

    // Back over " today" and "cs": the caret sits inside the link.
    for (let i = 0; i < " todaycs".length; i++) await page.keyboard.press("ArrowLeft");
    await page.keyboard.type("-");
    await expect(link).toHaveText("do-cs");
    await expect(link).toHaveAttribute("href", "https://example.com/docs");
  });
});

test("heading levels 1–3 from the toolbar and the keyboard", async ({ page }) => {
  const studio = new StudioPage(page);
  const tools = new EditorTools(page);
  await studio.goto();
  await studio.typeInEditor("Chapter one");
  await page.keyboard.press("ControlOrMeta+Alt+1");
  await expect(studio.document.locator("h1")).toHaveText("Chapter one");
  await expect(tools.headingButton(1)).toHaveAttribute("aria-pressed", "true");
  await tools.headingButton(2).click();
  await expect(studio.document.locator("h2")).toHaveText("Chapter one");
  await expect(tools.headingButton(2)).toHaveAttribute("aria-pressed", "true");
  await expect(tools.headingButton(1)).toHaveAttribute("aria-pressed", "false");
  await page.keyboard.press("ControlOrMeta+Alt+3");
  await expect(studio.document.locator("h3")).toHaveText("Chapter one");
  await tools.headingButton(3).click();
  await expect(studio.document.locator("p", { hasText: "Chapter one" })).toBeVisible();
  await expect(studio.document.locator("h3")).toHaveCount(0);
});

test("find and replace: matches highlighted and counted, next and previous, replace all is one undo step", async ({ page }) => {
  const studio = new StudioPage(page);
  const tools = new EditorTools(page);
  await studio.goto();
  await studio.typeInEditor("The cat sat. A cat ran. Cats nap.");

  await tools.find("cat");
  await expect(tools.matches).toHaveCount(3);
  await expect(tools.findCount).toHaveText("1 of 3");
  await tools.findInput.press("Enter");
  await expect(tools.findCount).toHaveText("2 of 3");
  await tools.findInput.press("Shift+Enter");
  await expect(tools.findCount).toHaveText("1 of 3");
  await expect(tools.currentMatch).toHaveText("cat");
  await tools.findInput.fill("dog");
  await expect(tools.findCount).toHaveText("No matches");
  await expect(tools.matches).toHaveCount(0);
  await tools.findInput.fill("cat");
  await expect(tools.matches).toHaveCount(3);

  await page.keyboard.press("ControlOrMeta+H");
  await expect(tools.replaceInput).toBeFocused();
  await tools.replaceInput.fill("dog");
  await tools.replaceAllButton.click();
  await expect(studio.document).toHaveText("The dog sat. A dog ran. dogs nap.");
  await expect(tools.findCount).toHaveText("No matches");

  await tools.findInput.press("Escape");
  await expect(tools.findBar).toBeHidden();
  await expect(studio.document).toBeFocused();
  await page.keyboard.press("ControlOrMeta+Z");
  await expect(studio.document).toHaveText("The cat sat. A cat ran. Cats nap.");
});

test("the footer counts the words and characters of the selection", async ({ page }) => {
  const studio = new StudioPage(page);
  const tools = new EditorTools(page);
  await studio.goto();
  await studio.typeInEditor("One two three four");
  await expect(tools.selectionCount).toHaveCount(0);
  await studio.doubleClickWord("three");
  await expect(tools.selectionCount).toHaveText("Selected: 1 word, 5 characters");
  await page.keyboard.press("ControlOrMeta+A");
  await expect(tools.selectionCount).toHaveText("Selected: 4 words, 18 characters");
  await page.keyboard.press("ArrowRight");
  await expect(tools.selectionCount).toHaveCount(0);
});

test("focus mode hides the side panels, from its button or shortcut, and is remembered", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const studio = new StudioPage(page);
  const tools = new EditorTools(page);
  const outline = page.locator("#outline-panel");
  const chat = page.locator("#chat-panel");
  await studio.goto();
  await expect(outline).toBeVisible();
  await expect(chat).toBeVisible();

  await tools.focusModeButton.click();
  await expect(outline).toBeHidden();
  await expect(chat).toBeHidden();
  await expect(tools.focusModeButton).toHaveAttribute("aria-pressed", "true");
  await page.screenshot({ path: "/work/shot/editor/focus-mode-desktop.png" });

  await page.reload();
  await expect(studio.document).toBeVisible();
  await expect(outline).toBeHidden();
  await studio.document.click();
  await page.keyboard.press("ControlOrMeta+Shift+F");
  await expect(outline).toBeVisible();
  await expect(chat).toBeVisible();
});

test.describe("a brand-new guest", () => {
  test("sees the first-run hint once, and the guest banner in the editor", async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    const hint = page.getByTestId("first-run-hint");
    await expect(hint).toBeVisible();
    await expect(hint).toContainText("Ctrl+J");
    await expect(hint).toContainText("Outline");
    await expect(page.getByTestId("guest-banner")).toBeVisible();
    await expect(page.getByTestId("guest-banner")).toContainText("sign up to keep your work");
    await page.screenshot({ path: "/work/shot/editor/first-run-desktop.png" });

    await page.reload();
    await expect(studio.document).toBeVisible();
    await expect(hint).toHaveCount(0);
    await expect(page.getByTestId("guest-banner")).toBeVisible();
  });

  test("can dismiss the hint, which also gives way once the writer starts writing", async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    await page.getByTestId("first-run-hint-dismiss").click();
    await expect(page.getByTestId("first-run-hint")).toHaveCount(0);

    await page.context().clearCookies();
    await page.evaluate(() => window.localStorage.clear());
    await studio.goto();
    await expect(page.getByTestId("first-run-hint")).toBeVisible();
    await studio.typeInEditor("Hello");
    await expect(page.getByTestId("first-run-hint")).toHaveCount(0);
  });
});

test.describe("keyboard", () => {
  test("the first Tab stop skips to the document, and the document comes before the outline", async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    const studio = new StudioPage(page);
    await studio.goto();
    await page.keyboard.press("Tab");
    const skip = page.getByTestId("skip-to-document");
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
    await page.keyboard.press("Enter");
    await expect(studio.document).toBeFocused();

    // Without the skip link: Tab after Tab from the top reaches the document before anything in the outline.
    await page.reload();
    await expect(studio.document).toBeVisible();
    const stops: string[] = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press("Tab");
      const where = await page.evaluate(() => {
        const active = document.activeElement;
        if (active?.closest("#outline-panel")) return "outline";
        if (active?.getAttribute("aria-label") === "Document") return "document";
        return active?.tagName ?? "none";
      });
      stops.push(where);
      if (where === "document" || where === "outline") break;
    }
    expect(stops.at(-1)).toBe("document");
    expect(stops.length).toBeLessThanOrEqual(15);
  });

  test("with one model the header shows its name, not a disabled picker, and doesn't shift when it loads", async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    // The test app offers a second model (for variants): this page's server offers only its default.
    await page.route("**/api/status", async (route) => {
      await held;
      const response = await route.fetch();
      const status = (await response.json()) as { models: { id: string }[]; defaultModel: string };
      await route.fulfill({ response, json: { ...status, models: status.models.filter((model) => model.id === status.defaultModel) } });
    });
    const studio = new StudioPage(page);
    await studio.goto();
    const theme = page.getByTestId("theme-toggle");
    const before = await theme.boundingBox();
    release();
    await expect(page.getByTestId("model-picker")).toBeVisible();
    await expect(page.getByRole("combobox", { name: "Model" })).toHaveCount(0);
    const after = await theme.boundingBox();
    expect(after).toEqual(before);
  });
});
