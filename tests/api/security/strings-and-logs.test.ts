import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type AppServer } from "../../fixtures/app-server";
import { createKey, expectApiError, v1 } from "../api-key-helpers";
import { waitFor } from "../helpers";
import { guestSession, type Session } from "../session";

/**
 * A NUL character or a lone UTF-16 surrogate in any text of any request used to reach the
 * database, which refused it: a 500, and a logged error whose message and stack quoted the
 * query's params — the whole document or prompt, even for accounts that store nothing. Now
 * every contract refuses them with a 400 naming the field, and the log never carries content.
 *
 * One instance of its own (API_TEST_PORT + 7) whose output is captured, wired to a tiny
 * upstream whose answers contain a NUL (the one way left for such text to reach the database).
 */

const basePort = Number(process.env.API_TEST_PORT ?? 3210);
const random = () => Math.random().toString(36).slice(2, 10);
/** In every refused request; must appear nowhere in the app's output. */
const marker = `LEAK-${random()}`;
/** In the upstream's answers. */
const answerMarker = `ANSWER-${random()}`;

let app: AppServer;
let upstream: Server;
const output: string[] = [];

/** An OpenAI-compatible upstream whose every answer has a NUL in it. */
function answerWithNul(req: IncomingMessage, res: ServerResponse) {
  let raw = "";
  req.on("data", (chunk: Buffer) => (raw += chunk.toString()));
  req.on("end", () => {
    if (req.method === "GET") {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ object: "list", data: [{ id: "fake-model", object: "model", created: 0, owned_by: "tests" }] }));
      return;
    }
    const body = JSON.parse(raw) as { stream?: boolean };
    const content = `${answerMarker} with a \u0000 inside`;
    const base = { id: "chatcmpl-nul", created: 0, model: "fake-model" };
    const usage = { prompt_tokens: 5, completion_tokens: 4, total_tokens: 9 };
    if (!body.stream) {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(
        JSON.stringify({
          ...base,
          object: "chat.completion",
          choices: [{ index: 0, message: { role: "assistant", content, refusal: null }, logprobs: null, finish_reason: "stop" }],
          usage,
        }),
      );
      return;
    }
    const chunk = (delta: object, finish: string | null, extra: object = {}) =>
      `data: ${JSON.stringify({ ...base, object: "chat.completion.chunk", choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...extra })}\n\n`;
    res.writeHead(200, { "Content-Type": "text/event-stream" });
    res.write(chunk({ role: "assistant", content: "" }, null));
    res.write(chunk({ content }, null));
    res.write(chunk({}, "stop"));
    res.write(`data: ${JSON.stringify({ ...base, object: "chat.completion.chunk", choices: [], usage })}\n\n`);
    res.end("data: [DONE]\n\n");
  });
}

