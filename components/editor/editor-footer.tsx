"use client";

import { useEffect, useState } from "react";
import Link from "next/link";
import type { Editor } from "@tiptap/react";
import { countWords } from "@/lib/text";
import type { SaveState, SaveStatus } from "@/lib/client/editor/autosave";
import { focusModeShortcut } from "@/hooks/use-focus-mode";
import { useRecount } from "@/hooks/use-recount";
import { Button } from "@/components/ui/button";
import { AlertIcon, CheckIcon, FocusIcon } from "@/components/ui/icons";
import { Spinner } from "@/components/ui/spinner";
import { cn } from "@/lib/utils";

const saveLabels: Record<SaveStatus, string> = {
  saved: "Saved",
  saving: "Saving…",
  offline: "Offline — changes kept on this device",
  conflict: "Conflict",
  error: "Not saved",
};

function SaveIcon({ status }: { status: SaveStatus }) {
  if (status === "saving") return <Spinner className="size-3" />;
  if (status === "saved") return <CheckIcon className="size-3.5 text-emerald-600 dark:text-emerald-400" />;
  return <AlertIcon className={cn("size-3.5", status === "offline" ? "text-amber-600 dark:text-amber-400" : "text-red-600")} />;
}

const textWords = (editor: Editor) => countWords(editor.getText());

/** The document's word count, recounted after a pause once its text changed (not on every keystroke). */
function useWordCount(editor: Editor | null): number {
  return useRecount(editor, textWords) ?? 0;
}

interface SelectionCount {
  words: number;
  characters: number;
}

/** Words and characters in the selection, or null with none; counted once per frame, reading only the selection. */
function useSelectionCount(editor: Editor | null): SelectionCount | null {
  const [count, setCount] = useState<SelectionCount | null>(null);
  useEffect(() => {
    if (!editor) return;
    let frame: number | undefined;
    const measure = () => {
      frame = undefined;
      if (editor.isDestroyed) return;
      const { from, to, empty } = editor.state.selection;
      if (empty) return setCount(null);
      const text = editor.state.doc.textBetween(from, to, " ", " ");
      setCount((current) => {
        const next = { words: countWords(text), characters: text.length };
        return current?.words === next.words && current.characters === next.characters ? current : next;
      });
    };
    const onSelection = () => {
      if (editor.state.selection.empty) {
        if (frame !== undefined) window.cancelAnimationFrame(frame);
        frame = undefined;
        return setCount(null);
      }
      frame ??= window.requestAnimationFrame(measure);
    };
    editor.on("selectionUpdate", onSelection);
    return () => {
      editor.off("selectionUpdate", onSelection);
      if (frame !== undefined) window.cancelAnimationFrame(frame);
    };
  }, [editor]);
  return editor ? count : null;
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

interface EditorFooterProps {
  editor: Editor | null;
  saveState: SaveState;
  /** A guest's work lives in this browser's session: the footer asks them to sign up. */
  guest: boolean;
  focusMode: boolean;
  onToggleFocusMode: () => void;
}

/** Word count (and the selection's), focus mode, and whether the document is safely saved. */
export function EditorFooter({ editor, saveState, guest, focusMode, onToggleFocusMode }: EditorFooterProps) {
  const words = useWordCount(editor);
  const selection = useSelectionCount(editor);
  const { status, error } = saveState;
  return (
    <footer className="flex h-10 shrink-0 items-center justify-between gap-4 border-t border-neutral-200 px-4 text-xs text-neutral-500 sm:px-6 dark:border-neutral-800 dark:text-neutral-400">
      <span className="flex min-w-0 items-center gap-3">
        <span data-testid="word-count" className="shrink-0 whitespace-nowrap">
          {plural(words, "word", "words")}
        </span>
        {selection ? (
          <span data-testid="selection-count" className="truncate text-neutral-700 dark:text-neutral-300">
            Selected: {plural(selection.words, "word", "words")}, {plural(selection.characters, "character", "characters")}
          </span>
        ) : null}
      </span>
      {/* A selection's count takes the guest line's place while there is one: the footer is one short line. */}
      {guest && !selection ? (
        <p data-testid="guest-banner" className="ml-auto min-w-0 shrink-[4] truncate text-indigo-800 dark:text-indigo-300">
          Guest —{" "}
          <Link href="/sign-up" className="font-medium underline underline-offset-2">
            sign up to keep your work
          </Link>
        </p>
      ) : null}
      {/* The side panels are drawers on small screens: nothing to hide there. */}
      <Button
        size="sm"
        variant="ghost"
        className={cn("h-7 px-2 text-xs max-xl:hidden", !guest && "ml-auto")}
        aria-pressed={focusMode}
        aria-keyshortcuts={focusModeShortcut.keys}
        title={`Focus mode: hide the side panels (${focusModeShortcut.label})`}
        onClick={onToggleFocusMode}
        data-testid="focus-mode-button"
      >
        <FocusIcon />
        <span className="xl:max-2xl:sr-only">{focusMode ? "Exit focus mode" : "Focus mode"}</span>
      </Button>
      {/* Announced only when saving is in trouble: "Saving…" / "Saved" after every pause would be noise. */}
      <span role="status" className="sr-only">
        {status === "saved" || status === "saving" ? "" : saveLabels[status]}
      </span>
      <span
        data-testid="save-state"
        data-state={status}
        title={error?.message}
        className={cn("inline-flex min-w-0 items-center gap-1.5 whitespace-nowrap", status === "offline" && "text-amber-700 dark:text-amber-300")}
      >
        <SaveIcon status={status} />
        <span className="truncate">
          {saveLabels[status]}
          {status === "error" && error ? `: ${error.message}` : null}
        </span>
      </span>
    </footer>
  );
}
