"use client";

import { useState, type FormEvent, type KeyboardEvent } from "react";
import { limits } from "@/lib/contracts/limits";
import { Button } from "@/components/ui/button";
import { SendIcon, StopIcon } from "@/components/ui/icons";
import { Textarea } from "@/components/ui/textarea";

interface ChatComposerProps {
  busy: boolean;
  onSend: (text: string) => void;
  onStop: () => void;
}

/** The message box: Enter sends, Shift+Enter starts a new line. */
export function ChatComposer({ busy, onSend, onStop }: ChatComposerProps) {
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

  return (
    <form onSubmit={send} className="flex items-end gap-2 border-t border-neutral-200 p-3 dark:border-neutral-800">
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
    </form>
  );
}
