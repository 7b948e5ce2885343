import { describe, expect, it } from "vitest";
import { expectError, sseEvents, streamedText, uniqueTag, upstreamRequests, waitFor } from "./helpers";
import { Session, guestSession, registeredSession } from "./session";

const uiMessage = (id: string, text: string) => ({ id, role: "user", parts: [{ type: "text", text }] });

async function newConversation(session: Session, body: Record<string, unknown> = {}) {
  const res = await session.json("/api/conversations", body);
  expect(res.status).toBe(201);
  return (await res.json()).conversation as { id: string; title: string; document_id: string | null };
}

async function conversation(session: Session, id: string) {
  return (await (await session.json(`/api/conversations/${id}`)).json()).conversation as {
    title: string;
    messages: { id: string; role: string; content: string; status: string; model: string | null; versions?: { id: string; content: string }[] }[];
  };
}

async function chat(session: Session, conversationId: string, messages: unknown[], init: RequestInit = {}) {
  return session.json("/api/chat", { messages, conversation_id: conversationId }, init);
}

describe("conversations", () => {
  it("stores the question and the answer, titled after the first question", async () => {
    const session = await guestSession();
    const { id } = await newConversation(session);
    const res = await chat(session, id, [uiMessage("q1", "What makes an opening line work? [[tokens=6]]")]);
    expect(res.status).toBe(200);
    const events = sseEvents(await res.text());
    const answer = streamedText(events);
    const startId = events.find((e) => e.type === "start")?.messageId;
    const stored = await waitFor(async () => {
      const c = await conversation(session, id);
      return c.messages.length === 2 ? c : undefined;
    });
    expect(stored.title).toBe("What makes an opening line work? [[tokens=6]]");
    expect(stored.messages[0]).toMatchObject({ id: "q1", role: "user", status: "complete" });
    expect(stored.messages[1]).toMatchObject({ id: startId, role: "assistant", content: answer, status: "complete", model: "fake-model" });
  });

  it("keeps every answer when the same question is regenerated: the newest shown, the others as versions, and the shown one can be chosen", async () => {
    const session = await guestSession();
    const { id } = await newConversation(session);
    await (await chat(session, id, [uiMessage("q1", "Hi [[tokens=3]]")])).text();
    const first = await waitFor(async () => (await conversation(session, id)).messages[1]);
    await (await chat(session, id, [uiMessage("q1", "Hi [[tokens=5]]")])).text();
    const messages = await waitFor(async () => {
      const m = (await conversation(session, id)).messages;
      return m[1]?.content.split(" ").length === 5 ? m : undefined;
    });
    expect(messages.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(messages[1]!.versions?.map((v) => v.id)).toEqual([first.id, messages[1]!.id]);

    // Show the first version: it is the one shown from now on (a reload shows it too).
    expect((await session.json(`/api/conversations/${id}/messages/${first.id}/show`, undefined, { method: "POST" })).status).toBe(204);
    const shown = (await conversation(session, id)).messages;
    expect(shown[1]).toMatchObject({ id: first.id, content: first.content });
    expect(shown[1]!.versions).toHaveLength(2);

    await expectError(await session.json(`/api/conversations/${id}/messages/q1/show`, undefined, { method: "POST" }), 400, "invalid_request", "message_id");
    await expectError(await session.json(`/api/conversations/${id}/messages/nope/show`, undefined, { method: "POST" }), 404, "not_found", "message_id");
    const other = (await guestSession()).json(`/api/conversations/${id}/messages/${first.id}/show`, undefined, { method: "POST" });
    await expectError(await other, 404, "not_found");
  });

  it("a question whose answer failed is left out of the next question's context, and can be answered in place later", async () => {
    const session = await guestSession();
    const { id } = await newConversation(session);
    // A 400 from the provider is not retried: the answer fails at once and nothing is stored for it.
    const question = `First question [[fail=400x1]] [[id=${uniqueTag("failed-once")}]]`;
    await expectError(await chat(session, id, [uiMessage("q1", question)]), 502, "upstream_error");
    const tag = uniqueTag("after-failed");
    await (await chat(session, id, [uiMessage("q1", question), uiMessage("q2", `Second question [[tokens=4]] [[tag=${tag}]]`)])).text();
    const [sent] = await upstreamRequests(tag);
    const userTurns = (sent!.body as { messages: { role: string; content: unknown }[] }).messages.filter((m) => m.role === "user");
    expect(JSON.stringify(userTurns)).not.toContain("First question");
    await waitFor(async () => ((await conversation(session, id)).messages.length === 3 ? true : undefined));

    // Answered in place: the answer goes right after its question; the later turns stay.
    const answerId = crypto.randomUUID();
    const res = await session.json(`/api/conversations/${id}/messages/q1/answer`, { answer_id: answerId });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    const text = await res.text();
    expect(text.length).toBeGreaterThan(0);
    const messages = await waitFor(async () => {
      const m = (await conversation(session, id)).messages;
      return m.length === 4 ? m : undefined;
    });
    expect(messages.map((m) => m.id)).toEqual(["q1", answerId, "q2", messages[3]!.id]);
    expect(messages[1]).toMatchObject({ role: "assistant", content: text, status: "complete" });

    await expectError(await session.json(`/api/conversations/${id}/messages/${answerId}/answer`, { answer_id: crypto.randomUUID() }), 400, "invalid_request", "message_id");
    await expectError(await session.json(`/api/conversations/${id}/messages/q1/answer`, {}), 400, "invalid_request", "answer_id");
    await expectError(await session.json(`/api/conversations/${id}/messages/nope/answer`, { answer_id: crypto.randomUUID() }), 404, "not_found");
  });

  it("keeps the part of an answer generated before the client went away, marked stopped", async () => {
    const session = await guestSession();
    const { id } = await newConversation(session);
    const controller = new AbortController();
    const res = await chat(session, id, [uiMessage("q1", `Tell me a story [[tokens=200]] [[delay=20]] [[tag=${uniqueTag("stop")}]]`)], {
      signal: controller.signal,
    });
    const reader = res.body!.getReader();
    let received = "";
    while (!received.includes('"text-delta"') || received.split('"text-delta"').length < 6) {
      received += new TextDecoder().decode((await reader.read()).value);
    }
    controller.abort();
    const answer = await waitFor(async () => (await conversation(session, id)).messages.find((m) => m.role === "assistant"), 5_000);
    expect(answer.status).toBe("stopped");
    const words = answer.content.split(" ").length;
    expect(words).toBeGreaterThanOrEqual(4);
    expect(words).toBeLessThan(200);
  });

  it("continues a stopped answer: the stored text grows and becomes complete", async () => {
    const session = await guestSession();
    const { id } = await newConversation(session);
    const controller = new AbortController();
    const res = await chat(session, id, [uiMessage("q1", "Story [[tokens=100]] [[delay=20]]")], { signal: controller.signal });
    const reader = res.body!.getReader();
    let received = "";
    while (received.split('"text-delta"').length < 4) received += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    const stopped = await waitFor(async () => (await conversation(session, id)).messages.find((m) => m.role === "assistant"), 5_000);

    const more = await session.json(`/api/conversations/${id}/messages/${stopped.id}/continue`, {});
    expect(more.status).toBe(200);
    expect(more.headers.get("content-type")).toMatch(/text\/plain/);
    const continuation = await more.text();
    expect(continuation.length).toBeGreaterThan(0);
    const done = await waitFor(async () => {
      const m = (await conversation(session, id)).messages.find((x) => x.id === stopped.id);
      return m?.status === "complete" ? m : undefined;
    });
    expect(done.content).toBe(stopped.content + continuation);
  });

  it("refuses to continue an answer that is complete", async () => {
    const session = await guestSession();
    const { id } = await newConversation(session);
    await (await chat(session, id, [uiMessage("q1", "Hi [[tokens=2]]")])).text();
    const answer = await waitFor(async () => (await conversation(session, id)).messages.find((m) => m.role === "assistant"));
    await expectError(await session.json(`/api/conversations/${id}/messages/${answer.id}/continue`, {}), 400, "invalid_request", "message_id");
    await expectError(await session.json(`/api/conversations/${id}/messages/nope/continue`, {}), 404, "not_found");
  });

  it("renames and deletes a conversation", async () => {
    const session = await guestSession();
    const { id } = await newConversation(session, { title: "Draft talk" });
    const renamed = await session.json(`/api/conversations/${id}`, { title: "Intro ideas" }, { method: "PATCH" });
    expect((await renamed.json()).conversation.title).toBe("Intro ideas");
    await expectError(await session.json(`/api/conversations/${id}`, { title: "" }, { method: "PATCH" }), 400, "invalid_request", "title");
    expect((await session.json(`/api/conversations/${id}`, undefined, { method: "DELETE" })).status).toBe(204);
    await expectError(await session.json(`/api/conversations/${id}`), 404, "not_found");
  });

  it("lists conversations per document and returns them with the document", async () => {
    const session = await guestSession();
    const doc = (await (await session.json("/api/documents", { title: "With chats" })).json()).document;
    const about = await newConversation(session, { document_id: doc.id });
    await newConversation(session);
    const listed = (await (await session.json(`/api/conversations?document_id=${doc.id}`)).json()).conversations;
    expect(listed.map((c: { id: string }) => c.id)).toEqual([about.id]);
    const withDoc = await (await session.json(`/api/documents/${doc.id}`)).json();
    expect(withDoc.conversations.map((c: { id: string }) => c.id)).toEqual([about.id]);
  });

  it("answers 404 for malformed and unknown ids, and 400 for a malformed conversation_id in a chat", async () => {
    const session = await guestSession();
    await expectError(await session.json("/api/conversations/not-a-uuid"), 404, "not_found");
    await expectError(await session.json(`/api/conversations/${crypto.randomUUID()}`), 404, "not_found");
    await expectError(await session.json("/api/chat", { messages: [{ role: "user", content: "hi" }], conversation_id: "x" }), 400, "invalid_request", "conversation_id");
    await expectError(await session.json("/api/conversations", { document_id: crypto.randomUUID() }), 404, "not_found", "document_id");
    await expectError(await session.json("/api/conversations?document_id=not-a-uuid"), 404, "not_found", "document_id");
  });
});

describe("conversations belong to their owner", () => {
  it("another user's conversation answers 404 to read, rename, delete, chat and continue", async () => {
    const owner = await registeredSession();
    const { id } = await newConversation(owner.session);
    await (await chat(owner.session, id, [uiMessage("q1", "Secret plans [[tokens=3]]")])).text();
    const answer = await waitFor(async () => (await conversation(owner.session, id)).messages.find((m) => m.role === "assistant"));
    const intruder = await registeredSession();
    const s = intruder.session;
    await expectError(await s.json(`/api/conversations/${id}`), 404, "not_found");
    await expectError(await s.json(`/api/conversations/${id}`, { title: "mine" }, { method: "PATCH" }), 404, "not_found");
    await expectError(await s.json(`/api/conversations/${id}`, undefined, { method: "DELETE" }), 404, "not_found");
    await expectError(await chat(s, id, [uiMessage("q2", "hello")]), 404, "not_found", "conversation_id");
    await expectError(await s.json(`/api/conversations/${id}/messages/${answer.id}/continue`, {}), 404, "not_found");
    await expectError(await s.json(`/api/conversations/${id}/messages/q1/answer`, { answer_id: crypto.randomUUID() }), 404, "not_found");
    // Nothing changed for the owner.
    const still = await conversation(owner.session, id);
    expect(still.title).toBe("Secret plans [[tokens=3]]");
    expect(still.messages).toHaveLength(2);
  });

  it("another user's document id is refused as unknown in conversations and model calls", async () => {
    const owner = await registeredSession();
    const doc = (await (await owner.session.json("/api/documents", { title: "Mine" })).json()).document;
    const intruder = (await registeredSession()).session;
    await expectError(await intruder.json("/api/conversations", { document_id: doc.id }), 404, "not_found", "document_id");
    await expectError(await intruder.json(`/api/conversations?document_id=${doc.id}`), 404, "not_found", "document_id");
    await expectError(
      await intruder.json("/api/write", { action: "improve", text: "Hello", document_id: doc.id }),
      404,
      "not_found",
      "document_id",
    );
  });
});
