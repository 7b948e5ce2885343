"use client";

import { useCallback, useEffect, useState } from "react";
import type { Editor } from "@tiptap/react";
import type { Transaction } from "@tiptap/pm/state";

/** Long enough to read and reach the button; typing or any other change ends it sooner. */
const UNDO_TOAST_MS = 10_000;

/**
 * An "Inserted … — Undo" notice for a change that is the editor's last undo step: shown until the
 * document changes again (Undo would then undo something else) or the time runs out.
 */
export function useUndoToast(editor: Editor | null) {
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    if (!editor || message === null) return;
    const timer = window.setTimeout(() => setMessage(null), UNDO_TOAST_MS);
    const onTransaction = ({ transaction }: { transaction: Transaction }) => {
      if (transaction.docChanged) setMessage(null);
    };
    // Subscribed after the insert's own transaction, which has already run.
    editor.on("transaction", onTransaction);
    return () => {
      window.clearTimeout(timer);
      editor.off("transaction", onTransaction);
    };
  }, [editor, message]);

  const undo = useCallback(() => {
    setMessage(null);
    editor?.chain().focus().undo().run();
  }, [editor]);

  return { message, show: setMessage, undo, dismiss: () => setMessage(null) };
}
