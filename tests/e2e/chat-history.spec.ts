import { expect, test } from "@playwright/test";
import { ChatPanel } from "./pages/chat-panel";

test.describe("chats are kept per document", () => {
  test("a chat comes back after a reload on the same document, and not on another one", async ({ page }) => {
    const chat = new ChatPanel(page);
    const documentId = await chat.openStudio();
    await expect(chat.pickerButton).toHaveText("New chat");
    await chat.ask("What is the main argument? [[tokens=8]]");
    // The server titles a chat after its first question.
    await expect(chat.pickerButton).toContainText("What is the main argument?");
    const answer = (await chat.content(chat.lastAnswer()).innerText()).trim();

    await chat.reload();
    await expect(chat.messages).toHaveCount(2);
    await expect(chat.messages.first()).toContainText("What is the main argument?");
    await expect(chat.content(chat.lastAnswer())).toHaveText(answer);
    await expect(chat.pickerButton).toContainText("What is the main argument?");

    const otherId = await chat.createDocument("Another essay");
    await chat.openDocument(otherId);
    await expect(chat.messages).toHaveCount(0);
    await expect(chat.pickerButton).toHaveText("New chat");
    expect(await chat.optionTitles()).toEqual([]);

    await chat.openDocument(documentId);
    await expect(chat.messages).toHaveCount(2);
  });

  test("a new chat, and switching between two conversations", async ({ page }) => {
    const chat = new ChatPanel(page);
    await chat.openStudio();
    await chat.ask("First topic: the opening [[tokens=5]]");
    await expect(chat.pickerButton).toContainText("First topic");

    await chat.newChat();
    await expect(chat.pickerButton).toHaveText("New chat");
    await chat.ask("Second topic: the ending [[tokens=6]]");
    await expect(chat.pickerButton).toContainText("Second topic");
    expect(await chat.optionTitles()).toEqual([expect.stringContaining("Second topic"), expect.stringContaining("First topic")]);

    await chat.switchTo("First topic");
    await expect(chat.messages).toHaveCount(2);
    await expect(chat.messages.first()).toContainText("First topic: the opening");
    expect(await chat.words(chat.lastAnswer())).toHaveLength(5);

    await chat.switchTo("Second topic");
    await expect(chat.messages.first()).toContainText("Second topic: the ending");
    expect(await chat.words(chat.lastAnswer())).toHaveLength(6);

    // A new chat stays in the browser until its first message: nothing piles up.
    await chat.newChat();
    await chat.reload();
    await expect(chat.messages.first()).toContainText("Second topic");
    expect(await chat.optionTitles()).toHaveLength(2);
  });

  test("the picker works with the keyboard", async ({ page }) => {
    const chat = new ChatPanel(page);
    await chat.openStudio();
    await chat.ask("Alpha question [[tokens=3]]");
    await chat.newChat();
    await chat.ask("Beta question [[tokens=3]]");

    await chat.pickerButton.focus();
    await page.keyboard.press("Enter");
    await expect(chat.menu).toBeVisible();
    await expect(chat.options.first()).toBeFocused();
    await page.keyboard.press("ArrowDown");
    await expect(chat.options.nth(1)).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(chat.pickerButton).toContainText("Alpha question");
    await expect(chat.messages.first()).toContainText("Alpha question");

    await chat.openMenu();
    await page.keyboard.press("Escape");
    await expect(chat.menu).toBeHidden();
    await expect(chat.pickerButton).toBeFocused();
  });

  test("rename and delete a conversation", async ({ page }) => {
    const chat = new ChatPanel(page);
    await chat.openStudio();
    await chat.ask("Keep this one [[tokens=4]]");
    await chat.newChat();
    await chat.ask("Delete this one [[tokens=4]]");

    await chat.rename("Doomed chat");
    await chat.reload();
    await expect(chat.pickerButton).toHaveText("Doomed chat");

    // Escape leaves the title as it was.
    await chat.openMenu();
    await chat.menu.getByTestId("conversation-rename").click();
    await chat.picker.getByTestId("conversation-title-input").fill("Not this");
    await page.keyboard.press("Escape");
    await expect(chat.pickerButton).toHaveText("Doomed chat");

    await chat.deleteCurrent();
    // The next most recent chat opens.
    await expect(chat.pickerButton).toContainText("Keep this one");
    await expect(chat.messages.first()).toContainText("Keep this one");
    expect(await chat.optionTitles()).toEqual([expect.stringContaining("Keep this one")]);

    await chat.reload();
    expect(await chat.optionTitles()).toEqual([expect.stringContaining("Keep this one")]);

    // Deleting the last chat leaves a new, empty one.
    await chat.deleteCurrent();
    await expect(chat.pickerButton).toHaveText("New chat");
    await expect(chat.messages).toHaveCount(0);
    expect(await chat.optionTitles()).toEqual([]);
  });
});

