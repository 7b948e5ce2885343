import "server-only";
import type { ModelMessage } from "ai";
import type { ChatCompletionJson, PlainChatRequest, UiChatRequest } from "@/lib/contracts/chat";
import type { GenerationOptions } from "@/lib/contracts/generation";
import type { V1ChatRequest } from "@/lib/contracts/v1";
import { AppError } from "@/lib/errors";
import { generateModelText, streamModel, type CallOutcome } from "@/lib/server/ai/client";
import { chatInstructions, continueInstruction, documentTurn } from "@/lib/server/ai/prompts";
import { resolveModel } from "@/lib/server/ai/providers";
import { modelSettings } from "@/lib/server/ai/settings";
import { checkDocumentId, ownConversation, recordContinuation, recordExchange } from "@/lib/server/conversations";
import { getMessage, listMessages } from "@/lib/server/db/queries/conversations";
import { plainTextFormat, streamResponse, type StreamFormat } from "@/lib/server/streaming/response";
import { chatSink } from "@/lib/server/resumable";
import { plainSink } from "@/lib/server/streaming/sink";
import { callContext, recordCall, type Caller } from "@/lib/server/usage";
import type { PreparedCall } from "@/lib/server/v1/generation";

interface Turn {
  id?: string;
  role: "system" | "user" | "assistant";
  content: string;
}

function uiTurns(messages: UiChatRequest["messages"]): Turn[] {
  return messages
    .map((m) => ({
      id: m.id,
      role: m.role,
      content: m.parts
        .filter((p) => p.type === "text" && typeof p.text === "string")
        .map((p) => p.text)
        .join(""),
    }))
    .filter((t) => t.content.trim() !== "");
}

/**
 * A leading system message joins the instructions; the model sees the rest as the conversation,
 * after the document as a user turn of its own (text the writer chose, not instructions).
 */
function toPrompt(turns: Turn[], document: string | undefined) {
  const [first, ...rest] = turns;
  const system = first?.role === "system" ? first.content : undefined;
  const conversation = system === undefined ? turns : rest;
  const context = documentTurn(document);
  const messages: ModelMessage[] = [
    ...(context ? [{ role: "user" as const, content: context }] : []),
    ...conversation.map((t): ModelMessage =>
      t.role === "assistant" ? { role: "assistant", content: t.content } : { role: "user", content: t.content },
    ),
  ];
  return { instructions: chatInstructions({ system }), messages, contextChars: context?.length ?? 0 };
}

async function prepareChat(body: GenerationOptions & { document?: string }, turns: Turn[]) {
  const resolved = await resolveModel(body.model);
  const { contextChars, ...prompt } = toPrompt(turns, body.document);
  const inputChars = prompt.instructions.length + contextChars + turns.reduce((n, t) => n + t.content.length, 0);
  const settings = modelSettings(body, resolved.info, inputChars);
  return { resolved, settings, ...prompt };
}

function isUiRequest(body: PlainChatRequest | UiChatRequest): body is UiChatRequest {
  const first = body.messages[0];
  return first !== undefined && "parts" in first;
}

/**
 * Checks the ids in the request and, with a `conversation_id`, starts storing the exchange.
 * Returns what to do when the model call settles: record usage, store the answer.
 */
async function begin(caller: Caller, body: PlainChatRequest | UiChatRequest, turns: Turn[]) {
  await checkDocumentId(caller.user, body.document_id);
  const question = turns.findLast((t) => t.role === "user");
  const exchange =
    body.conversation_id && question
      ? await recordExchange({ user: caller.user, conversation: await ownConversation(caller.user, body.conversation_id), question })
      : undefined;
  return {
    answerId: exchange?.answerId ?? crypto.randomUUID(),
    onSettled: async (outcome: CallOutcome) => {
      await Promise.all([recordCall(caller, outcome), exchange?.settle(outcome, outcome.model)]);
    },
  };
}

/**
 * The AI SDK UI message stream (what `useChat` reads), written directly: the same events
 * `toUIMessageStreamResponse` sends for a text answer, without its stream stages.
 */
