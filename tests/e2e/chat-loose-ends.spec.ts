import { expect, test } from "@playwright/test";
import { ChatPanel } from "./pages/chat-panel";
import { answerModelPaused } from "./pages/model-paused";
import { StudioPage } from "./pages/studio-page";

const unique = (name: string) => `${name}-${Math.random().toString(36).slice(2, 10)}`;

test.describe("chat: regenerated, failed and interrupted answers", () => {
  test("Regenerate keeps both answers, switchable with ‹ ›; the one shown is kept after a reload", async ({ page }) => {
    const chat = new ChatPanel(page);
    await chat.openStudio();
    await chat.ask("Give me a title [[tokens=6]]");
    const firstId = await chat.lastAnswer().getAttribute("data-message-id");

    await chat.regenerate();
    const answer = chat.lastAnswer();
    await expect(answer).not.toHaveAttribute("data-message-id", firstId ?? "");
    const secondId = await answer.getAttribute("data-message-id");
    await expect(chat.versionIndex(answer)).toHaveText("2 / 2");
    await expect(chat.assistantMessages).toHaveCount(1);

    await chat.clickOn(answer, "previousVersion");
    await expect(chat.versionIndex(answer)).toHaveText("1 / 2");
    await expect(answer).toHaveAttribute("data-message-id", firstId ?? "");

    await chat.reload();
    await expect(chat.messages).toHaveCount(2);
    await expect(chat.lastAnswer()).toHaveAttribute("data-message-id", firstId ?? "");
    await expect(chat.versionIndex(chat.lastAnswer())).toHaveText("1 / 2");
    await chat.clickOn(chat.lastAnswer(), "nextVersion");
    await expect(chat.lastAnswer()).toHaveAttribute("data-message-id", secondId ?? "");
  });

  test("a question whose answer failed stays answerable after the next one: Retry answers it in place", async ({ page }) => {
    const chat = new ChatPanel(page);
    await chat.openStudio();
    // The provider refuses this question once (a 400 is not retried).
    await chat.send(`Which heading works best? [[fail=400x1]] [[id=${unique("failed-once")}]]`);
    await expect(chat.error).toBeVisible();
    await chat.ask("And a shorter intro? [[tokens=4]]");
    await expect(chat.error).toBeHidden();
    await expect(chat.messages).toHaveCount(3);

    const failed = chat.messages.first();
    await expect(chat.unanswered(failed)).toContainText("No answer");
    await chat.clickOn(failed, "retry");
    await chat.waitForIdle();
    await expect(chat.messages).toHaveCount(4);
    await expect(chat.unanswered(failed)).toHaveCount(0);
    const roles = async () => chat.messages.evaluateAll((items) => items.map((li) => li.getAttribute("data-role")));
    expect(await roles()).toEqual(["user", "assistant", "user", "assistant"]);
    await expect(chat.content(chat.messages.nth(1))).toContainText(/\w+ \w+/);

    await chat.reload();
    expect(await roles()).toEqual(["user", "assistant", "user", "assistant"]);
  });

  test("an answer cut off mid-stream keeps what arrived, says it was interrupted, and Continue completes it", async ({ page }) => {
    const chat = new ChatPanel(page);
    await chat.openStudio();
    await chat.ask("Tell me about tides [[tokens=40]] [[cut=8]]");
    const answer = chat.lastAnswer();
    await expect(chat.stoppedBadge(answer)).toHaveText("Interrupted");
    await expect(answer.getByTestId("interrupted-note")).toContainText("interrupted");
    await expect(chat.error).toBeHidden();
    const kept = await chat.words(answer);
    expect(kept).toHaveLength(8);

    await chat.continueButton(answer).click();
    await chat.waitForIdle();
    await expect(chat.stoppedBadge(answer)).toHaveCount(0);
    await expect(answer.getByTestId("interrupted-note")).toHaveCount(0);
    const continued = await chat.words(answer);
    expect(continued.length).toBeGreaterThan(kept.length);
    expect(continued.slice(0, kept.length)).toEqual(kept);

    await chat.reload();
    expect(await chat.words(chat.lastAnswer())).toEqual(continued);
  });
});

test.describe("waiting on the model", () => {
  test("a silent model shows the time waited and a clear Stop", async ({ page }) => {
    const chat = new ChatPanel(page);
    await chat.openStudio();
    await chat.send("Anyone there? [[first=15000]] [[tokens=3]]");
    await expect(chat.wait).toBeVisible();
    await expect(chat.waitElapsed).toHaveText(/^\d+ s$/, { timeout: 6_000 });
    const before = Number((await chat.waitElapsed.innerText()).split(" ")[0]);
    await expect.poll(async () => Number((await chat.waitElapsed.innerText()).split(" ")[0])).toBeGreaterThan(before);

    await chat.waitStop.click();
    await expect(chat.wait).toBeHidden();
    await expect(chat.input).toBeEditable();
    await chat.ask("Now quickly [[tokens=3]]");
    await expect(chat.content(chat.lastAnswer())).toContainText(/\w+/);
  });

  test("an AI edit waiting on a silent model shows the time waited beside its Stop", async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    await studio.runAiActionOn("Plans change when facts change. [[first=15000]] [[tokens=3]]", "improve");
    const bar = page.getByTestId("review-bar");
    await expect(bar.getByTestId("model-wait-elapsed")).toHaveText(/^\d+ s$/, { timeout: 6_000 });
    await bar.getByTestId("review-stop").click();
    await expect(bar.getByTestId("model-wait")).toHaveCount(0);
  });

  test("while the provider fails and the server retries, the wait says so", async ({ page }) => {
    const chat = new ChatPanel(page);
    await chat.openStudio();
    // Two 503s asking for 2 s each: the server retries twice, then the answer comes.
    await chat.send(`Are you well? [[fail=503x2]] [[retry_after=2]] [[id=${unique("flaky")}]] [[tokens=3]]`);
    await expect(chat.waitNote).toContainText("retrying", { timeout: 8_000 });
    await chat.waitForIdle();
    await expect(chat.content(chat.lastAnswer())).toContainText(/\w+/);
  });

  test("when the model is paused after repeated failures, the reason and the time to retry show, and Retry waits for it", async ({ page }) => {
    const chat = new ChatPanel(page);
    await chat.openStudio();
    await answerModelPaused(page, "**/api/chat", 3);
    await chat.send("Hello? [[tokens=3]]");
    await expect(chat.error).toContainText("The model is failing, retrying in 3 s");
    const retry = page.getByTestId("chat-retry");
    await expect(retry).toBeDisabled();
    await expect(retry).toHaveText(/Retry in [1-3] s/);
    await page.unroute("**/api/chat");
    await expect(retry).toBeEnabled({ timeout: 5_000 });
    await expect(retry).toHaveText("Retry");
    await retry.click();
    await chat.waitForIdle();
    await expect(chat.error).toBeHidden();
    await expect(chat.content(chat.lastAnswer())).toContainText(/\w+/);
  });
});