test.describe("stopped answers", () => {
  test("a stopped answer is kept, and Continue finishes it", async ({ page }) => {
    const chat = new ChatPanel(page);
    await chat.openStudio();
    await chat.send("[[tokens=200]] [[delay=20]] tell me a story");
    await chat.stopAfter(10);

    const answer = chat.lastAnswer();
    await expect(chat.stoppedBadge(answer)).toHaveText("Stopped");
    await expect(chat.continueButton(answer)).toBeVisible();
    const partial = await chat.words(answer);
    expect(partial.length).toBeLessThan(200);

    await chat.reload();
    const reloaded = chat.lastAnswer();
    await expect(chat.stoppedBadge(reloaded)).toHaveText("Stopped");
    // The server may have kept a word or two that was still on its way when Stop was pressed.
    const kept = await chat.words(reloaded);
    expect(kept.slice(0, partial.length)).toEqual(partial);

    await chat.continueButton(reloaded).click();
    await chat.waitForIdle();
    await expect(chat.stoppedBadge(reloaded)).toHaveCount(0);
    await expect(chat.continueButton(reloaded)).toHaveCount(0);
    const continued = await chat.words(reloaded);
    expect(continued.length).toBeGreaterThan(kept.length);
    expect(continued.slice(0, kept.length)).toEqual(kept);

    // The continuation was stored: complete, and just as long after a reload.
    await chat.reload();
    await expect(chat.stoppedBadge(chat.lastAnswer())).toHaveCount(0);
    expect(await chat.words(chat.lastAnswer())).toEqual(continued);
    await expect(chat.assistantMessages).toHaveCount(1);
  });

  test("an answer cut off by closing the page is there, stopped, in a new page", async ({ page, context }) => {
    const chat = new ChatPanel(page);
    const documentId = await chat.openStudio();
    await chat.send("[[tokens=1000]] [[delay=20]] a long answer, please");
    await expect.poll(async () => (await chat.words(chat.lastAnswer())).length, { timeout: 20_000 }).toBeGreaterThan(10);
    await page.close();

    // Nobody comes back (a page opened within STREAM_RESUME_GRACE_MS would reattach to the
    // answer, as a reload does): the server stops it and stores it as it was.
    const answerStatus = async () => {
      const list = await (await context.request.get(`/api/conversations?document_id=${documentId}`)).json();
      const id = (list as { conversations: Array<{ id: string }> }).conversations[0]?.id;
      if (!id) return undefined;
      const { conversation } = (await (await context.request.get(`/api/conversations/${id}`)).json()) as { conversation: { messages: Array<{ status: string }> } };
      return conversation.messages[1]?.status;
    };
    await expect.poll(answerStatus, { timeout: 20_000 }).toBe("stopped");
    const next = new ChatPanel(await context.newPage());
    await next.openDocument(documentId);
    await expect(next.stoppedBadge(next.lastAnswer())).toBeVisible();
    await expect(next.messages).toHaveCount(2);
    const words = await next.words(next.lastAnswer());
    expect(words.length).toBeGreaterThan(10);
    expect(words.length).toBeLessThan(1000);
    await expect(next.continueButton(next.lastAnswer())).toBeVisible();
  });
});
