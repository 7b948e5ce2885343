import { beforeEach, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.LOG_LEVEL = "silent";
  process.env.MODEL_MAX_RETRIES = "0";
});

const store = vi.hoisted(() => ({
  settled: [] as Array<{ status: string; text: string }>,
  continued: [] as Array<{ status: string; text: string }>,
  exchanges: [] as Array<{ conversation: string; question: string }>,
}));

vi.mock("@/lib/server/ai/providers", async () => ({ resolveModel: (await import("./model-mocks")).resolveMock }));
vi.mock("@/lib/server/usage", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/usage")>()),
  recordCall: vi.fn(async () => {}),
}));
vi.mock("@/lib/server/style-guide", () => ({ resolveStyleGuide: vi.fn(async () => null) }));
vi.mock("@/lib/server/conversations", () => ({
  ownConversation: vi.fn(async (_user: unknown, id: string) => ({ id, documentId: "doc-1" })),
  recordExchange: vi.fn(async ({ conversation, question }: { conversation: { id: string }; question: { content: string } }) => {
    store.exchanges.push({ conversation: conversation.id, question: question.content });
    return { answerId: "stored-answer", settle: async (outcome: { status: string; text: string }) => void store.settled.push(outcome) };
  }),
  recordContinuation: vi.fn(() => async (outcome: { status: string; text: string }) => void store.continued.push(outcome)),
}));
vi.mock("@/lib/server/db/queries/conversations", () => ({
  getMessage: vi.fn(async ({ messageId }: { messageId: string }) =>
    messageId === "stopped" ? { id: "stopped", role: "assistant", status: "stopped", seq: 2, model: "old-model", content: "Bees make" } : undefined,
  ),
  listMessages: vi.fn(async () => [
    { id: "q1", seq: 1, role: "user", content: "Tell me about bees.", replyTo: null, shownAnswerId: null },
    { id: "stopped", seq: 2, role: "assistant", content: "Bees make", replyTo: "q1", shownAnswerId: null },
    { id: "q2", seq: 3, role: "user", content: "Later question", replyTo: null, shownAnswerId: null },
  ]),
}));

import type { PlainChatRequest, UiChatRequest } from "@/lib/contracts/chat";
import { AppError } from "@/lib/errors";
import { uiChatRequestSchema } from "@/lib/contracts/chat";
import { limits } from "@/lib/contracts/limits";
import { chatInstructions, continueInstruction, documentTurn, selectionQuestion } from "@/lib/server/ai/prompts";
import { completeChat, continueAnswer, prepareChatCall, streamChat } from "@/lib/server/chat";
import { recordExchange } from "@/lib/server/conversations";
import { resumeStream, stopResumableStream } from "@/lib/server/resumable";
import { recordCall } from "@/lib/server/usage";
import { caller, models, parts, promptOf, tokens, transcript } from "./model-mocks";
import { apiError, rejection, scripted, streamOf } from "./resilience-fixtures";

const signal = () => new AbortController().signal;
const ui = (role: "system" | "user" | "assistant", text: string, id = crypto.randomUUID()) => ({ id, role, parts: [{ type: "text", text }] });
const uiBody = (extra: Partial<UiChatRequest> = {}): UiChatRequest => ({ messages: [ui("user", "Shorter intro?")], ...extra });

/** The UI message stream's events, parsed (the closing [DONE] left out). */
const events = (text: string) =>
  text
    .split("\n\n")
    .filter((e) => e && e !== "data: [DONE]")
    .map((e) => JSON.parse(e.slice("data: ".length)) as { type: string; [key: string]: unknown });

beforeEach(() => {
  models.current = scripted("chat", () => streamOf(parts(["Try ", "this."])));
  store.settled.length = 0;
  store.continued.length = 0;
  store.exchanges.length = 0;
  vi.mocked(recordCall).mockClear();
});

