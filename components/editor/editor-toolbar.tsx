"use client";

import type { MouseEvent } from "react";
import { useEditorState, type Editor } from "@tiptap/react";
import { Button } from "@/components/ui/button";
import { IconButton } from "@/components/ui/icon-button";
import {
  BoldIcon,
  BulletListIcon,
  HeadingIcon,
  ItalicIcon,
  OrderedListIcon,
  QuoteIcon,
  RedoIcon,
  SparklesIcon,
  UndoIcon,
} from "@/components/ui/icons";

interface EditorToolbarProps {
  editor: Editor | null;
  aiMenuOpen: boolean;
  onOpenAiMenu: (button: HTMLElement) => void;
}

function Divider() {
  return <span aria-hidden="true" className="mx-1 h-5 w-px bg-neutral-200 dark:bg-neutral-800" />;
}

/** Formatting buttons and the entry point to the AI actions. */
export function EditorToolbar({ editor, aiMenuOpen, onOpenAiMenu }: EditorToolbarProps) {
  const active = useEditorState({
    editor,
    // The prop, not the snapshot's editor: after Tiptap swaps instances the snapshot can
    // still hold the destroyed one until the next transaction.
    selector: () => {
      const live = editor && !editor.isDestroyed ? editor : null;
      return {
        bold: live?.isActive("bold") ?? false,
        italic: live?.isActive("italic") ?? false,
        heading: live?.isActive("heading", { level: 2 }) ?? false,
        bulletList: live?.isActive("bulletList") ?? false,
        orderedList: live?.isActive("orderedList") ?? false,
        blockquote: live?.isActive("blockquote") ?? false,
        canUndo: live?.can().undo() ?? false,
        canRedo: live?.can().redo() ?? false,
      };
    },
  });
  const chain = () => editor?.chain().focus();
  const format = [
    { label: "Bold", icon: <BoldIcon />, on: active?.bold, run: () => chain()?.toggleBold().run() },
    { label: "Italic", icon: <ItalicIcon />, on: active?.italic, run: () => chain()?.toggleItalic().run() },
    { label: "Heading", icon: <HeadingIcon />, on: active?.heading, run: () => chain()?.toggleHeading({ level: 2 }).run() },
    { label: "Bulleted list", icon: <BulletListIcon />, on: active?.bulletList, run: () => chain()?.toggleBulletList().run() },
    { label: "Numbered list", icon: <OrderedListIcon />, on: active?.orderedList, run: () => chain()?.toggleOrderedList().run() },
    { label: "Quote", icon: <QuoteIcon />, on: active?.blockquote, run: () => chain()?.toggleBlockquote().run() },
  ];

  return (
    <div className="flex h-12 shrink-0 items-center gap-0.5 border-b border-neutral-200 px-2 sm:px-3 dark:border-neutral-800">
      <div role="group" aria-label="Formatting" className="flex items-center gap-0.5 overflow-x-auto">
        {format.map((item) => (
          <IconButton key={item.label} label={item.label} active={item.on} aria-pressed={item.on} disabled={!editor} onClick={item.run}>
            {item.icon}
          </IconButton>
        ))}
        <Divider />
        <IconButton label="Undo" disabled={!active?.canUndo} onClick={() => chain()?.undo().run()}>
          <UndoIcon />
        </IconButton>
        <IconButton label="Redo" disabled={!active?.canRedo} onClick={() => chain()?.redo().run()}>
          <RedoIcon />
        </IconButton>
      </div>
      <Button
        size="sm"
        variant="secondary"
        className="ml-auto border-indigo-200 text-indigo-700 hover:bg-indigo-50 dark:border-indigo-500/40 dark:text-indigo-300 dark:hover:bg-indigo-500/10"
        aria-haspopup="menu"
        aria-expanded={aiMenuOpen}
        aria-keyshortcuts="Control+J Meta+J"
        title="AI actions on the selection (Ctrl+J / ⌘J)"
        data-testid="ai-actions-button"
        data-ai-actions-trigger=""
        disabled={!editor}
        // Keep the editor's selection visible while the menu opens.
        onMouseDown={(event: MouseEvent) => event.preventDefault()}
        onClick={(event: MouseEvent<HTMLButtonElement>) => onOpenAiMenu(event.currentTarget)}
      >
        <SparklesIcon /> AI actions
      </Button>
    </div>
  );
}
