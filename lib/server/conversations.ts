import "server-only";
import type { ConversationJson, ConversationSummaryJson, MessageJson } from "@/lib/contracts/conversations";
import { AppError } from "@/lib/errors";
import type { CallOutcome } from "@/lib/server/ai/client";
import {
  countConversations,
  createConversation,
  deleteMessages,
  getConversation,
  getMessage,
  insertMessage,
  listMessages,
  showAnswer,
  titleConversationIfUntitled,
  touchConversation,
  updateMessage,
  type ConversationRow,
  type MessageRow,
} from "@/lib/server/db/queries/conversations";
import { ownsDocument } from "@/lib/server/db/queries/ownership";
import type { UserRow } from "@/lib/server/db/queries/users";
import { env } from "@/lib/server/env";
import { parseId } from "@/lib/server/http";
import { checkStorage } from "@/lib/server/storage";
import { answersOf, shownTurns, turnsAfter } from "./conversation-turns";

export const untitledConversation = "New chat";

export const documentNotFound = () => new AppError("not_found", "No document with this id.", { param: "document_id" });
export const conversationNotFound = () => new AppError("not_found", "No conversation with this id.", { param: "conversation_id" });

/** The route params of `/api/conversations/[id]/messages/[messageId]/...`. */
export interface MessageParams {
  params: Promise<{ id: string; messageId: string }>;
}

/** The conversation's id checked (404 when malformed) and the message's id, from a message route's params. */
export async function messageRouteIds({ params }: MessageParams): Promise<{ conversationId: string; messageId: string }> {
  const { id, messageId } = await params;
  return { conversationId: parseId(id, conversationNotFound), messageId };
}

