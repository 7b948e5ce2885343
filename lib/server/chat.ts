import "server-only";
import type { ModelMessage } from "ai";
import type { ChatCompletionJson, PlainChatRequest, UiChatRequest } from "@/lib/contracts/chat";
import type { GenerationOptions } from "@/lib/contracts/generation";
import { plainText, uiMessageStream } from "@/lib/delivery/formats";
import { AppError } from "@/lib/errors";
import type { CallOutcome } from "@/lib/server/ai/client";
import { chatInstructions, continueInstruction, documentTurn, selectionQuestion } from "@/lib/server/ai/prompts";
import { resolveModel } from "@/lib/server/ai/providers";
import { answerableTurns, shownTurns } from "@/lib/server/conversation-turns";
import { ownConversation, recordAnswerInPlace, recordContinuation, recordExchange } from "@/lib/server/conversations";
import { getMessage, listMessages } from "@/lib/server/db/queries/conversations";
import { completeChatJson, prepareCall, streamAnswer, type PreparedCall } from "@/lib/server/delivery";
import { chatSink } from "@/lib/server/resumable";
import { resolveStyleGuide, type StyleGuideFallback } from "@/lib/server/style-guide";
import type { StyleGuide, StyleGuideRef } from "@/lib/contracts/style-guide";
import { recordCall, type Caller } from "@/lib/server/usage";

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
 * after the document as a user turn of its own (text the writer chose, not instructions). A
 * selection goes with the last question, the one the writer asked about it.
 */
function toPrompt(turns: Turn[], document: string | undefined, selection: string | undefined) {
  const [first, ...rest] = turns;
  const system = first?.role === "system" ? first.content : undefined;
  // A failed question followed by another is left out: the model answers the latest one.
  const conversation = answerableTurns(system === undefined ? turns : rest);
  const context = documentTurn(document);
  const asked = selection?.trim() ? conversation.findLastIndex((t) => t.role === "user") : -1;
  const messages: ModelMessage[] = [
    ...(context ? [{ role: "user" as const, content: context }] : []),
    ...conversation.map((t, i): ModelMessage =>
      t.role === "assistant"
        ? { role: "assistant", content: t.content }
        : { role: "user", content: i === asked ? selectionQuestion(selection!, t.content) : t.content },
    ),
  ];
  const selectionChars = asked >= 0 ? selection!.length : 0;
  return { instructions: chatInstructions({ system }), messages, contextChars: (context?.length ?? 0) + selectionChars };
}

/**
 * A chat call on these turns: the document and conversation as the model sees them, checked
 * against the model's limits by what the turns hold (a system turn counts once more, as sent),
 * under the style guide resolved for it.
 */
async function prepareChat(
  caller: Caller,
  body: GenerationOptions & { document?: string; selection?: string },
  turns: Turn[],
  styleGuide: StyleGuide | null,
  onSettled?: PreparedCall["onSettled"],
): Promise<PreparedCall> {
  const resolved = await resolveModel(body.model);
  const { contextChars, instructions, messages } = toPrompt(turns, body.document, body.selection);
  const inputChars = instructions.length + contextChars + turns.reduce((n, t) => n + t.content.length, 0);
  return prepareCall({ id: crypto.randomUUID(), caller, resolved, instructions, styleGuide, messages, options: body, inputChars, onSettled });
}

/** A studio chat body; /api/v1/chat's is a plain one, and may name a style guide. */
type ChatBody = (PlainChatRequest | UiChatRequest) & { style_guide?: StyleGuideRef };

function isUiRequest(body: ChatBody): body is UiChatRequest {
  const first = body.messages[0];
  return first !== undefined && "parts" in first;
}

/**
 * With a `conversation_id`, starts storing the exchange (the document id was checked when the
 * style guide was resolved). Returns what to do when the call settles: record usage, store the answer.
 */
