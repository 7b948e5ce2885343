import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { DocumentsPage } from "./pages/documents-page";
import { StudioPage } from "./pages/studio-page";

/** Types an H1 (Markdown shortcut) and a paragraph into an empty document. */
async function writeHeadingAndBody(studio: StudioPage, heading: string, body: string) {
  await studio.typeInEditor(`# ${heading}`);
  await studio.page.keyboard.press("Enter");
  await studio.page.keyboard.type(body);
}

/** The header's Documents link: leaves the studio inside the app, as a writer does. */
async function backToDocuments(page: Page) {
  await page.getByTestId("documents-link").click();
  await expect(page.getByRole("heading", { name: "Documents", level: 1 })).toBeVisible();
}

/** New document from the list; returns its id. */
async function newDocument(documents: DocumentsPage): Promise<string> {
  await documents.newButton.click();
  await documents.page.waitForURL(/\/d\/[0-9a-f-]{36}$/);
  await expect(documents.page.getByRole("textbox", { name: "Document", exact: true })).toBeVisible();
  return new StudioPage(documents.page).documentId();
}

test.describe("titles that follow the document", () => {
  test("the title follows the first heading in the header, the tab and the documents list", async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    await writeHeadingAndBody(studio, "Harbour log", "The tide came in at six.");
    await expect(studio.title).toHaveValue("Harbour log");
    await expect(studio.title).toHaveAttribute("data-title-source", "automatic");
    await expect(page).toHaveTitle(/^Harbour log — Draftwise/);
    await studio.waitUntilSaved();

    const documents = new DocumentsPage(page);
    await documents.goto();
    expect(await documents.titles()).toEqual(["Harbour log"]);
  });

  test("a title typed by the writer stays when the heading changes; clearing it follows the heading again", async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    await writeHeadingAndBody(studio, "Working title", "Body.");
    await studio.title.fill("Final name");
    await expect(studio.title).toHaveAttribute("data-title-source", "writer");
    await studio.document.getByRole("heading", { level: 1 }).click();
    await page.keyboard.press("End");
    await page.keyboard.type(" changed");
    await studio.waitUntilSaved();
    await page.reload();
    await expect(studio.title).toHaveValue("Final name");

    await studio.title.fill("");
    await studio.document.click();
    await expect(studio.title).toHaveValue("Working title changed");
    await expect(studio.title).toHaveAttribute("data-title-source", "automatic");
    await studio.waitUntilSaved();
    await page.reload();
    await expect(studio.title).toHaveValue("Working title changed");
  });

  test("a drafted article's H1 becomes its title", async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    await studio.generateOutline("Why tide pools matter");
    await studio.draftArticle();
    const h1 = studio.document.locator("h1").first();
    await expect(h1).toBeVisible({ timeout: 30_000 });
    const heading = (await h1.innerText()).trim();
    expect(heading).not.toBe("");
    await expect(studio.title).toHaveValue(heading);
    await expect(page.getByTestId("draft-status")).toContainText("Drafted", { timeout: 30_000 });
    await studio.waitUntilSaved();
    const res = await page.request.get(`/api/documents/${studio.documentId()}`);
    expect(((await res.json()) as { document: { title: string } }).document.title).toBe(heading);
  });

  test("restoring a version keeps a renamed title, and restores the old one only when asked", async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    await studio.title.fill("First name");
    await studio.typeInEditor("Version one text.");
    await studio.waitUntilSaved();
    await studio.openHistory();
    await studio.historyPanel.getByTestId("history-name-version").click();
    await studio.historyPanel.getByTestId("history-name-form-input").fill("Before renaming");
    await studio.historyPanel.getByTestId("history-name-form-save").click();
    await expect(studio.historyVersions().first()).toContainText("Before renaming");
    await page.keyboard.press("Escape");

    await studio.title.fill("Second name");
    await studio.selectAllText();
    await page.keyboard.type("Version two text.");
    await studio.waitUntilSaved();

    await studio.openHistory();
    await studio.historyVersions().filter({ hasText: "Before renaming" }).click();
    const alsoTitle = studio.historyPanel.getByTestId("history-restore-title");
    await expect(alsoTitle).not.toBeChecked();
    await expect(studio.historyPanel).toContainText("Also restore the title “First name”");
    await studio.historyPanel.getByTestId("history-restore").click();
    await expect(studio.historyPanel).toBeHidden();
    await expect(studio.document).toHaveText("Version one text.");
    await expect(studio.title).toHaveValue("Second name");

    await studio.openHistory();
    await studio.historyVersions().filter({ hasText: "Before renaming" }).click();
    await studio.historyPanel.getByTestId("history-restore-title").check();
    await studio.historyPanel.getByTestId("history-restore").click();
    await expect(studio.historyPanel).toBeHidden();
    await expect(studio.title).toHaveValue("First name");
    await page.reload();
    await expect(studio.title).toHaveValue("First name");
  });
});

