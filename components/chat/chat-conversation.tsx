"use client";

import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from "react";
import { useChat } from "@ai-sdk/react";
import { DefaultChatTransport } from "ai";
import type { Editor } from "@tiptap/react";
import { limits } from "@/lib/contracts/limits";
import { toApiError, type ApiError } from "@/lib/client/api/error";
import { addVersion, messageText, showVersion, type AnswerVersion, type ChatMessage } from "@/lib/client/chat-message";
import { clampDocument, documentText } from "@/lib/client/editor/content";
import { useChatEdits } from "@/hooks/use-chat-edits";
import type { ActiveConversation } from "@/hooks/use-conversations";
import type { TrackedEdits } from "@/hooks/use-tracked-edits";
import { useContinueAnswer, withStatus } from "@/hooks/use-continue-answer";
import { Button } from "@/components/ui/button";
import { ModelErrorAlert } from "@/components/model/model-error-alert";
import { ModelWait } from "@/components/model/model-wait";
import { ChatComposer } from "./chat-composer";
import { ChatMessageItem } from "./chat-message-item";

interface ChatConversationProps {
  conversation: ActiveConversation;
  documentId: string;
  editor: Editor | null;
  model: string | undefined;
  review: RefObject<TrackedEdits | null>;
  onApiError: (error: ApiError) => void;
  /** Creates the stored conversation when a new chat sends its first message; resolves to its id. */
  onCreate: (key: string) => Promise<string>;
  /** An answer ended (or stopped): the conversation may have a title now. */
  onAnswered: (id: string) => void;
}

/** The server's address of a chat's answer in progress: GET reattaches to it, DELETE stops it. */
const answerStreamUrl = (conversationId: string) => `/api/chat/${encodeURIComponent(conversationId)}/stream`;

/** How long after a lost connection the chat tries to reattach to the answer. */
const reconnectDelayMs = 1_000;

const starters = ["Summarize my document in three bullet points", "Suggest a stronger opening line", "What is unclear or missing in my draft?"];

/** A message as sent: its selection travels once, as the request's `selection`. */
function withoutSelection(message: ChatMessage): ChatMessage {
  if (!message.metadata?.selection) return message;
  const { selection: _selection, ...metadata } = message.metadata;
  return { ...message, metadata };
}

