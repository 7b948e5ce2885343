import { expect, test, type Page } from "@playwright/test";
import { EditorTools } from "./pages/editor-tools";
import { StudioPage } from "./pages/studio-page";
import { TemplatesDialog } from "./pages/templates-dialog";

const heading = (text: string) => ({ type: "heading", attrs: { level: 1 }, content: [{ type: "text", text }] });
const paragraph = (text: string) => ({ type: "paragraph", content: [{ type: "text", text }] });

/** A guest's document with a title heading, opened without clicking in it (its cursor rests in the title). */
async function openTitledDocument(page: Page, studio: StudioPage) {
  await studio.goto();
  const content = { type: "doc", content: [heading("Launch plan"), paragraph("First notes."), paragraph("Second notes.")] };
  const res = await page.request.post("/api/documents", { data: { title: "Launch plan", content } });
  expect(res.status()).toBe(201);
  await studio.open(((await res.json()) as { document: { id: string } }).document.id);
}

async function insertCampaign(page: Page, brand: string) {
  const templates = new TemplatesDialog(page);
  await templates.open();
  await templates.pick("marketing-campaign");
  await templates.fill({ brand: `${brand} [[echo=1]]`, product: "Cold brew" });
  await templates.generateButton.click();
  await templates.waitForOutput();
  await templates.insert();
}

/** Each block of the document: its tag and text. */
const blocks = (page: Page) =>
  page.locator(".ProseMirror > *").evaluateAll((nodes) => nodes.map((node) => `${node.tagName.toLowerCase()}: ${(node.textContent ?? "").slice(0, 40)}`));

// `[[...]]` directives in an input reach the scripted model through the template's brief:
// `echo` answers with the brief itself, so the brand visibly makes it into the piece.
test.describe("writing templates in the studio", () => {
  test("a marketing campaign for a brand streams into the preview and is inserted at the cursor", async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    await studio.typeInEditor("Campaign notes");
    await page.keyboard.press("Enter");

    const templates = new TemplatesDialog(page);
    await templates.open();
    await expect(page.getByTestId("template-option-blog-post")).toBeFocused();
    await templates.pick("marketing-campaign");
    await expect(templates.field("brand")).toBeFocused();
    await templates.fill({ brand: "Northwind [[echo=1]] [[delay=40]]", product: "A cold brew subscription" });
    const sent = page.waitForRequest((req) => new URL(req.url()).pathname === "/api/templates/marketing-campaign");
    await templates.generateButton.click();

    const body = (await sent).postDataJSON() as { inputs: Record<string, unknown> };
    expect(body.inputs).toEqual({ brand: "Northwind [[echo=1]] [[delay=40]]", product: "A cold brew subscription" });
    await expect(templates.output).toHaveAttribute("data-status", "streaming");
    await expect(templates.stopButton).toBeVisible();
    await expect(templates.output).toContainText("Brand: Northwind");
    await templates.waitForOutput();
    await expect(templates.output).toHaveAttribute("data-status", "done");
    await expect(templates.output).toContainText("Product or offer: A cold brew subscription");
    await expect(templates.insertButton).toBeFocused();

    await templates.insert();
    await expect(studio.document).toContainText("Brand: Northwind");
    const text = await studio.documentText();
    expect(text.indexOf("Campaign notes")).toBeLessThan(text.indexOf("Brand: Northwind"));
    await expect(studio.document).toBeFocused();

    await studio.waitUntilSaved();
    await page.reload();
    await expect(studio.document).toContainText("Brand: Northwind");
  });

  test("in a document opened without a click, the piece goes in as new blocks at the end, never into the title, and Undo takes it out", async ({ page }) => {
    const studio = new StudioPage(page);
    const tools = new EditorTools(page);
    await openTitledDocument(page, studio);
    await insertCampaign(page, "Northwind");

    await expect(studio.document.locator("h1")).toHaveText("Launch plan");
    const after = await blocks(page);
    expect(after.slice(0, 3)).toEqual(["h1: Launch plan", "p: First notes.", "p: Second notes."]);
    expect(after.slice(3).join("\n")).toContain("Brand: Northwind");
    await expect(tools.insertToast).toContainText("Inserted “Marketing campaign”");
    await page.screenshot({ path: "/work/shot/editor/template-inserted-desktop.png" });

    await tools.insertToast.getByRole("button", { name: "Undo" }).click();
    await expect(tools.insertToast).toBeHidden();
    expect(await blocks(page)).toEqual(["h1: Launch plan", "p: First notes.", "p: Second notes."]);
  });

  test("the piece goes in after the paragraph the writer last worked in", async ({ page }) => {
    const studio = new StudioPage(page);
    await openTitledDocument(page, studio);
    await studio.clickAfter("First");
    await insertCampaign(page, "Contoso");
    const after = await blocks(page);
    expect(after.slice(0, 2)).toEqual(["h1: Launch plan", "p: First notes."]);
    expect(after[2]).toContain("Contoso");
    expect(after.at(-1)).toBe("p: Second notes.");
  });

  test("Stop keeps what was written so far, which can still be copied and inserted", async ({ page, context }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    const studio = new StudioPage(page);
    await studio.goto();
    const templates = new TemplatesDialog(page);
    await templates.open();
    await templates.pick("marketing-campaign");
    await templates.fill({ brand: "Acme [[tokens=400]] [[delay=40]]" });
    await templates.generateButton.click();
    await expect.poll(async () => (await templates.outputContent()).split(/\s+/).length).toBeGreaterThan(3);
    await templates.stopButton.click();
    await expect(templates.outputStatus).toContainText("Stopped");
    const partial = await templates.outputContent();

    await templates.copyButton.click();
    await expect(templates.copyButton).toHaveText("Copied");
    expect((await page.evaluate(() => navigator.clipboard.readText())).trim()).toBe(partial);

    await templates.insert();
    await expect(studio.document).toContainText(partial.split(/\s+/).slice(0, 3).join(" "));
  });

  test("invalid inputs show an error on each field, and nothing is sent", async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    let requests = 0;
    page.on("request", (req) => {
      if (new URL(req.url()).pathname.startsWith("/api/templates/")) requests++;
    });
    const templates = new TemplatesDialog(page);
    await templates.open();
    await templates.pick("marketing-campaign");
    await templates.generateButton.click();
    await expect(templates.field("brand")).toHaveAttribute("aria-invalid", "true");
    await expect(templates.field("brand")).toBeFocused();
    await expect(templates.dialog).toContainText("Fill this in.");

    await page.getByTestId("template-back").click();
    await templates.pick("social-post");
    await templates.fill({ topic: "Hi" });
    await templates.generateButton.click();
    await expect(templates.field("topic")).toHaveAttribute("aria-invalid", "true");
    await expect(templates.dialog).toContainText("Use at least 3 characters.");
    await expect(templates.field("platform")).toHaveAttribute("aria-invalid", "true");
    await expect(templates.dialog).toContainText("Choose one.");
    await expect(templates.output).toHaveCount(0);

    // Escape closes the dialog; the form is still filled in when it opens again.
    await page.keyboard.press("Escape");
    await expect(templates.dialog).toBeHidden();
    await templates.openButton.click();
    await expect(templates.field("topic")).toHaveValue("Hi");
    expect(requests).toBe(0);
  });
});
