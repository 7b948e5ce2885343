import "server-only";
import type { ConversationJson, ConversationSummaryJson, MessageJson } from "@/lib/contracts/conversations";
import { AppError } from "@/lib/errors";
import type { CallOutcome } from "@/lib/server/ai/client";
import {
  countConversations,
  createConversation,
  deleteMessagesAfter,
  getConversation,
  getMessage,
  insertMessage,
  listMessages,
  titleConversationIfUntitled,
  touchConversation,
  updateMessage,
  type ConversationRow,
  type MessageRow,
} from "@/lib/server/db/queries/conversations";
import { ownsDocument } from "@/lib/server/db/queries/ownership";
import type { UserRow } from "@/lib/server/db/queries/users";
import { env } from "@/lib/server/env";
import { checkStorage } from "@/lib/server/storage";

export const untitledConversation = "New chat";

export const documentNotFound = () => new AppError("not_found", "No document with this id.", { param: "document_id" });
export const conversationNotFound = () => new AppError("not_found", "No conversation with this id.", { param: "conversation_id" });

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

export async function conversationJson(user: UserRow, row: ConversationRow): Promise<ConversationJson> {
  const rows = await listMessages({ ownerId: user.id, conversationId: row.id });
  return { ...conversationSummaryJson(row), messages: rows.map(messageJson) };
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
 * complete, or "stopped" with the part generated so far when the client went away.
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

  const existing = question.id ? await getMessage({ ...scope, messageId: question.id }) : undefined;
  if (existing) {
    // The same question again (regenerate): its old answers go.
    await deleteMessagesAfter({ ...scope, seq: existing.seq });
  } else {
    // The question, and about as much again for its answer.
    await checkStorage({ ownerId: user.id, adding: 2 * Buffer.byteLength(question.content) });
    await insertMessage({
      message: { ...scope, id: question.id ?? crypto.randomUUID(), role: "user", content: question.content, status: "complete", model: null },
    });
    await titleConversationIfUntitled({ ...scope, untitled: untitledConversation, title: titleFrom(question.content) });
  }
  await touchConversation(scope);

  return {
    answerId,
    async settle(outcome, model) {
      if (outcome.text === "" && outcome.status !== "ok") return;
      await insertMessage({
        message: { ...scope, id: answerId, role: "assistant", content: outcome.text, status: statusOf(outcome), model },
      });
    },
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