/** One stored conversation about the document; every request carries the document's current text. */
export function ChatConversation({ conversation, documentId, editor, model, review, onApiError, onCreate, onAnswered }: ChatConversationProps) {
  // The stored conversation's id is also the id of its answer stream on the server, so a
  // reload (which opens the conversation by that id) reattaches to the answer in progress.
  // Only a conversation whose last stored message is a question (or none, when nothing is
  // stored) can have an answer still being written; a finished one has nothing to resume.
  const [resume] = useState(() => conversation.id !== null && (conversation.messages.at(-1)?.role ?? "user") === "user");
  // Resolved per request, so the model always sees the document as it is now.
  const requestBody = useCallback(
    () => ({
      ...(editor ? { document: clampDocument(documentText(editor)) } : {}),
      ...(model ? { model } : {}),
    }),
    [editor, model],
  );
  const transport = useMemo(
    () =>
      new DefaultChatTransport<ChatMessage>({
        api: "/api/chat",
        body: requestBody,
        // The API takes at most `limits.messages`; a long conversation sends its latest part.
        // A new chat is stored when its first message is sent, so empty chats don't pile up.
        prepareSendMessagesRequest: async ({ messages, trigger, messageId, body }) => {
          const id = conversation.id ?? (await onCreate(conversation.key));
          // The passage asked about goes with its question (also on Regenerate), once: not in every message's metadata.
          const latest = messages.findLast((m) => m.role === "user");
          const selection = latest?.metadata?.selection;
          return {
            body: {
              ...body,
              id,
              messages: messages.slice(-limits.messages).map(withoutSelection),
              ...(selection ? { selection } : {}),
              trigger,
              messageId,
              conversation_id: id,
              document_id: documentId,
            },
          };
        },
        prepareReconnectToStreamRequest: () => (conversation.id ? { api: answerStreamUrl(conversation.id) } : {}),
      }),
    [requestBody, documentId, onCreate, conversation.id, conversation.key],
  );
  const reconnectTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // The answer Regenerate replaces: it stays as a version of the new one (and comes back if the new one fails).
  const replaced = useRef<ChatMessage | null>(null);
  useEffect(() => () => clearTimeout(reconnectTimer.current), []);
  const { messages, status, error, sendMessage, regenerate, stop, setMessages, clearError, resumeStream } = useChat<ChatMessage>({
    id: conversation.key,
    messages: conversation.messages,
    transport,
    // A reload mid-answer picks the answer up where the server is (it keeps generating).
    resume,
    onError: (e) => onApiError(toApiError(e)),
    onFinish: ({ message, isAbort, isError, isDisconnect }) => {
      // The connection dropped, not the answer: reattach to it once the network is back.
      if (isDisconnect && conversation.id) {
        reconnectTimer.current = setTimeout(() => void resumeStream(), reconnectDelayMs);
        return;
      }
      // Marked as the server stores it (the ids match: the server sends its id first), so a
      // stopped or cut-off answer offers Continue at once, not only after a reload.
      if ((isAbort || isError) && messageText(message)) {
        setMessages((all) => all.map((m) => (m.id === message.id ? withStatus(m, isAbort ? "stopped" : "error") : m)));
      }
      // After Regenerate: the new answer lists the replaced one among its versions; when the new
      // one brought nothing (it failed), the replaced answer comes back as it was.
      const previous = replaced.current;
      replaced.current = null;
      if (previous) {
        setMessages((all) => {
          const newest = all.at(-1);
          if (messageText(message) && newest?.id === message.id) {
            return all.map((m) => (m.id === message.id ? { ...m, metadata: { ...m.metadata, versions: addVersion(previous, m) } } : m));
          }
          return newest?.role === "user" ? [...all, previous] : all;
        });
      }
      if (conversation.id) onAnswered(conversation.id);
    },
  });
  const updateMessage = useCallback(
    (id: string, change: (message: ChatMessage) => ChatMessage) => setMessages((all) => all.map((m) => (m.id === id ? change(m) : m))),
    [setMessages],
  );
  const insertAfter = useCallback(
    (id: string, message: ChatMessage) => setMessages((all) => all.flatMap((m) => (m.id === id ? [m, message] : [m]))),
    [setMessages],
  );
  const removeMessage = useCallback((id: string) => setMessages((all) => all.filter((m) => m.id !== id)), [setMessages]);
  const continuation = useContinueAnswer({ update: updateMessage, insertAfter, remove: removeMessage });

  const answering = status === "submitted" || status === "streaming";
  const busy = answering || continuation.continuingId !== null;
  const last = messages.at(-1);
  const listRef = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);

  useEffect(() => {
    const list = listRef.current;
    if (list && stickToBottom.current) list.scrollTop = list.scrollHeight;
  }, [messages, status]);

  const chatEdits = useChatEdits(editor, review);

  const send = (text: string) => {
    stickToBottom.current = true;
    continuation.clearFailure();
    chatEdits.clearNotice();
    const attached = chatEdits.take();
    void sendMessage(attached ? { text, metadata: { selection: attached.markdown } } : { text });
  };

  /** The question an answer replies to: the user message before it. */
  const questionOf = (answer: ChatMessage) => {
    const question = messages.slice(0, messages.indexOf(answer)).findLast((m) => m.role === "user");
    return { text: question ? messageText(question) : "", selection: question?.metadata?.selection };
  };

  /** Regenerate: the answer replaced stays, as a version of the new one. */
  const regenerateAnswer = () => {
    const shown = messages.at(-1);
    replaced.current = shown?.role === "assistant" && messageText(shown) ? shown : null;
    void regenerate();
  };

  /** Shows another version of a regenerated answer; the server remembers it, and the conversation goes on from it. */
  const switchVersion = (message: ChatMessage, version: AnswerVersion) => {
    updateMessage(message.id, (m) => showVersion(m, version));
    if (conversation.id) {
      const url = `/api/conversations/${encodeURIComponent(conversation.id)}/messages/${encodeURIComponent(version.id)}/show`;
      void fetch(url, { method: "POST" }).catch(() => {});
    }
  };

  /** Answers a question whose answer failed, in place (a later question may follow it). */
  const answerAgain = (question: ChatMessage) => {
    if (!conversation.id) return;
    clearError();
    void continuation.answer(conversation.id, question, requestBody()).then((result) => {
      if (result.outcome === "error" && result.error) onApiError(result.error);
    });
  };

  /**
   * Stop ends the answer on the server too: a dropped connection no longer does (the server
   * keeps generating so a reload can reattach), so the browser says so explicitly.
   */
  const stopAnswer = () => {
    if (continuation.continuingId) return continuation.stop();
    clearTimeout(reconnectTimer.current);
    void stop();
    if (conversation.id) void fetch(answerStreamUrl(conversation.id), { method: "DELETE", keepalive: true }).catch(() => {});
  };

  const continueAnswer = (message: ChatMessage) => {
    if (!conversation.id) return;
    clearError();
    void continuation.start(conversation.id, message, requestBody()).then((result) => {
      if (result.outcome === "error" && result.error) onApiError(result.error);
    });
  };

  const failed = continuation.failure ? messages.find((m) => m.id === continuation.failure?.messageId) : undefined;
  // An answer cut off mid-way keeps what arrived: the answer itself says it was interrupted and offers Continue.
  const interrupted = error !== undefined && last?.role === "assistant" && last.metadata?.status === "error";
  // Once per error, so its retry countdown keeps one deadline across renders.
  const streamFailure = useMemo(() => (error ? toApiError(error) : null), [error]);
  const failure: ApiError | null = streamFailure && !interrupted ? streamFailure : (continuation.failure?.error ?? null);
  const retryFailure = () => {
    if (error && !interrupted) regenerateAnswer();
    else if (failed) continueAnswer(failed);
    else continuation.clearFailure();
  };
  /**
   * A question left without an answer (it failed): before the next question, or last once nothing is
   * being answered and no error is showing (after a reload). It can be answered in place.
   */
  const unanswered = (message: ChatMessage, index: number) => {
    if (message.role !== "user" || continuation.continuingId !== null) return false;
    const next = messages[index + 1];
    return next ? next.role === "user" : !error && status === "ready";
  };

  return (
    <>
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
                <Button key={starter} size="sm" onClick={() => send(starter)} className="h-auto max-w-full py-1.5 text-left whitespace-normal">
                  {starter}
                </Button>
              ))}
            </div>
          </div>
        ) : (
          <ol className="flex flex-col gap-5">
            {messages.map((message, index) => (
              <ChatMessageItem
                key={message.id}
                message={message}
                streaming={(answering && message === last && message.role === "assistant") || continuation.continuingId === message.id}
                canRegenerate={!busy && message === last && message.role === "assistant"}
                onRegenerate={regenerateAnswer}
                onShowVersion={busy ? undefined : (version) => switchVersion(message, version)}
                onAnswer={!busy && conversation.id && unanswered(message, index) ? () => answerAgain(message) : undefined}
                onContinue={!busy && conversation.id ? () => continueAnswer(message) : undefined}
                onApply={editor ? () => chatEdits.apply(questionOf(message), messageText(message)) : undefined}
                onInsert={editor ? () => chatEdits.insert(messageText(message), message.metadata?.model) : undefined}
              />
            ))}
          </ol>
        )}
        {status === "submitted" ? <ModelWait label="Thinking…" model={model} onStop={stopAnswer} className="mt-4" /> : null}
        {failure ? (
          <ModelErrorAlert key={failure.message} error={failure} testId="chat-error" retryTestId="chat-retry" className="mt-4" onRetry={retryFailure} />
        ) : null}
      </div>
      {chatEdits.notice ? (
        <p role="status" data-testid="chat-edit-notice" className="border-t border-neutral-200 px-4 py-2 text-xs text-neutral-600 dark:border-neutral-800 dark:text-neutral-300">
          {chatEdits.notice}
        </p>
      ) : null}
      <ChatComposer
        busy={busy}
        onSend={send}
        onStop={stopAnswer}
        attached={chatEdits.attached?.markdown ?? null}
        onAttach={editor ? chatEdits.attach : undefined}
        onDetach={chatEdits.detach}
      />
    </>
  );
}
