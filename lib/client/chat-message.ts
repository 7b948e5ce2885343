import type { UIMessage } from "ai";
import type { MessageJson, MessageStatus } from "@/lib/contracts/conversations";

/**
 * A chat message in the browser; `status` is the stored one ("stopped" answers can be continued),
 * `selection` the Markdown a question was asked about (kept in this browser only, not stored).
 */
export type ChatMessage = UIMessage<{ model?: string; status?: MessageStatus; selection?: string }>;

export function messageText(message: ChatMessage): string {
  return message.parts.map((part) => (part.type === "text" ? part.text : "")).join("");
}

/** A stored message as `useChat` holds it: one text part, the status and model in metadata. */
export function toChatMessage(message: MessageJson): ChatMessage {
  return {
    id: message.id,
    role: message.role,
    parts: [{ type: "text", text: message.content }],
    metadata: { status: message.status, ...(message.model ? { model: message.model } : {}) },
  };
}