describe("the chat prompt", () => {
  it("puts a leading system message into the instructions and the document in a user turn of its own before the conversation", async () => {
    const body = uiBody({
      document: "Bees are insects.",
      messages: [ui("system", "Answer in French."), ui("user", "Summarize."), ui("assistant", "Les abeilles…"), ui("user", "Shorter?")],
    });
    await (await streamChat(caller, body, signal())).text();
    expect(transcript(promptOf(models.current!))).toEqual([
      `system: ${chatInstructions({ system: "Answer in French." })}`,
      `user: ${documentTurn("Bees are insects.")}`,
      "user: Summarize.",
      "assistant: Les abeilles…",
      "user: Shorter?",
    ]);
  });

  it("sends an attached selection with the last question only, framed, and stores the bare question", async () => {
    const conversation = crypto.randomUUID();
    const body = uiBody({
      conversation_id: conversation,
      selection: "Bees **dance** to share </selection> directions.",
      messages: [ui("user", "First?"), ui("assistant", "Yes."), ui("user", "Is this clear?")],
    });
    await (await streamChat(caller, body, signal())).text();
    const sent = transcript(promptOf(models.current!));
    expect(sent.slice(1)).toEqual(["user: First?", "assistant: Yes.", `user: ${selectionQuestion(body.selection!, "Is this clear?")}`]);
    expect(sent.at(-1)).toContain("<selection>\nBees **dance** to share &lt;/selection> directions.\n</selection>\n\nIs this clear?");
    expect(store.exchanges).toEqual([{ conversation, question: "Is this clear?" }]);
  });

  it("accepts a selection up to limits.selectionChars and refuses a longer one, a NUL or a lone surrogate", () => {
    const body = (selection: string) => ({ messages: [ui("user", "Why?")], selection });
    expect(uiChatRequestSchema.safeParse(body("x".repeat(limits.selectionChars))).success).toBe(true);
    for (const bad of ["x".repeat(limits.selectionChars + 1), "a\u0000b", "a\uD800b"]) {
      expect(uiChatRequestSchema.safeParse(body(bad)).error?.issues[0]?.path).toEqual(["selection"]);
    }
  });

  it("leaves out a question whose answer failed when another question follows it: the model answers the latest", async () => {
    const body = uiBody({ messages: [ui("user", "Failed one?"), ui("user", "Next one?"), ui("assistant", "Yes."), ui("user", "Last?")] });
    await (await streamChat(caller, body, signal())).text();
    expect(transcript(promptOf(models.current!)).slice(1)).toEqual(["user: Next one?", "assistant: Yes.", "user: Last?"]);
  });

  it("leaves out UI messages without text and sends the house instructions when there is no system message", async () => {
    const body = uiBody({ messages: [ui("user", "Hello"), { id: "x", role: "assistant", parts: [{ type: "step-start" }] }, ui("user", "   ")] });
    await (await streamChat(caller, body, signal())).text();
    expect(transcript(promptOf(models.current!))).toEqual([`system: ${chatInstructions({})}`, "user: Hello"]);
  });

  it("passes the request's settings to the model and asks for the requested model", async () => {
    models.requested.length = 0;
    await (await streamChat(caller, uiBody({ model: "m-1", temperature: 0.2, max_tokens: 50, stop: "END", seed: 7 }), signal())).text();
    expect(models.requested).toEqual(["m-1"]);
    expect(models.current!.mock.doStreamCalls[0]).toMatchObject({ temperature: 0.2, maxOutputTokens: 50, stopSequences: ["END"], seed: 7 });
  });

  it("refuses max_tokens beyond the model's limit before calling it or storing the question", async () => {
    const error = await rejection(streamChat(caller, uiBody({ max_tokens: 5_000, conversation_id: crypto.randomUUID() }), signal()));
    expect(error).toMatchObject({ code: "invalid_request", param: "max_tokens" });
    expect(models.current!.calls()).toBe(0);
    expect(recordExchange).not.toHaveBeenCalled();
  });

  it("refuses a conversation longer than the model's context window", async () => {
    const error = await rejection(streamChat(caller, uiBody({ messages: [ui("user", "x".repeat(40_000))] }), signal()));
    expect(error).toMatchObject({ code: "context_length_exceeded", param: "messages" });
  });
});

describe("streaming a chat answer", () => {
  it("answers the UI message stream with the answer's text, finish reason, model and usage", async () => {
    const response = await streamChat(caller, uiBody(), signal());
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    expect(response.headers.get("x-vercel-ai-ui-message-stream")).toBe("v1");
    const parsed = events(await response.text());
    expect(parsed.filter((e) => e.type === "text-delta").map((e) => e.delta)).toEqual(["Try ", "this."]);
    expect(parsed.at(-1)).toMatchObject({
      type: "finish",
      finishReason: "stop",
      messageMetadata: { model: models.current!.resolved.info.id, usage: { inputTokens: 14, outputTokens: 3, totalTokens: 17 } },
    });
  });

  it("stores the exchange of a conversation: the question first, the answer under the id the stream names", async () => {
    const conversation = crypto.randomUUID();
    const body = uiBody({ conversation_id: conversation, messages: [ui("user", "First?"), ui("assistant", "Yes."), ui("user", "Second?")] });
    const parsed = events(await (await streamChat(caller, body, signal())).text());
    expect(store.exchanges).toEqual([{ conversation, question: "Second?" }]);
    expect(parsed[0]).toMatchObject({ type: "start", messageId: "stored-answer" });
    await vi.waitFor(() => expect(store.settled).toEqual([expect.objectContaining({ status: "ok", text: "Try this." })]));
    expect(recordCall).toHaveBeenCalledWith(caller, expect.objectContaining({ status: "ok", inputTokens: 14, outputTokens: 3 }));
  });

  it("ends with an error event after a failure mid-stream, and stores what was written", async () => {
    models.current = scripted("chat-cut", () => streamOf([...parts(["Try "]).slice(0, 3), { type: "error", error: apiError(500) }]));
    const parsed = events(await (await streamChat(caller, uiBody({ conversation_id: crypto.randomUUID() }), signal())).text());
    expect(parsed.at(-1)).toEqual({ type: "error", errorText: expect.any(String) });
    await vi.waitFor(() => expect(store.settled).toEqual([expect.objectContaining({ status: "error", text: "Try " })]));
  });

  it("throws a failure before the first token, for the route to answer with a status", async () => {
    models.current = scripted("chat-down", () => {
      throw apiError(503);
    });
    const error = await rejection(streamChat(caller, uiBody(), signal()));
    expect(AppError.is(error) && error.status).toBe(503);
  });
});

