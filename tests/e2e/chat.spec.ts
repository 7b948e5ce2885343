import { expect, test } from "@playwright/test";
import { StudioPage } from "./pages/studio-page";

test.describe("chat about the document", () => {
  test("an answer streams in rendered; Copy and Regenerate work; the conversation survives a reload", async ({ page, context }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    const studio = new StudioPage(page);
    await studio.goto();
    await studio.sendChat("What is this document about? [[tokens=40]] [[delay=20]]");

    await expect(studio.chatMessages.first()).toHaveAttribute("data-role", "user");
    await expect(page.getByTestId("chat-stop")).toBeVisible();
    const answer = studio.lastAssistantMessage();
    await expect(answer.locator("p")).toContainText(/\w+ \w+/);
    await studio.waitForChatIdle();

    const text = (await answer.getByTestId("chat-message-content").innerText()).trim();
    expect(text.split(/\s+/).length).toBe(40);
    await answer.getByTestId("chat-copy").click();
    await expect(answer.getByTestId("chat-copy")).toHaveText("Copied");
    expect((await page.evaluate(() => navigator.clipboard.readText())).trim()).toBe(text);

    const firstId = await answer.getAttribute("data-message-id");
    await answer.getByTestId("chat-regenerate").click();
    await expect(studio.lastAssistantMessage()).not.toHaveAttribute("data-message-id", firstId ?? "");
    await studio.waitForChatIdle();
    await expect(studio.lastAssistantMessage().getByTestId("chat-message-content")).toContainText(/\w+ \w+/);
    await expect(studio.assistantMessages).toHaveCount(1);

    await page.reload();
    await expect(studio.chatMessages).toHaveCount(2);
  });

  test("Stop ends a long answer mid-way, keeps the partial text, and the input works again", async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    await studio.sendChat("Tell me a very long story. [[tokens=400]] [[delay=25]]");

    const answer = studio.assistantMessages.first().getByTestId("chat-message-content");
    await expect.poll(async () => (await answer.innerText()).split(/\s+/).length).toBeGreaterThan(10);
    await page.getByTestId("chat-stop").click();
    await expect(page.getByTestId("chat-stop")).toBeHidden();

    const partial = await answer.innerText();
    await page.waitForTimeout(400);
    expect(await answer.innerText()).toBe(partial);
    expect(partial.split(/\s+/).length).toBeLessThan(400);

    await expect(studio.chatInput).toBeEditable();
    await studio.sendChat("Thanks, that is enough. [[tokens=5]]");
    await studio.waitForChatIdle();
    await expect(studio.assistantMessages).toHaveCount(2);
    await expect(answer).toHaveText(partial);
  });

  test("HTML in a model answer is shown as text and never runs; Markdown still renders", async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    // `echo` makes the scripted model answer with the message itself.
    const payload = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">\n\n**bold** move [[echo=1]]';
    await studio.chatInput.fill(payload);
    await page.getByTestId("chat-send").click();
    await studio.waitForChatIdle();

    const answer = studio.lastAssistantMessage();
    await expect(answer.locator("strong")).toHaveText("bold");
    await expect(answer).toContainText("<script>window.__pwned=1</script>");
    await expect(answer).toContainText('<img src=x onerror="window.__pwned=1">');
    await expect(page.locator('[data-testid="chat-message"] img, [data-testid="chat-message"] script')).toHaveCount(0);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  test("a failed answer shows the server's message, and Retry recovers", async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    // Three upstream failures outlast the server's two retries; the retry is the fourth request.
    await studio.sendChat("Will this work? [[fail=503x3]]");

    await expect(page.getByTestId("chat-error")).toContainText(/unavailable|try again/i);
    await page.getByTestId("chat-retry").click();
    await studio.waitForChatIdle();
    await expect(page.getByTestId("chat-error")).toBeHidden();
    await expect(studio.lastAssistantMessage().getByTestId("chat-message-content")).toContainText(/\w+ \w+/);
  });
});