test.describe("exports named after the title", () => {
  test("exports carry the document's H1 once and are named after it", async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    await writeHeadingAndBody(studio, "Harbour log", "The tide came in at six.");

    const md = await studio.exportAs("md");
    expect(md.suggestedFilename()).toBe("Harbour log.md");
    expect(await readFile((await md.path())!, "utf8")).toBe("# Harbour log\n\nThe tide came in at six.\n");

    const html = await studio.exportAs("html");
    expect(html.suggestedFilename()).toBe("Harbour log.html");
    const page1 = await readFile((await html.path())!, "utf8");
    expect(page1.match(/<h1>/g)).toHaveLength(1);
    expect(page1).not.toContain("Untitled");

    const docx = await studio.exportAs("docx");
    expect(docx.suggestedFilename()).toBe("Harbour log.docx");
  });

  test("a document without a heading exports its text alone: its automatic title (the first line) is not added above it", async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    await studio.typeInEditor("The tide came in at six.");
    await expect(studio.title).toHaveValue("The tide came in at six.");

    const md = await studio.exportAs("md");
    expect(await readFile((await md.path())!, "utf8")).toBe("The tide came in at six.\n");
    const html = await studio.exportAs("html");
    expect(await readFile((await html.path())!, "utf8")).not.toContain("<h1>");
  });
});

test.describe("empty documents are not kept", () => {
  test("New document twice, left untouched, leaves no empty documents behind", async ({ page }) => {
    const documents = new DocumentsPage(page);
    await documents.goto();
    const first = await newDocument(documents);
    await backToDocuments(page);
    const second = await newDocument(documents);
    await backToDocuments(page);
    await documents.waitForList();
    await expect(documents.empty).toContainText("No documents yet");
    for (const id of [first, second]) {
      await expect.poll(async () => (await page.request.get(`/api/documents/${id}`)).status()).toBe(404);
    }
  });

  test("a new document left right after typing keeps its text", async ({ page }) => {
    const documents = new DocumentsPage(page);
    await documents.goto();
    const id = await newDocument(documents);
    const studio = new StudioPage(page);
    await studio.typeInEditor("Kept though I left at once");
    await backToDocuments(page);
    await expect
      .poll(async () => ((await (await page.request.get(`/api/documents/${id}`)).json()) as { document?: { title: string } }).document?.title)
      .toBe("Kept though I left at once");
    await documents.goto();
    expect(await documents.titles()).toEqual(["Kept though I left at once"]);
  });
});

test.describe("version history", () => {
  test("shows absolute times, names the current version and renames a version", async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    await studio.typeInEditor("Words worth a name.");
    await studio.waitUntilSaved();
    await studio.openHistory();
    const created = studio.historyVersions().filter({ hasText: "Created" });
    await expect(created.getByTestId("history-version-time")).toHaveText(/^\d{1,2} [A-Z][a-z]{2}, \d{2}:\d{2} · (just now|\d+ minutes? ago) · v1$/);

    await studio.historyPanel.getByTestId("history-name-version").click();
    await studio.historyPanel.getByTestId("history-name-form-input").fill("Sent to Sam");
    await page.keyboard.press("Enter");
    await expect(studio.historyVersions().first().getByTestId("history-version-label")).toHaveText("Sent to Sam");

    await studio.historyVersions().first().click();
    await studio.historyPanel.getByTestId("history-rename").click();
    await studio.historyPanel.getByTestId("history-rename-form-input").fill("Sent to Sam, v1");
    await studio.historyPanel.getByTestId("history-rename-form-save").click();
    await expect(studio.historyVersions().first().getByTestId("history-version-label")).toHaveText("Sent to Sam, v1");

    await page.reload();
    await studio.openHistory();
    await expect(studio.historyVersions().first().getByTestId("history-version-label")).toHaveText("Sent to Sam, v1");
  });
});
