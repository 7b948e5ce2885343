"use client";

import type { RefObject } from "react";
import type { Editor } from "@tiptap/react";
import type { ApiError } from "@/lib/client/api/error";
import { useConversations } from "@/hooks/use-conversations";
import type { TrackedEdits } from "@/hooks/use-tracked-edits";
import { Button } from "@/components/ui/button";
import { AlertIcon, RefreshIcon } from "@/components/ui/icons";
import { PanelHeader } from "@/components/ui/panel-header";
import { Spinner } from "@/components/ui/spinner";
import { ChatConversation } from "./chat-conversation";
import { ConversationPicker } from "./conversation-picker";

interface ChatPanelProps {
  documentId: string;
  editor: Editor | null;
  model: string | undefined;
  /** Applies or inserts an answer in the document as tracked changes. */
  review: RefObject<TrackedEdits | null>;
  onApiError: (error: ApiError) => void;
  onClose?: () => void;
}

/** The chats about one document, kept on the server: the most recent opens first. */
export function ChatPanel(props: ChatPanelProps) {
  // Another document starts from scratch: its own list, nothing of the last one's chat.
  return <DocumentChats key={props.documentId} {...props} />;
}

function DocumentChats({ documentId, editor, model, review, onApiError, onClose }: ChatPanelProps) {
  const chats = useConversations(documentId);
  const { load } = chats;

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <PanelHeader
        title="Chat"
        onClose={onClose}
        actions={
          load.state === "ready" ? (
            <ConversationPicker
              conversations={chats.conversations}
              activeId={load.active.id}
              onOpen={chats.open}
              onNew={chats.startNew}
              onRename={chats.rename}
              onDelete={chats.remove}
            />
          ) : null
        }
      />
      {load.state === "loading" ? (
        <p role="status" data-testid="chat-loading" className="m-auto flex items-center gap-2 text-sm text-neutral-500 dark:text-neutral-400">
          <Spinner /> Loading chat…
        </p>
      ) : load.state === "error" ? (
        <div role="alert" className="m-auto flex max-w-64 flex-col items-center gap-3 p-4 text-center text-sm text-neutral-600 dark:text-neutral-300">
          <p className="flex items-start gap-2">
            <AlertIcon className="mt-0.5 size-4 shrink-0 text-red-600 dark:text-red-400" />
            <span>{load.error.message}</span>
          </p>
          <Button size="sm" onClick={chats.retry}>
            <RefreshIcon /> Try again
          </Button>
        </div>
      ) : (
        <ChatConversation
          key={load.active.key}
          conversation={load.active}
          documentId={documentId}
          editor={editor}
          model={model}
          review={review}
          onApiError={onApiError}
          onCreate={chats.create}
          onAnswered={(id) => void chats.refresh(id)}
        />
      )}
    </div>
  );
}