beforeAll(async () => {
  upstream = createServer(answerWithNul);
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1`;
  app = await startApp(
    basePort + 7,
    { OPENAI_BASE_URL: upstreamUrl, OPENAI_MODEL: "fake-model", LOG_LEVEL: "info" },
    { onOutput: (chunk) => output.push(chunk) },
  );
});
afterAll(async () => {
  await app?.stop();
  upstream?.closeAllConnections();
  await new Promise((resolve) => upstream?.close(resolve));
});

const appOutput = () => output.join("");
/** The app's JSON log lines. */
const logLines = () =>
  appOutput()
    .split("\n")
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });

/** The characters PostgreSQL refuses: NUL, a lone high surrogate, a lone low surrogate. */
const unsafe = [
  ["NUL", "\u0000"],
  ["a lone high surrogate", "\uD800"],
  ["a lone low surrogate", "\uDC00"],
] as const;
const tainted = (char: string) => `${marker} text with ${char} in it`;
const user = (content: string) => ({ messages: [{ role: "user", content }] });
const doc = (node: object) => ({ type: "doc", content: [node] });

describe("text PostgreSQL can't store is refused before it gets there", () => {
  let session: Session;
  let key: string;
  let documentId: string;
  let conversationId: string;

  beforeAll(async () => {
    session = await guestSession(app.url);
    key = (await createKey(session, { name: "strings" })).key;
    const created = await session.json("/api/documents", { title: "Plans" });
    documentId = ((await created.json()) as { document: { id: string } }).document.id;
    const conversation = await session.json("/api/conversations", {});
    conversationId = ((await conversation.json()) as { conversation: { id: string } }).conversation.id;
  });

  const patch = (path: string, body: unknown) => session.json(path, body, { method: "PATCH" });
  /** Each route that takes text, the body carrying `text` somewhere, and the param its 400 names. */
  const routes: [string, (text: string) => Promise<Response>, string][] = [
    ["a document's title", (t) => session.json("/api/documents", { title: t }), "title"],
    ["a document's text", (t) => session.json("/api/documents", { content: doc({ type: "paragraph", content: [{ type: "text", text: t }] }) }), "content.content.0.content.0.text"],
    ["a saved title", (t) => patch(`/api/documents/${documentId}`, { base_version: 1, title: t }), "title"],
    ["a saved node attribute", (t) => patch(`/api/documents/${documentId}`, { base_version: 1, content: doc({ type: "image", attrs: { alt: t } }) }), "content.content.0.attrs.alt"],
    ["a conversation's title", (t) => session.json("/api/conversations", { title: t }), "title"],
    ["a conversation's new title", (t) => patch(`/api/conversations/${conversationId}`, { title: t }), "title"],
    ["continue's document", (t) => session.json(`/api/conversations/${conversationId}/messages/${crypto.randomUUID()}/continue`, { document: t }), "document"],
    ["a chat message", (t) => session.json("/api/chat", { ...user(t), conversation_id: conversationId }), "messages.0.content"],
    ["a useChat message part", (t) => session.json("/api/chat", { messages: [{ id: "m1", role: "user", parts: [{ type: "text", text: t }] }] }), "messages.0.parts.0.text"],
    ["the write selection", (t) => session.json("/api/write", { action: "improve", text: t }), "text"],
    ["an outline topic", (t) => session.json("/api/outline", { topic: t }), "topic"],
    ["a template input", (t) => session.json("/api/templates/blog-post", { inputs: { topic: t } }), "inputs.topic"],
    ["an API key's name", (t) => session.json("/api/keys", { name: t }), "name"],
    ["a job's input", (t) => session.json("/api/jobs", { type: "chat", input: user(t) }), "input.messages.0.content"],
    ["a job's metadata", (t) => session.json("/api/jobs", { type: "write", input: { prompt: "hello" }, metadata: { note: t } }), "metadata.note"],
    ["the account name", (t) => patch("/api/account", { name: t }), "name"],
    ["a webhook test URL", (t) => session.json("/api/webhooks/test", { url: `https://example.com/${t}` }), "url"],
    ["v1 write's prompt", (t) => v1("/api/v1/write", { key, base: app.url, body: { prompt: t } }), "prompt"],
    ["v1 chat", (t) => v1("/api/v1/chat", { key, base: app.url, body: { ...user(t), conversation_id: conversationId } }), "messages.0.content"],
    ["OpenAI chat completions", (t) => v1("/api/v1/chat/completions", { key, base: app.url, body: { model: "fake-model", ...user(t) } }), "messages.0.content"],
    ["an extra OpenAI field", (t) => v1("/api/v1/chat/completions", { key, base: app.url, body: { model: "fake-model", ...user("hi"), user: t } }), "user"],
    ["v1 outline", (t) => v1("/api/v1/outline", { key, base: app.url, body: { topic: "Foxes", audience: t } }), "audience"],
    ["a v1 template input", (t) => v1("/api/v1/templates/blog-post", { key, base: app.url, body: { inputs: { topic: t } } }), "inputs.topic"],
    ["a v1 job's input", (t) => v1("/api/v1/jobs", { key, base: app.url, body: { type: "write", input: { prompt: t } } }), "input.prompt"],
    ["a v1 job's metadata key", (t) => v1("/api/v1/jobs", { key, base: app.url, body: { type: "write", input: { prompt: "hi" }, metadata: { [t]: "v" } } }), "metadata"],
    ["a v1 webhook test URL", (t) => v1("/api/v1/webhooks/test", { key, base: app.url, body: { url: `https://example.com/?q=${t}` } }), "url"],
  ];

  for (const [what, char] of unsafe) {
    it.each(routes)(`refuses ${what} in %s with a 400 naming the field`, async (_, send, param) => {
      await expectApiError(await send(tainted(char)), 400, "invalid_request", param);
    });
  }

  // A URL's query can carry a NUL (%00); percent-encoded surrogates decode to U+FFFD, which is fine.
  it("refuses a NUL in the document search with a 400 naming the parameter", async () => {
    await expectApiError(await session.fetch(`/api/documents?q=${encodeURIComponent(marker)}%00`), 400, "invalid_request", "q");
  });

  it("logged none of it (no 500, no request content anywhere in the app's output), and still stores emoji", async () => {
    // Surrogate pairs are fine: this document is stored, marker and all, and the marker still never logged.
    const res = await session.json("/api/documents", { title: `${marker} 🦊`, content: doc({ type: "paragraph", content: [{ type: "text", text: "👩‍💻" }] }) });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { document: { title: string } }).document.title).toBe(`${marker} 🦊`);

    expect(appOutput()).not.toContain(marker);
    expect(logLines().filter((line) => line.msg === "request").length).toBeGreaterThan(routes.length * unsafe.length);
    expect(logLines().filter((line) => line.level === "error")).toEqual([]);
  });
});

describe("a model's answer containing a NUL", () => {
  it("is kept (the NUL shown as U+FFFD), never refused by the database, and never logged", async () => {
    const session = await guestSession(app.url);
    const key = (await createKey(session, { name: "answers" })).key;
    const conversation = await session.json("/api/conversations", {});
    const conversationId = ((await conversation.json()) as { conversation: { id: string } }).conversation.id;

    const res = await v1("/api/v1/chat", { key, base: app.url, body: { ...user("Tell me about foxes"), conversation_id: conversationId, stream: false } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { content: string }).content).toContain(answerMarker);

    const stored = await waitFor(async () => {
      const body = (await (await session.fetch(`/api/conversations/${conversationId}`)).json()) as { conversation: { messages: Array<{ role: string; content: string }> } };
      return body.conversation.messages.find((m) => m.role === "assistant" && m.content.includes(answerMarker));
    }, 10_000);
    expect(stored.content).toContain(answerMarker);
    expect(stored.content).toContain("\uFFFD");
    expect(stored.content).not.toContain("\0");
    expect(appOutput()).not.toContain(answerMarker);
    expect(logLines().filter((line) => line.level === "error")).toEqual([]);
  });
});