export function conversationSummaryJson(row: ConversationRow): ConversationSummaryJson {
  return {
    id: row.id,
    document_id: row.documentId,
    title: row.title,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

function messageJson(row: MessageRow): MessageJson {
  return { id: row.id, role: row.role, content: row.content, status: row.status, model: row.model, created_at: row.createdAt.toISOString() };
}

/** The conversation as shown: each question with its shown answer, which lists its versions when regenerated. */
export async function conversationJson(user: UserRow, row: ConversationRow): Promise<ConversationJson> {
  const rows = await listMessages({ ownerId: user.id, conversationId: row.id });
  const messages = shownTurns(rows).map(({ message, versions }) => ({
    ...messageJson(message),
    ...(versions ? { versions: versions.map(messageJson) } : {}),
  }));
  return { ...conversationSummaryJson(row), messages };
}

/** Shows another version of an answer (Regenerate keeps them all): the conversation goes on from the one shown. */
export async function showAnswerVersion({ user, conversationId, messageId }: { user: UserRow; conversationId: string; messageId: string }): Promise<void> {
  const scope = { ownerId: user.id, conversationId: (await ownConversation(user, conversationId)).id };
  const rows = await listMessages(scope);
  const answer = rows.find((r) => r.id === messageId);
  if (!answer) throw new AppError("not_found", "No message with this id in this conversation.", { param: "message_id" });
  const question = answer.role === "assistant" ? rows.find((q) => q.role === "user" && answersOf(rows, q.id).includes(answer)) : undefined;
  if (!question) throw new AppError("invalid_request", "Only an answer can be shown.", { param: "message_id" });
  await showAnswer({ ...scope, questionId: question.id, answerId: answer.id });
}

/** The caller's conversation, or 404 — the same answer for someone else's and for none. */
export async function ownConversation(user: UserRow, conversationId: string): Promise<ConversationRow> {
  const row = await getConversation({ ownerId: user.id, conversationId });
  if (!row) throw conversationNotFound();
  return row;
}

/** A document id in a request must be one of the caller's (usage is attributed to it). */
export async function checkDocumentId(user: UserRow, documentId: string | undefined): Promise<void> {
  if (documentId && !(await ownsDocument({ ownerId: user.id, documentId }))) throw documentNotFound();
}

/** A new conversation, within CONVERSATIONS_PER_USER (403 limit_reached past it). */
export async function startConversation({ user, documentId, title }: { user: UserRow; documentId?: string; title: string }): Promise<ConversationRow> {
  if ((await countConversations({ ownerId: user.id })) >= env.CONVERSATIONS_PER_USER) {
    throw new AppError(
      "limit_reached",
      `You have ${env.CONVERSATIONS_PER_USER} conversations, the most an account may have. Delete some you no longer need to start another.`,
      { param: "conversations" },
    );
  }
  return createConversation({ ownerId: user.id, documentId, title });
}

const statusOf = (outcome: CallOutcome): MessageRow["status"] =>
  outcome.status === "ok" ? "complete" : outcome.status === "aborted" ? "stopped" : "error";

/**
 * Stores one exchange of a chat: the question now, the answer when the call settles —
 * complete, or "stopped" with the part generated so far when the client went away. Asking the
 * same question again (Regenerate) keeps its earlier answers as versions.
 * With the privacy setting on, nothing is stored.
 */
export async function recordExchange({
  user,
  conversation,
  question,
}: {
  user: UserRow;
  conversation: ConversationRow;
  question: { id?: string; content: string };
}): Promise<{ answerId: string; settle(outcome: CallOutcome, model: string): Promise<void> }> {
  const answerId = crypto.randomUUID();
  const scope = { ownerId: user.id, conversationId: conversation.id };
  if (!user.storeContent) return { answerId, settle: async () => {} };

  const questionId = question.id ?? crypto.randomUUID();
  const existing = question.id ? await getMessage({ ...scope, messageId: question.id }) : undefined;
  if (existing) {
    // The same question again (Regenerate): its answers stay as versions, the newest shown; later turns go.
    const rows = await listMessages(scope);
    await deleteMessages({ ...scope, ids: turnsAfter(rows, existing).map((r) => r.id) });
    await showAnswer({ ...scope, questionId, answerId: null });
  } else {
    // The question, and about as much again for its answer.
    await checkStorage({ ownerId: user.id, adding: 2 * Buffer.byteLength(question.content) });
    await insertMessage({
      message: { ...scope, id: questionId, role: "user", content: question.content, status: "complete", model: null, replyTo: null },
    });
    await titleConversationIfUntitled({ ...scope, untitled: untitledConversation, title: titleFrom(question.content) });
  }
  await touchConversation(scope);

  return {
    answerId,
    async settle(outcome, model) {
      await storeAnswer({ scope, answerId, questionId, outcome, model });
    },
  };
}

/** An answer as the call settled; nothing when it failed before a word arrived. */
async function storeAnswer({
  scope,
  answerId,
  questionId,
  outcome,
  model,
}: {
  scope: { ownerId: string; conversationId: string };
  answerId: string;
  questionId: string;
  outcome: CallOutcome;
  model: string;
}) {
  if (outcome.text === "" && outcome.status !== "ok") return;
  await insertMessage({
    message: { ...scope, id: answerId, role: "assistant", content: outcome.text, status: statusOf(outcome), model, replyTo: questionId },
  });
}

/**
 * An answer to an earlier question whose answer failed, stored as its answer (shown right after
 * it); the client chose its id. With the privacy setting on, nothing is stored.
 */
export function recordAnswerInPlace({ user, conversationId, questionId, answerId }: { user: UserRow; conversationId: string; questionId: string; answerId: string }) {
  return async (outcome: CallOutcome) => {
    if (!user.storeContent) return;
    await storeAnswer({ scope: { ownerId: user.id, conversationId }, answerId, questionId, outcome, model: outcome.model });
  };
}

/** Continues a stopped answer: the stored text grows; it is complete once an answer ends normally. */
export function recordContinuation({ user, message }: { user: UserRow; message: MessageRow }) {
  return async (outcome: CallOutcome) => {
    await updateMessage({
      ownerId: user.id,
      conversationId: message.conversationId,
      messageId: message.id,
      content: message.content + outcome.text,
      status: outcome.status === "ok" ? "complete" : "stopped",
    });
  };
}

function titleFrom(question: string): string {
  const line = question.replace(/\s+/g, " ").trim();
  return line.length > 60 ? `${line.slice(0, 57).trimEnd()}…` : line || untitledConversation;
}
