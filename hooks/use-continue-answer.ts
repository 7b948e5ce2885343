"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { MessageStatus } from "@/lib/contracts/conversations";
import type { ApiError } from "@/lib/client/api/error";
import { messageText, type ChatMessage } from "@/lib/client/chat-message";
import { streamText } from "@/lib/client/api/stream-text";

type UpdateMessage = (id: string, change: (message: ChatMessage) => ChatMessage) => void;
type InsertAfter = (id: string, message: ChatMessage) => void;
type RemoveMessage = (id: string) => void;

const withText = (message: ChatMessage, text: string): ChatMessage => ({ ...message, parts: [{ type: "text", text }] });

/** A copy of the message with another stored status. */
export const withStatus = (message: ChatMessage, status: MessageStatus): ChatMessage => ({
  ...message,
  metadata: { ...message.metadata, status },
});

/**
 * Streams into an answer in place, as text/plain from the server: Continue grows a stopped or
 * interrupted answer; Answer writes a new answer under a question whose answer failed (later
 * turns stay where they are). Stopping again keeps what arrived, stopped.
 */
export function useContinueAnswer({ update, insertAfter, remove }: { update: UpdateMessage; insertAfter: InsertAfter; remove: RemoveMessage }) {
  const [continuingId, setContinuingId] = useState<string | null>(null);
  const [failure, setFailure] = useState<{ messageId: string; error: ApiError } | null>(null);
  const controllerRef = useRef<AbortController | null>(null);

  useEffect(() => () => controllerRef.current?.abort(), []);

  const run = useCallback(
    async (url: string, message: ChatMessage, body: Record<string, unknown>) => {
      controllerRef.current?.abort();
      const controller = new AbortController();
      controllerRef.current = controller;
      setContinuingId(message.id);
      setFailure(null);
      const before = messageText(message);
      const result = await streamText(url, body, {
        signal: controller.signal,
        onChunk: (_chunk, text) => update(message.id, (m) => withText(m, before + text)),
      });
      if (controllerRef.current !== controller) return result;
      controllerRef.current = null;
      setContinuingId(null);
      if (result.outcome === "done") update(message.id, (m) => withStatus(m, "complete"));
      else if (result.outcome === "stopped") update(message.id, (m) => withStatus(m, "stopped"));
      if (result.outcome === "error" && result.error) {
        // Nothing arrived for a new answer: the question is answerless again, with the reason.
        if (!before && !result.text) remove(message.id);
        else update(message.id, (m) => withStatus(m, "error"));
        setFailure({ messageId: message.id, error: result.error });
      }
      return result;
    },
    [update, remove],
  );

  const start = useCallback(
    (conversationId: string, message: ChatMessage, body: { model?: string; document?: string }) =>
      run(`/api/conversations/${conversationId}/messages/${message.id}/continue`, message, body),
    [run],
  );

  /** Answers `question` again, in place, in a new message right after it. */
  const answer = useCallback(
    (conversationId: string, question: ChatMessage, body: { model?: string; document?: string }) => {
      const id = crypto.randomUUID();
      const placeholder: ChatMessage = { id, role: "assistant", parts: [{ type: "text", text: "" }], metadata: { model: body.model } };
      insertAfter(question.id, placeholder);
      return run(`/api/conversations/${conversationId}/messages/${question.id}/answer`, placeholder, { ...body, answer_id: id });
    },
    [run, insertAfter],
  );

  const stop = useCallback(() => controllerRef.current?.abort(), []);
  const clearFailure = useCallback(() => setFailure(null), []);

  return { continuingId, failure, start, answer, stop, clearFailure };
}
