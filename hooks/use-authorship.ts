"use client";

import { useCallback, useEffect, useState } from "react";
import type { Editor } from "@tiptap/react";
import type { Transaction } from "@tiptap/pm/state";
import { setAuthorshipContext } from "@/lib/client/editor/authorship";
import { storageKeys } from "@/lib/client/storage";
import { acceptedByLabel } from "@/lib/editor/authorship/record";
import { type AuthorshipShare, authorshipShare } from "@/lib/editor/authorship/share";
import { useLocalStorage } from "./use-local-storage";

/** Tells the editor who accepts AI text in it, and whether the record may keep instructions. */
export function useAuthorshipContext(editor: Editor | null, account: { name?: string | null; email?: string | null; is_guest?: boolean; store_content: boolean }): void {
  const acceptedBy = acceptedByLabel(account);
  const { store_content: storeInstructions } = account;
  useEffect(() => {
    if (editor && !editor.isDestroyed) setAuthorshipContext(editor, { acceptedBy, storeInstructions });
  }, [editor, acceptedBy, storeInstructions]);
}

/** The share waits for a pause in typing, like the word count: it reads the whole document. */
const SHARE_DELAY_MS = 300;

/** The document's words by origin, recounted after a pause once it changed (never per keystroke). */
export function useAuthorshipShare(editor: Editor | null): AuthorshipShare | null {
  const [share, setShare] = useState<AuthorshipShare | null>(null);
  useEffect(() => {
    if (!editor) return;
    let timer: number | undefined;
    const count = () => {
      timer = undefined;
      if (editor.isDestroyed) return;
      const next = authorshipShare(editor.state.doc);
      setShare((current) => (current && current.words === next.words && current.ai === next.ai && current.edited === next.edited ? current : next));
    };
    const onTransaction = ({ transaction }: { transaction: Transaction }) => {
      if (!transaction.docChanged) return;
      window.clearTimeout(timer);
      timer = window.setTimeout(count, SHARE_DELAY_MS);
    };
    count();
    editor.on("transaction", onTransaction);
    return () => {
      editor.off("transaction", onTransaction);
      window.clearTimeout(timer);
    };
  }, [editor]);
  return editor ? share : null;
}

const parseFlag = (value: unknown) => (typeof value === "boolean" ? value : undefined);

/** "Show AI text", remembered in this browser. */
export function useShowAiText(): [boolean, () => void] {
  const [on, setOn] = useLocalStorage(storageKeys.showAiText, false, parseFlag);
  const toggle = useCallback(() => setOn((value) => !value), [setOn]);
  return [on, toggle];
}
