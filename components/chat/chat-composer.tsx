"use client";

import { useState, type FormEvent, type KeyboardEvent } from "react";
import { limits } from "@/lib/contracts/limits";
import { Button } from "@/components/ui/button";
import { CloseIcon, QuoteIcon, SendIcon, StopIcon } from "@/components/ui/icons";
import { IconButton } from "@/components/ui/icon-button";
import { Textarea } from "@/components/ui/textarea";

interface ChatComposerProps {
  busy: boolean;
  onSend: (text: string) => void;
  onStop: () => void;
  /** The selection's Markdown attached to the next message, if any. */
  attached: string | null;
  /** "Ask about selection"; absent without a document. */
  onAttach?: () => void;
  onDetach: () => void;
}

/** The message box: Enter sends, Shift+Enter starts a new line; the selection can go with the message. */
export function ChatComposer({ busy, onSend, onStop, attached, onAttach, onDetach }: ChatComposerProps) {
  const [input, setInput] = useState("");
  const canSend = !busy && input.trim() !== "";

  const send = (event?: FormEvent) => {
    event?.preventDefault();
    if (!canSend) return;
    onSend(input.trim());
    setInput("");
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  };

  const attach = () => {
    onAttach?.();
    document.querySelector<HTMLElement>("[data-testid='chat-input']")?.focus();
  };

  return (
    <form onSubmit={send} className="flex flex-col gap-2 border-t border-neutral-200 p-3 dark:border-neutral-800">
      {attached ? (
        <div data-testid="chat-attachment" className="flex items-start gap-1 rounded-lg border-l-4 border-indigo-400 bg-indigo-50 py-1.5 pr-1 pl-2 text-xs text-neutral-700 dark:bg-indigo-500/10 dark:text-neutral-200">
          <span className="sr-only">Asking about this selection: </span>
          <q className="line-clamp-3 flex-1 break-words whitespace-pre-wrap">{attached}</q>
          <IconButton size="sm" label="Remove the selection from the message" onClick={onDetach} data-testid="chat-attachment-remove">
            <CloseIcon />
          </IconButton>
        </div>
      ) : onAttach ? (
        <Button variant="ghost" size="sm" onClick={attach} className="self-start" data-testid="chat-ask-selection" title="Attach the text selected in the document to your next message">
          <QuoteIcon /> Ask about selection
        </Button>
      ) : null}
      <div className="flex items-end gap-2">
        <Textarea
          label="Message"
          hideLabel
          placeholder="Ask about your document…"
          rows={2}
          maxLength={limits.messageChars}
          value={input}
          onChange={(e) => setInput(e.target.value)}
          onKeyDown={onKeyDown}
          wrapperClassName="flex-1"
          className="max-h-40 min-h-10 resize-none"
          data-testid="chat-input"
        />
        {busy ? (
          <Button onClick={onStop} aria-label="Stop answering" data-testid="chat-stop" className="h-10">
            <StopIcon /> Stop
          </Button>
        ) : (
          <Button type="submit" variant="primary" disabled={!canSend} aria-label="Send message" data-testid="chat-send" className="h-10">
            <SendIcon /> Send
          </Button>
        )}
      </div>
    </form>
  );
}
