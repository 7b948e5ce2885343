"use client";

import { useRef, type MouseEvent, type ReactNode } from "react";
import { useEditorState, type Editor } from "@tiptap/react";
import { headingLevels } from "@/lib/documents/schema";
import { useRovingFocus } from "@/hooks/use-roving-focus";
import { Button } from "@/components/ui/button";
import { IconButton } from "@/components/ui/icon-button";
import {
  BoldIcon,
  BulletListIcon,
  ItalicIcon,
  LinkIcon,
  OrderedListIcon,
  QuoteIcon,
  RedoIcon,
  SearchIcon,
  SparklesIcon,
  UndoIcon,
} from "@/components/ui/icons";

interface EditorToolbarProps {
  editor: Editor | null;
  aiMenuOpen: boolean;
  onOpenAiMenu: (button: HTMLElement) => void;
  linkOpen: boolean;
  onOpenLink: () => void;
  findOpen: boolean;
  onOpenFind: () => void;
  /** Controls after the AI actions (the AI text toggle). */
  children?: ReactNode;
}

interface Tool {
  label: string;
  icon: ReactNode;
  on: boolean | undefined;
  run: () => void;
  /** For aria-keyshortcuts. */
  keys?: string;
  testId?: string;
}

function Divider() {
  return <span aria-hidden="true" className="mx-1 h-5 w-px bg-neutral-200 dark:bg-neutral-800" />;
}

/** Formatting buttons (one Tab stop, arrow keys between them) and the entry point to the AI actions. */
export function EditorToolbar(props: EditorToolbarProps) {
  const { editor, aiMenuOpen, onOpenAiMenu } = props;
  const toolbarRef = useRef<HTMLDivElement>(null);
  const roving = useRovingFocus(toolbarRef);
  const active = useEditorState({
    editor,
    // The prop, not the snapshot's editor: after Tiptap swaps instances the snapshot can
    // still hold the destroyed one until the next transaction.
    selector: () => {
      const live = editor && !editor.isDestroyed ? editor : null;
      return {
        bold: live?.isActive("bold") ?? false,
        italic: live?.isActive("italic") ?? false,
        heading: live?.getAttributes("heading").level as number | undefined,
        link: live?.isActive("link") ?? false,
        bulletList: live?.isActive("bulletList") ?? false,
        orderedList: live?.isActive("orderedList") ?? false,
        blockquote: live?.isActive("blockquote") ?? false,
        canUndo: live?.can().undo() ?? false,
        canRedo: live?.can().redo() ?? false,
      };
    },
  });
  const chain = () => editor?.chain().focus();
  const format: Tool[] = [
    { label: "Bold", icon: <BoldIcon />, on: active?.bold, run: () => chain()?.toggleBold().run() },
    { label: "Italic", icon: <ItalicIcon />, on: active?.italic, run: () => chain()?.toggleItalic().run() },
    ...headingLevels.map((level) => ({
      label: `Heading ${level}`,
      icon: <span className="text-xs font-semibold">H{level}</span>,
      on: active?.heading === level,
      keys: `Control+Alt+${level} Meta+Alt+${level}`,
      testId: `heading-${level}`,
      run: () => chain()?.toggleHeading({ level }).run(),
    })),
    { label: "Bulleted list", icon: <BulletListIcon />, on: active?.bulletList, run: () => chain()?.toggleBulletList().run() },
    { label: "Numbered list", icon: <OrderedListIcon />, on: active?.orderedList, run: () => chain()?.toggleOrderedList().run() },
    { label: "Quote", icon: <QuoteIcon />, on: active?.blockquote, run: () => chain()?.toggleBlockquote().run() },
    { label: "Link (Ctrl+K / ⌘K)", icon: <LinkIcon />, on: active?.link, keys: "Control+K Meta+K", run: props.onOpenLink, testId: "link-button" },
  ];
  const tools: Tool[] = [
    { label: "Find and replace (Ctrl+F / ⌘F)", icon: <SearchIcon />, on: props.findOpen, keys: "Control+F Meta+F Control+H Meta+H", run: props.onOpenFind, testId: "find-button" },
  ];
  const toolButton = (item: Tool) => (
    <IconButton
      key={item.label}
      label={item.label}
      active={item.on}
      aria-pressed={item.on}
      aria-keyshortcuts={item.keys}
      disabled={!editor}
      onClick={item.run}
      data-testid={item.testId}
    >
      {item.icon}
    </IconButton>
  );

  return (
    <div className="flex h-12 shrink-0 items-center gap-0.5 border-b border-neutral-200 px-2 sm:px-3 dark:border-neutral-800">
      <div ref={toolbarRef} role="toolbar" aria-label="Formatting" className="flex items-center gap-0.5 overflow-x-auto" {...roving}>
        {format.map(toolButton)}
        <Divider />
        {tools.map(toolButton)}
        {/* Between the side panels the column is narrow: Ctrl/⌘+Z and Shift+Z there (a wide screen has a keyboard). */}
        <span className="contents xl:max-2xl:hidden">
          <Divider />
          <IconButton label="Undo" disabled={!active?.canUndo} onClick={() => chain()?.undo().run()}>
            <UndoIcon />
          </IconButton>
          <IconButton label="Redo" disabled={!active?.canRedo} onClick={() => chain()?.redo().run()}>
            <RedoIcon />
          </IconButton>
        </span>
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
        <SparklesIcon /> AI<span className="max-sm:sr-only xl:max-2xl:sr-only"> actions</span>
      </Button>
      {props.children}
    </div>
  );
}
