import type { UIMessage } from "ai";
import type { MessageJson, MessageStatus } from "@/lib/contracts/conversations";

/** One version of a regenerated answer, as the version switcher shows it. */
export interface AnswerVersion {
  id: string;
  text: string;
  status?: MessageStatus;
  model?: string;
}

/**
 * A chat message in the browser; `status` is the stored one ("stopped" answers can be continued),
 * `selection` the Markdown a question was asked about (kept in this browser only, not stored),
 * `versions` every answer Regenerate gave to its question, oldest first (this one among them).
 */
export type ChatMessage = UIMessage<{ model?: string; status?: MessageStatus; selection?: string; versions?: AnswerVersion[] }>;

export function messageText(message: ChatMessage): string {
  return message.parts.map((part) => (part.type === "text" ? part.text : "")).join("");
}

const versionOf = (message: MessageJson): AnswerVersion => ({
  id: message.id,
  text: message.content,
  status: message.status,
  ...(message.model ? { model: message.model } : {}),
});

/** A stored message as `useChat` holds it: one text part, the status, model and versions in metadata. */
export function toChatMessage(message: MessageJson): ChatMessage {
  return {
    id: message.id,
    role: message.role,
    parts: [{ type: "text", text: message.content }],
    metadata: {
      status: message.status,
      ...(message.model ? { model: message.model } : {}),
      ...(message.versions ? { versions: message.versions.map(versionOf) } : {}),
    },
  };
}

/** The answer as one of its versions (the switcher's ‹ ›): the same place in the conversation, another text. */
export function showVersion(message: ChatMessage, version: AnswerVersion): ChatMessage {
  return {
    ...message,
    id: version.id,
    parts: [{ type: "text", text: version.text }],
    metadata: { ...message.metadata, status: version.status, model: version.model },
  };
}

/** A regenerated answer's versions: the earlier answer's (or itself) and the new one. */
export function addVersion(previous: ChatMessage, next: ChatMessage): AnswerVersion[] {
  const asVersion = (m: ChatMessage): AnswerVersion => ({ id: m.id, text: messageText(m), status: m.metadata?.status, model: m.metadata?.model });
  return [...(previous.metadata?.versions ?? [asVersion(previous)]), asVersion(next)];
}
