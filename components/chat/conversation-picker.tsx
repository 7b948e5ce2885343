"use client";

import { useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import type { ConversationSummaryJson } from "@/lib/contracts/conversations";
import { limits } from "@/lib/contracts/limits";
import type { ApiError } from "@/lib/client/api/error";
import { Button } from "@/components/ui/button";
import { IconButton } from "@/components/ui/icon-button";
import { CheckIcon, ChevronDownIcon, PenIcon, PlusIcon, TrashIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { Menu, type MenuCloseReason, type MenuItem } from "@/components/ui/menu";

/** What a chat is called until the server (or the writer) gives it a title. */
const untitledChat = "New chat";

interface ConversationPickerProps {
  conversations: ConversationSummaryJson[];
  /** The open chat; null for a new chat that has no message yet. */
  activeId: string | null;
  onOpen: (id: string) => void;
  onNew: () => void;
  onRename: (id: string, title: string) => Promise<ApiError | null>;
  onDelete: (id: string) => Promise<ApiError | null>;
}

type Mode = "idle" | "menu" | "rename" | "delete";

const isPickerButton = (target: Element) => target.closest("[data-conversation-menu-button]") !== null;

/** Switches between the document's chats, starts a new one, renames or deletes the open one. */
export function ConversationPicker({ conversations, activeId, onOpen, onNew, onRename, onDelete }: ConversationPickerProps) {
  const [mode, setMode] = useState<Mode>("idle");
  const [error, setError] = useState<string | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const active = conversations.find((c) => c.id === activeId);
  const title = active?.title || untitledChat;

  const backToButton = () => {
    setMode("idle");
    setError(null);
    // After the menu or the inline form closes, focus returns to the button that opened it.
    requestAnimationFrame(() => buttonRef.current?.focus());
  };

  const closeMenu = (reason: MenuCloseReason) => {
    if (reason === "outside") setMode("idle");
    else backToButton();
  };

  const items: MenuItem[] = [
    ...conversations.map((c) => ({
      id: c.id,
      label: c.title || untitledChat,
      testId: "conversation-option",
      trailing: c.id === activeId ? <CurrentMark /> : undefined,
      onSelect: () => {
        backToButton();
        if (c.id !== activeId) onOpen(c.id);
      },
    })),
    {
      id: "new",
      label: "New chat",
      icon: <PlusIcon />,
      testId: "conversation-new",
      onSelect: () => {
        backToButton();
        onNew();
      },
    },
    ...(active
      ? [
          { id: "rename", label: "Rename chat…", icon: <PenIcon />, testId: "conversation-rename", onSelect: () => setMode("rename") },
          { id: "delete", label: "Delete chat…", icon: <TrashIcon />, testId: "conversation-delete", onSelect: () => setMode("delete") },
        ]
      : []),
  ];

  const run = async (action: () => Promise<ApiError | null>) => {
    const failed = await action();
    if (failed) setError(failed.message);
    else backToButton();
  };

  return (
    <div data-testid="conversation-picker" className="relative flex min-w-0 items-center gap-0.5">
      {mode === "rename" && active ? (
        <RenameForm title={active.title} error={error} onCancel={backToButton} onSave={(next) => void run(() => onRename(active.id, next))} />
      ) : mode === "delete" && active ? (
        <div
          role="group"
          aria-label="Delete chat"
          className="flex items-center gap-1"
          onKeyDown={(e) => {
            if (e.key !== "Escape") return;
            e.stopPropagation();
            backToButton();
          }}
        >
          <span className="text-[13px] text-neutral-600 dark:text-neutral-300">{error ?? "Delete this chat?"}</span>
          <Button variant="danger" size="sm" autoFocus onClick={() => void run(() => onDelete(active.id))} data-testid="conversation-delete-confirm">
            Delete
          </Button>
          <Button variant="ghost" size="sm" onClick={backToButton} data-testid="conversation-delete-cancel">
            Cancel
          </Button>
        </div>
      ) : (
        <>
          <Button
            ref={buttonRef}
            variant="ghost"
            size="sm"
            aria-haspopup="menu"
            aria-expanded={mode === "menu"}
            aria-label={`Chat: ${title}. Switch, rename or delete`}
            data-conversation-menu-button
            data-testid="conversation-picker-button"
            onClick={() => setMode((m) => (m === "menu" ? "idle" : "menu"))}
            className="max-w-44 min-w-0"
          >
            <span className="truncate">{title}</span>
            <ChevronDownIcon className="text-neutral-400" />
          </Button>
          <IconButton size="sm" label="New chat" onClick={onNew} data-testid="new-chat">
            <PlusIcon />
          </IconButton>
        </>
      )}
      {mode === "menu" ? (
        <Menu
          label="Chats about this document"
          testId="conversation-menu"
          items={items}
          onClose={closeMenu}
          isInside={isPickerButton}
          className="absolute top-full right-0 z-20 mt-1 max-h-80 w-64 overflow-y-auto"
        />
      ) : null}
    </div>
  );
}

function CurrentMark() {
  return (
    <>
      <CheckIcon className="text-indigo-600 dark:text-indigo-400" />
      <span className="sr-only">(open)</span>
    </>
  );
}

interface RenameFormProps {
  title: string;
  error: string | null;
  onSave: (title: string) => void;
  onCancel: () => void;
}

/** Enter saves, Escape cancels. */
function RenameForm({ title, error, onSave, onCancel }: RenameFormProps) {
  const [value, setValue] = useState(title);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = value.trim();
    if (next && next !== title) onSave(next);
    else onCancel();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      onCancel();
    }
  };
  return (
    <form onSubmit={submit} className="flex items-center gap-1">
      <Input
        label="Chat title"
        hideLabel
        autoFocus
        value={value}
        maxLength={limits.conversationTitleChars}
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={onKeyDown}
        onFocus={(e) => e.currentTarget.select()}
        error={error ?? undefined}
        className="h-8 w-44 text-[13px]"
        data-testid="conversation-title-input"
      />
      <Button type="submit" variant="ghost" size="sm" data-testid="conversation-rename-save">
        Save
      </Button>
    </form>
  );
}
