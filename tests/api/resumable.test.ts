import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { wordAt, WORDS } from "../fixtures/fake-upstream/words";
import { startApp, type AppServer } from "../fixtures/app-server";
import { expectError, sseEvents, streamedText, uniqueTag, upstreamRequests, userMessage, waitFor } from "./helpers";
import { guestSession, type Session } from "./session";

// Resumable chat streams: a useChat request with a chat id keeps generating when its client
// goes away; GET /api/chat/{id}/stream replays the answer from its start and follows it live.
// Instances of their own (a short grace period). Ports 3920–3929 belong to this file.

const graceMs = 1_000;

const modelEnv = () => ({
  OPENAI_BASE_URL: inject("upstreamUrl"),
  OPENAI_MODEL: "fake-model",
  MODEL_RETRY_BASE_MS: "20",
  STREAM_RESUME_GRACE_MS: String(graceMs),
});

const chatId = () => `chat-${Math.random().toString(36).slice(2, 12)}`;

/** What useChat sends: its chat id, the messages, the trigger (and, in the studio, the conversation). */
function startChat(session: Session, id: string, prompt: string, extra: Record<string, unknown> = {}, signal?: AbortSignal) {
  return session.json("/api/chat", { id, messages: [userMessage(prompt)], trigger: "submit-message", ...extra }, { signal });
}

/** Reads SSE text from a body until `enough(text)` holds; returns the reader to go on with. */
async function readUntil(body: ReadableStream<Uint8Array>, enough: (text: string) => boolean) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  while (!enough(text)) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  return { text, reader };
}

const deltas = (text: string) => sseEvents(text.slice(0, text.lastIndexOf("\n\n") + 2)).filter((e) => e.type === "text-delta").length;

/** The scripted answer is consecutive words of a fixed list: so no word was lost or doubled. */
function expectWholeAnswer(text: string, tokens: number) {
  const words = text.replace(/\.$/, "").split(" ");
  expect(words).toHaveLength(tokens);
  const first = WORDS.indexOf(words[0]!);
  expect(first).toBeGreaterThanOrEqual(0);
  expect(words).toEqual(words.map((_, i) => wordAt(first + i)));
  expect(text.endsWith(".")).toBe(true);
}

async function upstreamRecord(tag: string) {
  return (await waitFor(async () => (await upstreamRequests(tag))[0]))!;
}

