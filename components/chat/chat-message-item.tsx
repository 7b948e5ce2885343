"use client";

import type { UIMessage } from "ai";
import { SafeMarkdown } from "@/components/markdown/safe-markdown";
import { Button } from "@/components/ui/button";
import { RefreshIcon } from "@/components/ui/icons";
import { cn } from "@/lib/utils";
import { CopyButton } from "./copy-button";

export type ChatMessage = UIMessage<{ model?: string }>;

export function messageText(message: ChatMessage): string {
  return message.parts.map((part) => (part.type === "text" ? part.text : "")).join("");
}

interface ChatMessageItemProps {
  message: ChatMessage;
  streaming: boolean;
  canRegenerate: boolean;
  onRegenerate: () => void;
}

/** One turn of the conversation: the writer's words as typed, the assistant's as safe Markdown. */
export function ChatMessageItem({ message, streaming, canRegenerate, onRegenerate }: ChatMessageItemProps) {
  const text = messageText(message);
  if (message.role === "user") {
    return (
      <li data-testid="chat-message" data-role="user" data-message-id={message.id} className="flex justify-end">
        <div className="max-w-[85%] rounded-2xl rounded-br-md bg-indigo-600 px-3.5 py-2 text-sm leading-6 break-words whitespace-pre-wrap text-white dark:bg-indigo-500">
          <span className="sr-only">You said: </span>
          {text}
        </div>
      </li>
    );
  }
  return (
    <li data-testid="chat-message" data-role={message.role} data-message-id={message.id} aria-busy={streaming} className="flex flex-col gap-1">
      <span className="sr-only">Draftwise said: </span>
      <div data-testid="chat-message-content" className={cn("min-w-0", streaming && "after:ml-0.5 after:inline-block after:h-4 after:w-1.5 after:animate-pulse after:bg-indigo-500 after:align-middle")}>
        {text ? <SafeMarkdown>{text}</SafeMarkdown> : null}
      </div>
      {!streaming && text ? (
        <div className="-ml-2 flex items-center gap-1 text-xs text-neutral-500 dark:text-neutral-400">
          <CopyButton text={text} />
          {canRegenerate ? (
            <Button variant="ghost" size="sm" onClick={onRegenerate} data-testid="chat-regenerate">
              <RefreshIcon /> Regenerate
            </Button>
          ) : null}
          {message.metadata?.model ? <span className="ml-auto pr-1 text-[11px] text-neutral-400 dark:text-neutral-500">{message.metadata.model}</span> : null}
        </div>
      ) : null}
    </li>
  );
}