describe("resumable chat answers", () => {
  const held = () => scripted("chat-held", (_n, options) => streamOf(parts(["Part one. "]).slice(0, 3), options.abortSignal, true));

  it("lets a reload reattach to the answer with a chat id, from its start", async () => {
    const id = `chat-${crypto.randomUUID()}`;
    const body = await (await streamChat(caller, uiBody({ id }), signal())).text();
    const replay = await resumeStream({ streamId: id, ownerId: caller.user.id });
    expect(await new Response(replay).text()).toBe(body);
  });

  it("keeps generating when the first client leaves, until the answer is stopped", async () => {
    models.current = held();
    const id = `chat-${crypto.randomUUID()}`;
    const response = await streamChat(caller, uiBody({ id }), signal());
    const reader = response.body!.getReader();
    await reader.read();
    await reader.cancel();
    await new Promise((r) => setTimeout(r, 50));
    expect(models.current.signals[0]!.aborted).toBe(false);
    expect(await stopResumableStream({ streamId: id, ownerId: caller.user.id })).toBe(true);
    await vi.waitFor(() => expect(models.current!.signals[0]!.aborted).toBe(true));
  });

  it("leaves nothing to wait for when the call fails before its first token", async () => {
    models.current = scripted("chat-fail-resumable", () => {
      throw apiError(400);
    });
    const id = `chat-${crypto.randomUUID()}`;
    await rejection(streamChat(caller, uiBody({ id }), signal()));
    const replay = await resumeStream({ streamId: id, ownerId: caller.user.id });
    expect(replay ? await new Response(replay).text() : "").toBe("");
  });

  it("aborts a plain body's answer as soon as its client leaves (plain bodies are not resumable)", async () => {
    models.current = held();
    const body: PlainChatRequest = { messages: [{ role: "user", content: "Hi" }] };
    const reader = (await streamChat(caller, body, signal())).body!.getReader();
    await reader.read();
    await reader.cancel();
    await vi.waitFor(() => expect(models.current!.signals[0]!.aborted).toBe(true));
  });
});

describe("the JSON chat answer", () => {
  it("answers the text, the model's response id, the finish reason in OpenAI's spelling and usage", async () => {
    models.current = scripted(
      "chat-json",
      () => streamOf([]),
      () => ({
        content: [{ type: "text", text: "Sure." }],
        finishReason: { unified: "content-filter", raw: "x" },
        usage: tokens(9, 2),
        warnings: [],
        response: { id: "resp-7" },
      }),
    );
    const answer = await completeChat(caller, { messages: [{ role: "user", content: "Hi" }], stream: false }, signal());
    expect(answer).toEqual({
      id: "resp-7",
      text: "Sure.",
      model: models.current.resolved.info.id,
      finish_reason: "content_filter",
      usage: { prompt_tokens: 9, completion_tokens: 2, total_tokens: 11 },
    });
  });

  it("prepares developer calls with the stored answer's id", async () => {
    const prepared = await prepareChatCall(caller, { messages: [{ role: "user", content: "Hi" }], conversation_id: crypto.randomUUID() }, "none");
    expect(prepared.id).toBe("stored-answer");
    expect(prepared.model).toBe(models.current!.resolved.info.id);
  });
});

describe("continuing a stopped answer", () => {
  it("sends the conversation up to the cut and the continue instruction, streams plain text and appends it", async () => {
    models.current = scripted("chat-continue", () => streamOf(parts([" honey."])));
    models.requested.length = 0;
    const response = await continueAnswer(caller, { conversationId: "c-1", messageId: "stopped" }, signal());
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await response.text()).toBe(" honey.");
    expect(models.requested).toEqual(["old-model"]);
    expect(transcript(promptOf(models.current)).slice(1)).toEqual([
      "user: Tell me about bees.",
      "assistant: Bees make",
      `user: ${continueInstruction()}`,
    ]);
    await vi.waitFor(() => expect(store.continued).toEqual([expect.objectContaining({ status: "ok", text: " honey." })]));
    expect(recordCall).toHaveBeenCalledWith({ ...caller, documentId: "doc-1" }, expect.objectContaining({ status: "ok" }));
  });

  it("refuses a message that is not a stopped answer", async () => {
    expect(await rejection(continueAnswer(caller, { conversationId: "c-1", messageId: "other" }, signal()))).toMatchObject({ code: "not_found" });
  });
});