function uiMessageFormat(answerId: string, model: string): StreamFormat {
  const event = (chunk: unknown) => `data: ${JSON.stringify(chunk)}\n\n`;
  const [deltaHead, deltaTail] = event({ type: "text-delta", id: "0", delta: "\u0000" }).split(JSON.stringify("\u0000"));
  return {
    contentType: "text/event-stream",
    headers: { "x-vercel-ai-ui-message-stream": "v1" },
    start: () =>
      event({ type: "start", messageId: answerId, messageMetadata: { model } }) + event({ type: "start-step" }) + event({ type: "text-start", id: "0" }),
    delta: (text) => `${deltaHead}${JSON.stringify(text)}${deltaTail}`,
    finish: (reason, usage) =>
      event({ type: "text-end", id: "0" }) +
      event({ type: "finish-step" }) +
      event({
        type: "finish",
        finishReason: reason,
        messageMetadata: {
          model,
          finishReason: reason,
          usage: { inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens, totalTokens: usage.total_tokens },
        },
      }) +
      "data: [DONE]\n\n",
    error: (error) => event({ type: "error", errorText: error.message }) + "data: [DONE]\n\n",
  };
}

/** Streams a chat answer as the AI SDK UI message stream (SSE), for `useChat` and for developers. */
export async function streamChat(caller: Caller, body: PlainChatRequest | UiChatRequest, signal: AbortSignal): Promise<Response> {
  const turns = isUiRequest(body) ? uiTurns(body.messages) : body.messages;
  const call = await prepareChat(body, turns);
  const { answerId, onSettled } = await begin(caller, body, turns);
  // The studio's answers are resumable: a reload reattaches instead of aborting the call.
  const sink = await chatSink({ user: caller.user, body, clientSignal: signal });
  let stream;
  try {
    stream = await streamModel({ ...call, context: callContext(caller), signal: sink.signal, onSettled });
  } catch (error) {
    // Nothing to resume: a reattaching client must not wait for an answer that never starts.
    sink.close();
    throw error;
  }
  // The stored answer and useChat's copy share this id, so "continue" can find it after a stop.
  return streamResponse(stream, uiMessageFormat(answerId, stream.model.id), sink);
}

/** A developer chat call (/api/v1/chat), to be answered as JSON or as a stream. */
export async function prepareChatCall(caller: Caller, body: V1ChatRequest): Promise<PreparedCall> {
  const call = await prepareChat(body, body.messages);
  const { answerId, onSettled } = await begin(caller, body, body.messages);
  return { id: answerId, model: call.resolved.info.id, input: { ...call, context: callContext(caller) }, onSettled };
}

const finishReasons: Record<string, string> = {
  "content-filter": "content_filter",
  "tool-calls": "tool_calls",
};

/** The `"stream": false` answer for developers. */
export async function completeChat(caller: Caller, body: PlainChatRequest, signal: AbortSignal): Promise<ChatCompletionJson> {
  const call = await prepareChat(body, body.messages);
  const { onSettled } = await begin(caller, body, body.messages);
  const answer = await generateModelText({ ...call, context: callContext(caller), signal, onSettled });
  const { inputTokens, outputTokens } = answer.usage;
  return {
    id: answer.responseId ?? `chat-${crypto.randomUUID()}`,
    text: answer.text,
    model: answer.model.id,
    finish_reason: finishReasons[answer.finishReason] ?? answer.finishReason,
    usage: { prompt_tokens: inputTokens, completion_tokens: outputTokens, total_tokens: inputTokens + outputTokens },
  };
}

/**
 * Resumes a stopped answer: the model sees the conversation up to the cut and is asked to go
 * on from there; the continuation streams as plain text and is appended to the stored answer.
 */
export async function continueAnswer(
  caller: Caller,
  input: { conversationId: string; messageId: string; model?: string; document?: string },
  signal: AbortSignal,
): Promise<Response> {
  const conversation = await ownConversation(caller.user, input.conversationId);
  const scope = { ownerId: caller.user.id, conversationId: conversation.id };
  const message = await getMessage({ ...scope, messageId: input.messageId });
  if (!message) throw new AppError("not_found", "No message with this id in this conversation.", { param: "message_id" });
  if (message.role !== "assistant" || message.status === "complete") {
    throw new AppError("invalid_request", "Only an answer that was stopped can be continued.", { param: "message_id" });
  }
  const history = (await listMessages(scope)).filter((m) => m.seq <= message.seq);
  const turns: Turn[] = [...history.map((m) => ({ role: m.role, content: m.content })), { role: "user", content: continueInstruction() }];
  const call = await prepareChat({ model: input.model ?? message.model ?? undefined, document: input.document }, turns);
  const store = recordContinuation({ user: caller.user, message });
  const sink = plainSink(signal);
  const stream = await streamModel({
    ...call,
    context: callContext(caller),
    signal: sink.signal,
    onSettled: async (outcome) => {
      await Promise.all([recordCall({ ...caller, documentId: conversation.documentId ?? undefined }, outcome), store(outcome)]);
    },
  });
  return streamResponse(stream, plainTextFormat, sink);
}
