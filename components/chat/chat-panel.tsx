"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { useChat } from "@ai-sdk/react";
import { DefaultChatTransport } from "ai";
import type { Editor } from "@tiptap/react";
import { limits } from "@/lib/contracts/limits";
import { toApiError, type ApiError } from "@/lib/client/api-error";
import { clampDocument, documentText } from "@/lib/client/editor/content";
import { readStored, storageKeys, writeStored } from "@/lib/client/storage";
import { Button } from "@/components/ui/button";
import { AlertIcon, RefreshIcon } from "@/components/ui/icons";
import { PanelHeader } from "@/components/ui/panel-header";
import { Spinner } from "@/components/ui/spinner";
import { ChatComposer } from "./chat-composer";
import { ChatMessageItem, type ChatMessage } from "./chat-message-item";

interface ChatPanelProps {
  editor: Editor | null;
  model: string | undefined;
  onApiError: (error: ApiError) => void;
  onClose?: () => void;
}

const starters = ["Summarize my document in three bullet points", "Suggest a stronger opening line", "What is unclear or missing in my draft?"];

function storedChat(): ChatMessage[] {
  const stored = readStored(storageKeys.chat);
  if (!Array.isArray(stored)) return [];
  return stored.filter(
    (m): m is ChatMessage =>
      typeof m === "object" && m !== null && typeof m.id === "string" && (m.role === "user" || m.role === "assistant") && Array.isArray(m.parts),
  );
}

/** A conversation about the document; every request carries the document's current text. */
export function ChatPanel({ editor, model, onApiError, onClose }: ChatPanelProps) {
  const [initialMessages] = useState(storedChat);
  const transport = useMemo(
    () =>
      new DefaultChatTransport<ChatMessage>({
        api: "/api/chat",
        // Resolved per request, so the model always sees the document as it is now.
        body: () => ({
          ...(editor ? { document: clampDocument(documentText(editor)) } : {}),
          ...(model ? { model } : {}),
        }),
        // The API takes at most `limits.messages`; a long conversation sends its latest part.
        prepareSendMessagesRequest: ({ id, messages, trigger, messageId, body }) => ({
          body: { ...body, id, messages: messages.slice(-limits.messages), trigger, messageId },
        }),
      }),
    [editor, model],
  );
  const { messages, status, error, sendMessage, regenerate, stop, setMessages, clearError } = useChat<ChatMessage>({
    messages: initialMessages,
    transport,
    onError: (e) => onApiError(toApiError(e)),
  });
  const busy = status === "submitted" || status === "streaming";
  const last = messages.at(-1);
  const listRef = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);

  // Saved once an answer settles, not on every streamed token.
  useEffect(() => {
    if (!busy) writeStored(storageKeys.chat, messages);
  }, [messages, busy]);

  useEffect(() => {
    const list = listRef.current;
    if (list && stickToBottom.current) list.scrollTop = list.scrollHeight;
  }, [messages, status]);

  const send = (text: string) => {
    stickToBottom.current = true;
    void sendMessage({ text });
  };

  const clear = () => {
    void stop();
    clearError();
    setMessages([]);
  };

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <PanelHeader
        title="Chat"
        onClose={onClose}
        actions={
          messages.length > 0 ? (
            <Button variant="ghost" size="sm" onClick={clear} data-testid="chat-clear">
              Clear
            </Button>
          ) : null
        }
      />
      <div
        ref={listRef}
        role="log"
        aria-label="Conversation"
        onScroll={(e) => {
          const el = e.currentTarget;
          stickToBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
        }}
        className="flex min-h-0 flex-1 flex-col overflow-y-auto p-4"
      >
        {messages.length === 0 ? (
          <div className="my-auto flex flex-col gap-3 text-sm text-neutral-500 dark:text-neutral-400">
            <p>Ask anything about your document. Draftwise reads the current text with every message.</p>
            <div className="flex flex-col items-start gap-1.5">
              {starters.map((starter) => (
                <Button key={starter} size="sm" onClick={() => send(starter)} className="h-auto py-1.5 text-left whitespace-normal">
                  {starter}
                </Button>
              ))}
            </div>
          </div>
        ) : (
          <ol className="flex flex-col gap-5">
            {messages.map((message) => (
              <ChatMessageItem
                key={message.id}
                message={message}
                streaming={busy && message === last && message.role === "assistant"}
                canRegenerate={!busy && message === last && message.role === "assistant"}
                onRegenerate={() => void regenerate()}
              />
            ))}
          </ol>
        )}
        {status === "submitted" ? (
          <p className="mt-4 flex items-center gap-2 text-sm text-neutral-500 dark:text-neutral-400">
            <Spinner /> Thinking…
          </p>
        ) : null}
        {error ? (
          <div role="alert" data-testid="chat-error" className="mt-4 flex flex-col gap-2 rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-800 dark:border-red-500/30 dark:bg-red-500/10 dark:text-red-200">
            <p className="flex items-start gap-2">
              <AlertIcon className="mt-0.5 size-4 shrink-0" />
              <span>{toApiError(error).message}</span>
            </p>
            <Button size="sm" className="self-start" onClick={() => void regenerate()} data-testid="chat-retry">
              <RefreshIcon /> Retry
            </Button>
          </div>
        ) : null}
      </div>
      <ChatComposer busy={busy} onSend={send} onStop={() => void stop()} />
    </div>
  );
}
