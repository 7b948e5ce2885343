import "server-only";
import type { ModelMessage } from "ai";
import type { ChatCompletionJson, PlainChatRequest, UiChatRequest } from "@/lib/contracts/chat";
import type { GenerationOptions } from "@/lib/contracts/generation";
import type { V1ChatRequest } from "@/lib/contracts/v1";
import { AppError } from "@/lib/errors";
import { generateModelText, streamModel, type CallOutcome } from "@/lib/server/ai/client";
import { chatInstructions, continueInstruction } from "@/lib/server/ai/prompts";
import { resolveModel } from "@/lib/server/ai/providers";
import { modelSettings } from "@/lib/server/ai/settings";
import { checkDocumentId, ownConversation, recordContinuation, recordExchange } from "@/lib/server/conversations";
import { getMessage, listMessages } from "@/lib/server/db/queries/conversations";
import { streamingHeaders } from "@/lib/server/http";
import { textStreamResponse } from "@/lib/server/text-stream";
import { recordCall, type Caller } from "@/lib/server/usage";
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

/** A leading system message joins the instructions; the model sees the rest as the conversation. */
function toPrompt(turns: Turn[], document: string | undefined) {
  const [first, ...rest] = turns;
  const system = first?.role === "system" ? first.content : undefined;
  const conversation = system === undefined ? turns : rest;
  const messages: ModelMessage[] = conversation.map((t) =>
    t.role === "assistant" ? { role: "assistant", content: t.content } : { role: "user", content: t.content },
  );
  return { instructions: chatInstructions({ document, system }), messages };
}

async function prepareChat(body: GenerationOptions & { document?: string }, turns: Turn[]) {
  const resolved = await resolveModel(body.model);
  const prompt = toPrompt(turns, body.document);
  const inputChars = prompt.instructions.length + turns.reduce((n, t) => n + t.content.length, 0);
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
    onSettled: (model: string) => async (outcome: CallOutcome) => {
      await Promise.all([recordCall(caller, model, outcome), exchange?.settle(outcome, model)]);
    },
  };
}

/** Streams a chat answer as the AI SDK UI message stream (SSE), for `useChat` and for developers. */
export async function streamChat(caller: Caller, body: PlainChatRequest | UiChatRequest, signal: AbortSignal): Promise<Response> {
  const turns = isUiRequest(body) ? uiTurns(body.messages) : body.messages;
  const call = await prepareChat(body, turns);
  const model = call.resolved.info.id;
  const { answerId, onSettled } = await begin(caller, body, turns);
  const { result, describeError } = await streamModel({ ...call, signal, onSettled: onSettled(model) });
  return result.toUIMessageStreamResponse({
    headers: streamingHeaders,
    // The stored answer and useChat's copy share this id, so "continue" can find it after a stop.
    generateMessageId: () => answerId,
    onError: (error) => describeError(error).message,
    messageMetadata: ({ part }) => {
      if (part.type === "start") return { model };
      if (part.type === "finish") {
        return { model, finishReason: part.finishReason, usage: part.totalUsage };
      }
      return undefined;
    },
  });
}

/** A developer chat call (/api/v1/chat), to be answered as JSON or as a stream. */
export async function prepareChatCall(caller: Caller, body: V1ChatRequest): Promise<PreparedCall> {
  const call = await prepareChat(body, body.messages);
  const model = call.resolved.info.id;
  const { answerId, onSettled } = await begin(caller, body, body.messages);
  return { id: answerId, model, input: call, onSettled: onSettled(model) };
}

const finishReasons: Record<string, string> = {
  "content-filter": "content_filter",
  "tool-calls": "tool_calls",
};

/** The `"stream": false` answer for developers. */
export async function completeChat(caller: Caller, body: PlainChatRequest, signal: AbortSignal): Promise<ChatCompletionJson> {
  const call = await prepareChat(body, body.messages);
  const { onSettled } = await begin(caller, body, body.messages);
  const answer = await generateModelText({ ...call, signal, onSettled: onSettled(call.resolved.info.id) });
  const { inputTokens, outputTokens } = answer.usage;
  return {
    id: answer.responseId ?? `chat-${crypto.randomUUID()}`,
    text: answer.text,
    model: call.resolved.info.id,
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
  const model = call.resolved.info.id;
  const store = recordContinuation({ user: caller.user, message });
  const { result, describeError } = await streamModel({
    ...call,
    signal,
    onSettled: async (outcome) => {
      await Promise.all([recordCall({ ...caller, documentId: conversation.documentId ?? undefined }, model, outcome), store(outcome)]);
    },
  });
  return textStreamResponse(result.stream, describeError, { "X-Draftwise-Model": model });
}
