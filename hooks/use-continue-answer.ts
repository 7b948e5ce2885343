"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { MessageStatus } from "@/lib/contracts/conversations";
import type { ApiError } from "@/lib/client/api/error";
import { messageText, type ChatMessage } from "@/lib/client/chat-message";
import { streamText } from "@/lib/client/api/stream-text";

type UpdateMessage = (id: string, change: (message: ChatMessage) => ChatMessage) => void;

const withText = (message: ChatMessage, text: string): ChatMessage => ({ ...message, parts: [{ type: "text", text }] });

/** A copy of the message with another stored status. */
export const withStatus = (message: ChatMessage, status: MessageStatus): ChatMessage => ({
  ...message,
  metadata: { ...message.metadata, status },
});

/**
 * Continues a stopped answer in place: the server streams the rest as text/plain and the
 * message grows as it arrives. Stopping again keeps it stopped (and longer).
 */
export function useContinueAnswer(update: UpdateMessage) {
  const [continuingId, setContinuingId] = useState<string | null>(null);
  const [failure, setFailure] = useState<{ messageId: string; error: ApiError } | null>(null);
  const controllerRef = useRef<AbortController | null>(null);

  useEffect(() => () => controllerRef.current?.abort(), []);

  const start = useCallback(
    async (conversationId: string, message: ChatMessage, body: { model?: string; document?: string }) => {
      controllerRef.current?.abort();
      const controller = new AbortController();
      controllerRef.current = controller;
      setContinuingId(message.id);
      setFailure(null);
      const before = messageText(message);
      const result = await streamText(
        `/api/conversations/${conversationId}/messages/${message.id}/continue`,
        body,
        { signal: controller.signal, onChunk: (_chunk, text) => update(message.id, (m) => withText(m, before + text)) },
      );
      if (controllerRef.current !== controller) return result;
      controllerRef.current = null;
      setContinuingId(null);
      if (result.outcome === "done") update(message.id, (m) => withStatus(m, "complete"));
      if (result.outcome === "error" && result.error) setFailure({ messageId: message.id, error: result.error });
      return result;
    },
    [update],
  );

  const stop = useCallback(() => controllerRef.current?.abort(), []);
  const clearFailure = useCallback(() => setFailure(null), []);

  return { continuingId, failure, start, stop, clearFailure };
}
