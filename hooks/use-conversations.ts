"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { ConversationSummaryJson } from "@/lib/contracts/conversations";
import type { ApiError } from "@/lib/client/api/error";
import { toChatMessage, type ChatMessage } from "@/lib/client/chat-message";
import { createConversation, deleteConversation, getConversation, listConversations, renameConversation } from "@/lib/client/api/conversations";

/** The conversation shown in the panel; `id` is null until its first message creates it. */
export interface ActiveConversation {
  /** Stays the same when a new chat gets its id, so the chat isn't re-mounted mid-send. */
  key: string;
  id: string | null;
  messages: ChatMessage[];
}

type Load = { state: "loading" } | { state: "error"; error: ApiError } | { state: "ready"; active: ActiveConversation };

const newestFirst = (list: ConversationSummaryJson[]) => [...list].sort((a, b) => b.updated_at.localeCompare(a.updated_at));

const freshChat = (): ActiveConversation => ({ key: crypto.randomUUID(), id: null, messages: [] });

async function fetchConversation(id: string): Promise<{ ok: true; active: ActiveConversation } | { ok: false; error: ApiError }> {
  const result = await getConversation(id);
  if (!result.ok) return result;
  const messages = result.data.conversation.messages.filter((m) => m.role !== "system").map(toChatMessage);
  return { ok: true, active: { key: id, id, messages } };
}

/**
 * The chats kept for one document: the list, the open one (the most recent at first) and the
 * actions of the picker. A new chat exists only in the browser until its first message.
 */
export function useConversations(documentId: string) {
  const [conversations, setConversations] = useState<ConversationSummaryJson[]>([]);
  const [load, setLoad] = useState<Load>({ state: "loading" });
  const [attempt, setAttempt] = useState(0);
  // Only the newest load may show its result: clicking through chats quickly never shows an older one.
  const loadSeq = useRef(0);

  const show = useCallback(async (id: string, seq: number) => {
    const opened = await fetchConversation(id);
    if (seq !== loadSeq.current) return;
    setLoad(opened.ok ? { state: "ready", active: opened.active } : { state: "error", error: opened.error });
  }, []);

  useEffect(() => {
    const seq = ++loadSeq.current;
    void (async () => {
      const listed = await listConversations(documentId);
      if (seq !== loadSeq.current) return;
      if (!listed.ok) return setLoad({ state: "error", error: listed.error });
      const list = newestFirst(listed.data.conversations);
      setConversations(list);
      const latest = list[0];
      if (latest) await show(latest.id, seq);
      else setLoad({ state: "ready", active: freshChat() });
    })();
  }, [documentId, attempt, show]);

  const retry = useCallback(() => {
    setLoad({ state: "loading" });
    setAttempt((n) => n + 1);
  }, []);

  const open = useCallback(
    (id: string) => {
      setLoad({ state: "loading" });
      void show(id, ++loadSeq.current);
    },
    [show],
  );

  const startNew = useCallback(() => {
    loadSeq.current++;
    setLoad({ state: "ready", active: freshChat() });
  }, []);

  /** Called when the first message of a new chat is sent; throws for useChat to show the error. */
  const create = useCallback(
    async (key: string): Promise<string> => {
      const result = await createConversation(documentId);
      if (!result.ok) throw new Error(JSON.stringify({ error: result.error }));
      const created = result.data.conversation;
      setConversations((list) => [created, ...list]);
      setLoad((current) => (current.state === "ready" && current.active.key === key ? { state: "ready", active: { ...current.active, id: created.id } } : current));
      return created.id;
    },
    [documentId],
  );

  /** After an answer: the server may have titled the chat, and it is now the most recent. */
  const refresh = useCallback(async (id: string) => {
    const result = await getConversation(id);
    if (!result.ok) return;
    const { messages: _messages, ...summary } = result.data.conversation;
    setConversations((list) => newestFirst(list.map((c) => (c.id === id ? summary : c))));
  }, []);

  const rename = useCallback(async (id: string, title: string): Promise<ApiError | null> => {
    const result = await renameConversation(id, title);
    if (!result.ok) return result.error;
    const renamed = result.data.conversation;
    setConversations((list) => list.map((c) => (c.id === id ? renamed : c)));
    return null;
  }, []);

  /** Deletes the open chat and opens the next most recent one. */
  const remove = useCallback(
    async (id: string): Promise<ApiError | null> => {
      const result = await deleteConversation(id);
      // Already gone is what the writer wanted.
      if (!result.ok && result.status !== 404) return result.error;
      const rest = conversations.filter((c) => c.id !== id);
      setConversations(rest);
      const next = rest[0];
      if (next) open(next.id);
      else startNew();
      return null;
    },
    [conversations, open, startNew],
  );

  return { conversations, load, retry, open, startNew, create, refresh, rename, remove };
}