describe("resumable chat streams", () => {
  let app: AppServer;

  beforeAll(async () => {
    app = await startApp(3920, modelEnv());
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("a client that drops mid-answer reattaches with GET /api/chat/{id}/stream and gets the whole answer once, which is stored", async () => {
    const session = await guestSession(app.url);
    const conversation = ((await (await session.json("/api/conversations", {})).json()) as { conversation: { id: string } }).conversation;
    const tag = uniqueTag("resume");
    const dropped = new AbortController();
    const res = await startChat(session, conversation.id, `Tell me [[tokens=40]] [[delay=50]] [[tag=${tag}]]`, { conversation_id: conversation.id }, dropped.signal);
    expect(res.status).toBe(200);
    const { text: before } = await readUntil(res.body!, (t) => deltas(t) >= 5);
    dropped.abort();

    const resumed = await session.fetch(`/api/chat/${conversation.id}/stream`);
    expect(resumed.status).toBe(200);
    expect(resumed.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(resumed.headers.get("x-vercel-ai-ui-message-stream")).toBe("v1");
    expect(resumed.headers.get("cache-control")).toBe("no-cache, no-transform");
    expect(resumed.headers.get("x-accel-buffering")).toBe("no");
    const events = sseEvents(await resumed.text());

    // A replay from the start (useChat rebuilds the message from it), the same answer id, then the rest live.
    const firstEvents = sseEvents(before.slice(0, before.lastIndexOf("\n\n") + 2));
    expect(events[0]).toEqual(firstEvents[0]);
    expect(events[0]!.type).toBe("start");
    const answer = streamedText(events);
    expect(answer.startsWith(streamedText(firstEvents))).toBe(true);
    expectWholeAnswer(answer, 40);
    expect(events.filter((e) => e.type === "finish")).toHaveLength(1);

    // The answer outlived the grace period with its first client gone, because another came back.
    const record = await upstreamRecord(tag);
    expect(record.completed).toBe(true);
    expect(record.aborted).toBe(false);
    expect(await upstreamRequests(tag)).toHaveLength(1);

    const stored = await waitFor(async () => {
      const c = ((await (await session.fetch(`/api/conversations/${conversation.id}`)).json()) as { conversation: { messages: Array<{ id: string; content: string; status: string }> } }).conversation;
      return c.messages.length === 2 ? c.messages[1] : undefined;
    });
    expect(stored).toMatchObject({ id: events[0]!.messageId, content: answer, status: "complete" });
  });

  it("replays a just-finished answer whole (a reload right at its end)", async () => {
    const session = await guestSession(app.url);
    const id = chatId();
    const res = await startChat(session, id, "Hi [[tokens=6]]");
    const original = await res.text();
    const replay = await session.fetch(`/api/chat/${id}/stream`);
    expect(replay.status).toBe(200);
    expect(streamedText(sseEvents(await replay.text()))).toBe(streamedText(sseEvents(original)));
  });

  it("answers 204 when the chat has no answer in progress", async () => {
    const session = await guestSession(app.url);
    const res = await session.fetch(`/api/chat/${chatId()}/stream`);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
  });

  it("aborts the upstream call of an answer nobody reattaches to, once the grace period has passed", async () => {
    const session = await guestSession(app.url);
    const id = chatId();
    const tag = uniqueTag("abandoned");
    const dropped = new AbortController();
    const res = await startChat(session, id, `Long [[tokens=400]] [[delay=20]] [[tag=${tag}]]`, {}, dropped.signal);
    await readUntil(res.body!, (t) => deltas(t) >= 1);
    const droppedAt = Date.now();
    dropped.abort();
    // Not at once: a reload has the grace period to come back.
    await new Promise((r) => setTimeout(r, graceMs / 2));
    expect((await upstreamRecord(tag)).aborted).toBe(false);
    const record = await waitFor(async () => {
      const r = await upstreamRecord(tag);
      return r.aborted ? r : undefined;
    }, graceMs + 3_000);
    expect(record.completed).toBe(false);
    expect(record.endedAt! - droppedAt).toBeGreaterThanOrEqual(graceMs - 100);
    expect(record.endedAt! - droppedAt).toBeLessThan(graceMs + 1_500);
    // Stopped, it is not offered for resuming (the stored copy, marked stopped, is the truth).
    await waitFor(async () => ((await session.fetch(`/api/chat/${id}/stream`)).status === 204 ? true : undefined));
  });

  it("DELETE /api/chat/{id}/stream stops the answer at once, even with its client still attached, and is idempotent", async () => {
    const session = await guestSession(app.url);
    const id = chatId();
    const tag = uniqueTag("stop");
    const res = await startChat(session, id, `Long [[tokens=400]] [[delay=20]] [[tag=${tag}]]`);
    const { reader } = await readUntil(res.body!, (t) => deltas(t) >= 2);
    const stoppedAt = Date.now();
    const stop = await session.fetch(`/api/chat/${id}/stream`, { method: "DELETE" });
    expect(stop.status).toBe(204);
    const record = await waitFor(async () => {
      const r = await upstreamRecord(tag);
      return r.aborted ? r : undefined;
    });
    expect(record.endedAt! - stoppedAt).toBeLessThan(1_000);
    expect(record.chunksSent).toBeLessThan(400);
    // The first client's body ends.
    for (;;) if ((await reader.read()).done) break;
    expect((await session.fetch(`/api/chat/${id}/stream`, { method: "DELETE" })).status).toBe(204);
    expect((await session.fetch(`/api/chat/${id}/stream`)).status).toBe(204);
  });

  describe("with one concurrent stream per user", () => {
    let limited: AppServer;
    beforeAll(async () => {
      limited = await startApp(3923, { ...modelEnv(), RATE_LIMIT_CONCURRENT: "1" });
    });
    afterAll(async () => {
      await limited?.stop();
    });

    it("an answer that goes on after its client dropped keeps its concurrency slot until it ends", async () => {
      const session = await guestSession(limited.url);
      const tag = uniqueTag("slot");
      const dropped = new AbortController();
      // Shorter than the grace period: it runs to its end with nobody attached.
      const res = await startChat(session, chatId(), `Go on [[tokens=12]] [[delay=50]] [[tag=${tag}]]`, {}, dropped.signal);
      await readUntil(res.body!, (t) => deltas(t) >= 1);
      dropped.abort();
      await new Promise((r) => setTimeout(r, 100));
      // Still generating (a reload may come back for it), so a second stream is refused.
      await expectError(await startChat(session, chatId(), "Another [[tokens=2]]"), 429, "rate_limited", "concurrent");
      const record = await waitFor(async () => {
        const r = await upstreamRecord(tag);
        return r.completed ? r : undefined;
      }, 5_000);
      expect(record.aborted).toBe(false);
      const next = await waitFor(async () => {
        const again = await startChat(session, chatId(), "Now [[tokens=2]]");
        if (again.status === 200) return again;
        await again.body?.cancel();
        return undefined;
      }, 3_000);
      const answer = streamedText(sseEvents(await next.text()));
      expect(answer.replace(/\.$/, "").split(" ")).toHaveLength(2);
    });
  });

  it("shows another user's chat id as nothing (204) and can't stop it", async () => {
    const owner = await guestSession(app.url);
    const other = await guestSession(app.url);
    const id = chatId();
    const tag = uniqueTag("owner");
    const res = await startChat(owner, id, `Hi [[tokens=20]] [[delay=20]] [[tag=${tag}]]`);
    const { reader } = await readUntil(res.body!, (t) => deltas(t) >= 1);
    expect((await other.fetch(`/api/chat/${id}/stream`)).status).toBe(204);
    expect((await other.fetch(`/api/chat/${id}/stream`, { method: "DELETE" })).status).toBe(204);
    for (;;) if ((await reader.read()).done) break;
    const record = await upstreamRecord(tag);
    expect(record.completed).toBe(true);
    expect(record.aborted).toBe(false);
  });

  it("answers 400 for a malformed chat id, 401 without a session and 405 for other methods", async () => {
    const session = await guestSession(app.url);
    await expectError(await session.fetch("/api/chat/not%20an%20id/stream"), 400, "invalid_request", "id");
    await expectError(await session.fetch(`/api/chat/${"x".repeat(201)}/stream`, { method: "DELETE" }), 400, "invalid_request", "id");
    await expectError(await fetch(`${app.url}/api/chat/${chatId()}/stream`), 401, "unauthorized");
    const post = await session.fetch(`/api/chat/${chatId()}/stream`, { method: "POST" });
    await expectError(post, 405, "method_not_allowed");
    expect(post.headers.get("allow")).toBe("GET, DELETE");
  });
});

const shared = Boolean(process.env.TEST_DATABASE_URL && process.env.TEST_REDIS_URL);

// Two processes can't open one embedded database, so this needs PostgreSQL as well as Redis;
// npm test's PostgreSQL pass sets both (TEST_DATABASE_URL, TEST_REDIS_URL).
describe.skipIf(!shared)("resumable chat streams across two instances sharing Redis and PostgreSQL (needs TEST_DATABASE_URL and TEST_REDIS_URL)", () => {
  let first: AppServer;
  let second: AppServer;

  beforeAll(async () => {
    first = await startApp(3921, modelEnv());
    // One after the other: the first has migrated the database the second joins.
    second = await startApp(3922, { ...modelEnv(), DATABASE_URL: first.databaseUrl! });
  });
  afterAll(async () => {
    await Promise.all([first?.stop(), second?.stop()]);
  });

  it("resumes on instance B an answer generating on instance A", async () => {
    const session = await guestSession(first.url);
    const id = chatId();
    const tag = uniqueTag("cross");
    const dropped = new AbortController();
    const res = await startChat(session, id, `Tell me [[tokens=40]] [[delay=50]] [[tag=${tag}]]`, {}, dropped.signal);
    const { text: before } = await readUntil(res.body!, (t) => deltas(t) >= 5);
    dropped.abort();

    const resumed = await fetch(`${second.url}/api/chat/${id}/stream`, { headers: { cookie: session.cookieHeader() } });
    expect(resumed.status).toBe(200);
    const events = sseEvents(await resumed.text());
    const answer = streamedText(events);
    expect(answer.startsWith(streamedText(sseEvents(before.slice(0, before.lastIndexOf("\n\n") + 2))))).toBe(true);
    expectWholeAnswer(answer, 40);
    const record = await upstreamRecord(tag);
    expect(record.completed).toBe(true);
  });

  it("stops from instance B an answer generating on instance A", async () => {
    const session = await guestSession(first.url);
    const id = chatId();
    const tag = uniqueTag("cross-stop");
    const res = await startChat(session, id, `Long [[tokens=400]] [[delay=20]] [[tag=${tag}]]`);
    const { reader } = await readUntil(res.body!, (t) => deltas(t) >= 2);
    const stop = await fetch(`${second.url}/api/chat/${id}/stream`, { method: "DELETE", headers: { cookie: session.cookieHeader() } });
    expect(stop.status).toBe(204);
    const record = await waitFor(async () => {
      const r = await upstreamRecord(tag);
      return r.aborted ? r : undefined;
    });
    expect(record.chunksSent).toBeLessThan(400);
    for (;;) if ((await reader.read()).done) break;
  });
});
