import { expect, test } from "@playwright/test";
import type { RequestRecord } from "../fixtures/fake-upstream/server";
import { wordAt, WORDS } from "../fixtures/fake-upstream/words";
import { ChatPanel } from "./pages/chat-panel";

const uniqueTag = (name: string) => `${name}-${Math.random().toString(36).slice(2, 10)}`;

/** The scripted upstream's log of the requests carrying `tag`. */
async function upstreamRequests(tag: string): Promise<RequestRecord[]> {
  const base = process.env.FAKE_UPSTREAM_URL!.replace(/\/v1$/, "");
  const all = (await (await fetch(`${base}/__requests`)).json()) as RequestRecord[];
  return all.filter((r) => r.tag === tag);
}

/** The scripted answer is consecutive words of a fixed list: none lost, none doubled. */
function expectWholeAnswer(words: string[], tokens: number) {
  expect(words).toHaveLength(tokens);
  const plain = words.map((w) => w.replace(/\.$/, ""));
  const first = WORDS.indexOf(plain[0]!);
  expect(first).toBeGreaterThanOrEqual(0);
  expect(plain).toEqual(plain.map((_, i) => wordAt(first + i)));
}

test.describe("resumable answers", () => {
  test("a reload mid-answer reattaches to it: the whole answer appears once, from the one model call, and is stored", async ({ page }) => {
    const chat = new ChatPanel(page);
    await chat.openStudio();
    const tag = uniqueTag("reload");
    await chat.send(`Tell me a story [[tokens=120]] [[delay=30]] [[tag=${tag}]]`);
    await expect.poll(async () => (await chat.words(chat.lastAnswer())).length, { timeout: 20_000 }).toBeGreaterThan(10);
    const before = await chat.words(chat.lastAnswer());

    await chat.reload();
    // The answer goes on where the server is, streaming (Stop is there) until it ends.
    await expect(chat.stopButton).toBeVisible();
    await chat.waitForIdle();
    const answer = chat.lastAnswer();
    const words = await chat.words(answer);
    expectWholeAnswer(words, 120);
    expect(words.slice(0, before.length)).toEqual(before);
    await expect(chat.messages).toHaveCount(2);
    await expect(chat.stoppedBadge(answer)).toHaveCount(0);

    const requests = await upstreamRequests(tag);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ completed: true, aborted: false });

    // Stored complete: the same after another reload, with nothing left to resume.
    await chat.reload();
    await expect(chat.messages).toHaveCount(2);
    expect(await chat.words(chat.lastAnswer())).toEqual(words);
    await expect(chat.stoppedBadge(chat.lastAnswer())).toHaveCount(0);
  });

  test("Stop on a reattached answer stops the model call on the server, and the answer is kept, stopped", async ({ page }) => {
    const chat = new ChatPanel(page);
    await chat.openStudio();
    const tag = uniqueTag("reload-stop");
    await chat.send(`A long one [[tokens=400]] [[delay=20]] [[tag=${tag}]]`);
    await expect.poll(async () => (await chat.words(chat.lastAnswer())).length, { timeout: 20_000 }).toBeGreaterThan(10);

    await chat.reload();
    const resumedAt = (await chat.words(chat.lastAnswer())).length;
    await expect.poll(async () => (await chat.words(chat.lastAnswer())).length, { timeout: 20_000 }).toBeGreaterThan(resumedAt + 5);
    await chat.stopButton.click();
    await expect(chat.stopButton).toBeHidden();

    await expect.poll(async () => (await upstreamRequests(tag))[0]?.aborted, { timeout: 5_000 }).toBe(true);
    const [request] = await upstreamRequests(tag);
    expect(request!.chunksSent).toBeLessThan(400);

    await chat.reload();
    const answer = chat.lastAnswer();
    await expect(chat.stoppedBadge(answer)).toHaveText("Stopped");
    await expect(chat.continueButton(answer)).toBeVisible();
    expect((await chat.words(answer)).length).toBeLessThan(400);
  });
});
