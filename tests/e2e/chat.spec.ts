import { expect, test } from "@playwright/test";
import { ChatPanel } from "./pages/chat-panel";

test.describe("chat about the document", () => {
  test("an answer streams in rendered; Copy and Regenerate work; the conversation survives a reload", async ({ page, context }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    const chat = new ChatPanel(page);
    await chat.openStudio();
    await chat.send("What is this document about? [[tokens=40]] [[delay=20]]");

    await expect(chat.messages.first()).toHaveAttribute("data-role", "user");
    await expect(chat.stopButton).toBeVisible();
    const answer = chat.lastAnswer();
    await expect(answer.locator("p")).toContainText(/\w+ \w+/);
    await chat.waitForIdle();

    const text = (await chat.content(answer).innerText()).trim();
    expect(text.split(/\s+/).length).toBe(40);
    await expect(chat.stoppedBadge(answer)).toHaveCount(0);
    await answer.getByTestId("chat-copy").click();
    await expect(answer.getByTestId("chat-copy")).toHaveText("Copied");
    expect((await page.evaluate(() => navigator.clipboard.readText())).trim()).toBe(text);

    const firstId = await answer.getAttribute("data-message-id");
    await answer.getByTestId("chat-regenerate").click();
    await expect(chat.lastAnswer()).not.toHaveAttribute("data-message-id", firstId ?? "");
    await chat.waitForIdle();
    await expect(chat.content(chat.lastAnswer())).toContainText(/\w+ \w+/);
    await expect(chat.assistantMessages).toHaveCount(1);
    const regeneratedId = await chat.lastAnswer().getAttribute("data-message-id");

    // The server kept the question and only the newest answer.
    await chat.reload();
    await expect(chat.messages).toHaveCount(2);
    await expect(chat.lastAnswer()).toHaveAttribute("data-message-id", regeneratedId ?? "");
  });

  test("Stop ends a long answer mid-way, keeps the partial text, and the input works again", async ({ page }) => {
    const chat = new ChatPanel(page);
    await chat.openStudio();
    await chat.send("Tell me a very long story. [[tokens=400]] [[delay=25]]");

    const answer = chat.content(chat.assistantMessages.first());
    await chat.stopAfter(10);

    const partial = await answer.innerText();
    await page.waitForTimeout(400);
    expect(await answer.innerText()).toBe(partial);
    expect(partial.split(/\s+/).length).toBeLessThan(400);
    await expect(chat.stoppedBadge(chat.assistantMessages.first())).toHaveText("Stopped");

    await expect(chat.input).toBeEditable();
    await chat.ask("Thanks, that is enough. [[tokens=5]]");
    await expect(chat.assistantMessages).toHaveCount(2);
    await expect(answer).toHaveText(partial);
  });

  test("HTML in a model answer is shown as text and never runs; Markdown still renders", async ({ page }) => {
    const chat = new ChatPanel(page);
    await chat.openStudio();
    // `echo` makes the scripted model answer with the message itself.
    const payload = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">\n\n**bold** move [[echo=1]]';
    await chat.input.fill(payload);
    await chat.sendButton.click();
    await chat.waitForIdle();

    const answer = chat.lastAnswer();
    await expect(answer.locator("strong")).toHaveText("bold");
    await expect(answer).toContainText("<script>window.__pwned=1</script>");
    await expect(answer).toContainText('<img src=x onerror="window.__pwned=1">');
    await expect(page.locator('[data-testid="chat-message"] img, [data-testid="chat-message"] script')).toHaveCount(0);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();

    // Stored as text, it is still only text after a reload.
    await chat.reload();
    await expect(chat.lastAnswer().locator("strong")).toHaveText("bold");
    await expect(page.locator('[data-testid="chat-message"] img, [data-testid="chat-message"] script')).toHaveCount(0);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  test("a failed answer shows the server's message, and Retry recovers", async ({ page }) => {
    const chat = new ChatPanel(page);
    await chat.openStudio();
    // Three upstream failures outlast the server's two retries; the retry is the fourth request.
    await chat.send("Will this work? [[fail=503x3]]");

    await expect(chat.error).toContainText(/unavailable|try again/i);
    await page.getByTestId("chat-retry").click();
    await chat.waitForIdle();
    await expect(chat.error).toBeHidden();
    await expect(chat.content(chat.lastAnswer())).toContainText(/\w+ \w+/);
  });
});