async function begin(caller: Caller, body: ChatBody, turns: Turn[]) {
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
 * A chat call for a request: the document id checked and the style guide resolved (the studio's
 * fall back to the account default), the model resolved and the options checked, then, with a
 * `conversation_id`, the exchange stored (the answer's id is the stored one).
 */
export async function prepareChatCall(caller: Caller, body: ChatBody, fallback: StyleGuideFallback): Promise<PreparedCall> {
  const turns = isUiRequest(body) ? uiTurns(body.messages) : body.messages;
  const styleGuide = await resolveStyleGuide({ user: caller.user, documentId: body.document_id, requested: body.style_guide, fallback });
  const prepared = await prepareChat(caller, body, turns, styleGuide);
  const { answerId, onSettled } = await begin(caller, body, turns);
  return { ...prepared, id: answerId, onSettled };
}

/** Streams a chat answer as the AI SDK UI message stream (SSE), for `useChat` and for developers. */
export async function streamChat(caller: Caller, body: ChatBody, signal: AbortSignal): Promise<Response> {
  const prepared = await prepareChatCall(caller, body, "default");
  // The studio's answers are resumable: a reload reattaches instead of aborting the call.
  const sink = await chatSink({ user: caller.user, body, clientSignal: signal });
  // The stored answer and useChat's copy share the prepared id, so "continue" can find it after a stop.
  return streamAnswer(prepared, uiMessageStream, { signal, sink });
}

/** The `"stream": false` answer for developers. */
export async function completeChat(caller: Caller, body: PlainChatRequest, signal: AbortSignal): Promise<ChatCompletionJson> {
  return completeChatJson(await prepareChatCall(caller, body, "default"), signal);
}

/** The conversation as shown (the shown version of each answer), up to and with one message. */
async function historyUpTo(scope: { ownerId: string; conversationId: string }, messageId: string): Promise<Turn[]> {
  const shown = shownTurns(await listMessages(scope)).map((t) => t.message);
  const end = shown.findIndex((m) => m.id === messageId);
  return shown.slice(0, end + 1).map((m) => ({ role: m.role, content: m.content }));
}

/**
 * One of the caller's stored messages (404 for anyone else's), with its conversation and the
 * style guide its answers follow: its document's, else the account default (a studio call).
 */
async function ownMessage(caller: Caller, conversationId: string, messageId: string) {
  const conversation = await ownConversation(caller.user, conversationId);
  const styleGuide = await resolveStyleGuide({ user: caller.user, documentId: conversation.documentId ?? undefined, fallback: "default" });
  const scope = { ownerId: caller.user.id, conversationId: conversation.id };
  const message = await getMessage({ ...scope, messageId });
  if (!message) throw new AppError("not_found", "No message with this id in this conversation.", { param: "message_id" });
  // Usage goes to the conversation's document; the stored message is updated too.
  const settled = (store: (outcome: CallOutcome) => Promise<void>) => async (outcome: CallOutcome) => {
    await Promise.all([recordCall({ ...caller, documentId: conversation.documentId ?? undefined }, outcome), store(outcome)]);
  };
  return { conversation, scope, message, settled, styleGuide };
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
  const { scope, message, settled, styleGuide } = await ownMessage(caller, input.conversationId, input.messageId);
  if (message.role !== "assistant" || message.status === "complete") {
    throw new AppError("invalid_request", "Only an answer that was stopped can be continued.", { param: "message_id" });
  }
  const turns: Turn[] = [...(await historyUpTo(scope, message.id)), { role: "user", content: continueInstruction() }];
  const options = { model: input.model ?? message.model ?? undefined, document: input.document };
  const prepared = await prepareChat(caller, options, turns, styleGuide, settled(recordContinuation({ user: caller.user, message })));
  return streamAnswer(prepared, plainText, { signal });
}

/**
 * Answers an earlier question whose answer failed, in place: the model sees the conversation up
 * to that question; the answer streams as plain text and is stored as that question's answer.
 */
export async function answerInPlace(
  caller: Caller,
  input: { conversationId: string; messageId: string; answerId: string; model?: string; document?: string },
  signal: AbortSignal,
): Promise<Response> {
  const { conversation, scope, message: question, settled, styleGuide } = await ownMessage(caller, input.conversationId, input.messageId);
  if (question.role !== "user") throw new AppError("invalid_request", "Only a question can be answered.", { param: "message_id" });
  const store = recordAnswerInPlace({ user: caller.user, conversationId: conversation.id, questionId: question.id, answerId: input.answerId });
  const options = { model: input.model, document: input.document };
  const prepared = await prepareChat(caller, options, await historyUpTo(scope, question.id), styleGuide, settled(store));
  return streamAnswer(prepared, plainText, { signal });
}
