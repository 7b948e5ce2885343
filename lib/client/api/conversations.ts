import type { ConversationJson, ConversationSummaryJson } from "@/lib/contracts/conversations";
import { requestJson } from "./request-json";

/** The chats kept for a document (`/api/conversations`). */
export const listConversations = (documentId: string) =>
  requestJson<{ conversations: ConversationSummaryJson[] }>(`/api/conversations?document_id=${documentId}`);

/** One chat with its messages. */
export const getConversation = (id: string) => requestJson<{ conversation: ConversationJson }>(`/api/conversations/${id}`);

export const createConversation = (documentId: string) =>
  requestJson<{ conversation: ConversationSummaryJson }>("/api/conversations", { body: { document_id: documentId } });

export const renameConversation = (id: string, title: string) =>
  requestJson<{ conversation: ConversationSummaryJson }>(`/api/conversations/${id}`, { method: "PATCH", body: { title } });

export const deleteConversation = (id: string) => requestJson<unknown>(`/api/conversations/${id}`, { method: "DELETE" });
