"use client";

import { useEditorState, type Editor } from "@tiptap/react";
import { countWords } from "@/lib/client/editor/content";
import type { SaveState } from "@/hooks/use-document-editor";
import { AlertIcon, CheckIcon } from "@/components/ui/icons";
import { Spinner } from "@/components/ui/spinner";

const saveLabels: Record<SaveState, string> = {
  saved: "Saved locally",
  saving: "Saving…",
  failed: "Not saved: browser storage is unavailable",
};

/** Word count and whether the document is safely in localStorage. */
export function EditorFooter({ editor, saveState }: { editor: Editor | null; saveState: SaveState }) {
  // The prop, not the snapshot's editor: after Tiptap swaps instances the snapshot can
  // still hold the destroyed one until the next transaction.
  const words = useEditorState({ editor, selector: () => (editor && !editor.isDestroyed ? countWords(editor.getText()) : 0) }) ?? 0;
  return (
    <footer className="flex h-10 shrink-0 items-center justify-between gap-4 border-t border-neutral-200 px-4 text-xs text-neutral-500 sm:px-6 dark:border-neutral-800 dark:text-neutral-400">
      <span data-testid="word-count">
        {words.toLocaleString("en")} {words === 1 ? "word" : "words"}
      </span>
      <span data-testid="save-status" data-state={saveState} className="inline-flex items-center gap-1.5">
        {saveState === "saving" ? <Spinner className="size-3" /> : saveState === "saved" ? <CheckIcon className="size-3.5 text-emerald-600 dark:text-emerald-400" /> : <AlertIcon className="size-3.5 text-red-600" />}
        {saveLabels[saveState]}
      </span>
    </footer>
  );
}
