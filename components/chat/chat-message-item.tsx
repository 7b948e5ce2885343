"use client";

import { messageText, type AnswerVersion, type ChatMessage } from "@/lib/client/chat-message";
import { SafeMarkdown } from "@/components/markdown/safe-markdown";
import { Button } from "@/components/ui/button";
import { AlertIcon, PenIcon, PlusIcon, RefreshIcon, SendIcon } from "@/components/ui/icons";
import { cn } from "@/lib/utils";
import { AnswerVersions } from "./answer-versions";
import { CopyButton } from "./copy-button";

interface ChatMessageItemProps {
  message: ChatMessage;
  streaming: boolean;
  canRegenerate: boolean;
  onRegenerate: () => void;
  /** Shows another version of a regenerated answer; absent (the switcher disabled) while an answer streams. */
  onShowVersion?: (version: AnswerVersion) => void;
  /** Given for a question left without an answer (it failed or was stopped): answers it in place. */
  onAnswer?: () => void;
  /** Given when the answer was stopped and may be continued now. */
  onContinue?: () => void;
  /** "Apply as changes" and "Insert at cursor": the answer into the document as tracked changes. */
  onApply?: () => void;
  onInsert?: () => void;
}

/** One turn of the conversation: the writer's words as typed, the assistant's as safe Markdown. */
export function ChatMessageItem({ message, streaming, canRegenerate, onRegenerate, onShowVersion, onAnswer, onContinue, onApply, onInsert }: ChatMessageItemProps) {
  const text = messageText(message);
  const status = message.metadata?.status;
  // Stopped by the writer (or the page closed), or cut off by an error: both can be continued.
  const stopped = !streaming && (status === "stopped" || status === "error");
  if (message.role === "user") {
    return (
      <li data-testid="chat-message" data-role="user" data-message-id={message.id} className="flex flex-col items-end gap-1">
        {message.metadata?.selection ? (
          <blockquote
            data-testid="chat-message-selection"
            className="line-clamp-3 max-w-[85%] border-r-4 border-indigo-300 pr-2 text-xs break-words whitespace-pre-wrap text-neutral-500 dark:border-indigo-500/50 dark:text-neutral-400"
          >
            <span className="sr-only">About this selection: </span>
            {message.metadata.selection}
          </blockquote>
        ) : null}
        <div className="max-w-[85%] rounded-2xl rounded-br-md bg-indigo-600 px-3.5 py-2 text-sm leading-6 break-words whitespace-pre-wrap text-white dark:bg-indigo-500">
          <span className="sr-only">You said: </span>
          {text}
        </div>
        {onAnswer ? (
          <p data-testid="unanswered" className="flex items-center gap-1 text-xs text-red-700 dark:text-red-300">
            <AlertIcon className="size-3.5" /> No answer.
            <Button variant="ghost" size="sm" onClick={onAnswer} data-testid="answer-retry" aria-label="Answer this message again">
              <RefreshIcon /> Retry
            </Button>
          </p>
        ) : null}
      </li>
    );
  }
  return (
    <li
      data-testid="chat-message"
      data-role={message.role}
      data-message-id={message.id}
      data-status={streaming ? "streaming" : (status ?? "complete")}
      aria-busy={streaming}
      className="flex flex-col gap-1"
    >
      <span className="sr-only">Draftwise said: </span>
      <div data-testid="chat-message-content" className={cn("min-w-0", streaming && "after:ml-0.5 after:inline-block after:h-4 after:w-1.5 after:animate-pulse after:bg-indigo-500 after:align-middle")}>
        {text ? <SafeMarkdown>{text}</SafeMarkdown> : null}
      </div>
      {stopped && status === "error" ? (
        <p data-testid="interrupted-note" className="text-xs text-amber-800 dark:text-amber-300">
          The answer was interrupted: the connection to the model broke off. What arrived is kept; Continue asks the model to finish it.
        </p>
      ) : null}
      {!streaming && (text || stopped) ? (
        <div className="-ml-2 flex flex-wrap items-center gap-1 text-xs text-neutral-500 dark:text-neutral-400">
          {message.metadata?.versions ? <AnswerVersions versions={message.metadata.versions} shownId={message.id} onShow={onShowVersion} /> : null}
          {stopped ? <StoppedBadge interrupted={status === "error"} /> : null}
          {stopped && onContinue ? (
            <Button variant="ghost" size="sm" onClick={onContinue} aria-label="Continue this answer" data-testid="continue-button">
              <SendIcon /> Continue
            </Button>
          ) : null}
          {text ? <CopyButton text={text} /> : null}
          {text && onApply ? (
            <Button variant="ghost" size="sm" onClick={onApply} data-testid="chat-apply" title="Edit the document as this answer suggests, as changes to review">
              <PenIcon /> Apply as changes
            </Button>
          ) : null}
          {text && onInsert ? (
            <Button variant="ghost" size="sm" onClick={onInsert} data-testid="chat-insert" title="Insert this answer at the cursor, as a suggestion to review">
              <PlusIcon /> Insert at cursor
            </Button>
          ) : null}
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

/** Marks an answer that ended early. */
function StoppedBadge({ interrupted }: { interrupted: boolean }) {
  return (
    <span
      data-testid="stopped-badge"
      title={interrupted ? "This answer was cut off by an error" : "This answer was stopped before it finished"}
      className="ml-2 inline-flex h-5 items-center rounded-full bg-amber-100 px-2 text-[11px] font-medium text-amber-800 dark:bg-amber-500/15 dark:text-amber-300"
    >
      {interrupted ? "Interrupted" : "Stopped"}
    </span>
  );
}
