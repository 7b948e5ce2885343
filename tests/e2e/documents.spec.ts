import { expect, test } from "@playwright/test";
import { DocumentsPage } from "./pages/documents-page";
import { StudioPage } from "./pages/studio-page";

// Every test starts in a new browser context, so as a new guest with no documents.
test.describe("the documents list", () => {
  test("starts empty, and New document creates one and opens it in the studio, listed under its first line", async ({ page }) => {
    const documents = new DocumentsPage(page);
    await documents.goto();
    await expect(documents.empty).toContainText("No documents yet");
    await documents.newButton.click();
    await page.waitForURL(/\/d\/[0-9a-f-]{36}$/);
    const path = new URL(page.url()).pathname;
    const studio = new StudioPage(page);
    await studio.typeInEditor("Ideas for the spring issue");
    await studio.waitUntilSaved();

    await documents.goto();
    await expect(documents.rows).toHaveCount(1);
    await expect(documents.row("Ideas for the spring issue")).toBeVisible();
    await expect(documents.rows.first()).toContainText(/Edited (just now|\d+ minutes? ago)/);
    await expect(documents.rows.first().getByTestId("document-title")).toHaveAttribute("href", path);
  });

  test("search finds documents by their text and by their title, and stays in the address", async ({ page }) => {
    const documents = new DocumentsPage(page);
    await documents.goto();
    await documents.createViaApi("Harbour report", "The tides rose early on Tuesday.");
    await documents.createViaApi("Garden plans", "Tomatoes along the south wall.");
    await documents.goto();
    await expect(documents.rows).toHaveCount(2);
    await expect(documents.row("Garden plans").getByTestId("document-snippet")).toHaveText("Tomatoes along the south wall.");

    await documents.searchFor("TOMATOES");
    expect(await documents.titles()).toEqual(["Garden plans"]);
    await documents.searchFor("harbour");
    expect(await documents.titles()).toEqual(["Harbour report"]);
    await documents.searchFor("no such words");
    await expect(documents.empty).toContainText("Nothing matches “no such words”");

    await page.reload();
    await expect(documents.search).toHaveValue("no such words");
    await documents.waitForList();
    await expect(documents.empty).toBeVisible();
    await documents.searchFor("");
    await expect(documents.rows).toHaveCount(2);
  });

  test("rename works in place, even after the document was saved elsewhere, and Escape cancels", async ({ page }) => {
    const documents = new DocumentsPage(page);
    await documents.goto();
    const created = await documents.createViaApi("Draft one", "Hello");
    await documents.goto();
    // Another tab saves the text: the version the list holds is now stale (409, retried once).
    await documents.saveTextViaApi(created, "Hello again");
    const renameStatuses: number[] = [];
    page.on("response", (response) => {
      if (response.request().method() === "PATCH") renameStatuses.push(response.status());
    });

    await documents.rename("Draft one", "Final draft");
    expect(renameStatuses).toEqual([409, 200]);
    await expect(documents.row("Final draft")).toBeVisible();
    await documents.goto();
    await expect(documents.row("Final draft").getByTestId("document-snippet")).toHaveText("Hello again");

    await documents.row("Final draft").getByTestId("document-rename").click();
    await page.getByTestId("rename-input").fill("Not this");
    await page.keyboard.press("Escape");
    await expect(documents.row("Final draft")).toBeVisible();
    await expect(documents.row("Final draft").getByTestId("document-rename")).toBeFocused();
  });

  test("trash, undo, restore and delete forever", async ({ page }) => {
    const documents = new DocumentsPage(page);
    await documents.goto();
    await documents.createViaApi("Keeper", "Important.");
    await documents.createViaApi("Old notes", "Nothing important.");
    await documents.goto();

    await documents.moveToTrash("Old notes");
    await expect(documents.row("Old notes")).toHaveCount(0);
    await page.getByTestId("notice-undo").click();
    await expect(documents.row("Old notes")).toBeVisible();

    await documents.moveToTrash("Old notes");
    await documents.showTrash();
    expect(await documents.titles()).toEqual(["Old notes"]);
    await expect(documents.rows.first()).toContainText("Moved to trash");
    await documents.restore("Old notes");
    await expect(documents.empty).toContainText("The trash is empty");
    await documents.showDocuments();
    await expect(documents.rows).toHaveCount(2);

    await documents.moveToTrash("Old notes");
    await documents.showTrash();
    await documents.row("Old notes").getByTestId("document-delete-forever").click();
    await expect(documents.confirmDialog).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(documents.confirmDialog).toBeHidden();
    await expect(documents.row("Old notes")).toBeVisible();

    await documents.deleteForever("Old notes");
    await expect(documents.empty).toContainText("The trash is empty");
    await page.reload();
    await documents.waitForList();
    await expect(documents.empty).toContainText("The trash is empty");
    await documents.showDocuments();
    expect(await documents.titles()).toEqual(["Keeper"]);
  });

  test("a refused action shows the server's message", async ({ page }) => {
    const documents = new DocumentsPage(page);
    await documents.goto();
    await page.route("**/api/documents", (route) =>
      route.request().method() === "POST"
        ? route.fulfill({
            status: 403,
            json: { error: { code: "document_limit_reached", message: "You have reached the limit of 1,000 documents. Delete some to make room." } },
          })
        : route.fallback(),
    );
    await documents.newButton.click();
    await expect(documents.error).toHaveText("You have reached the limit of 1,000 documents. Delete some to make room.");
    await expect(page).toHaveURL(/\/documents$/);
  });
});
