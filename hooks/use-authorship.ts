"use client";

import { useCallback, useEffect } from "react";
import type { Editor } from "@tiptap/react";
import { setAuthorshipContext } from "@/lib/client/editor/authorship";
import { storageKeys } from "@/lib/client/storage";
import { acceptedByLabel } from "@/lib/editor/authorship/record";
import { type AuthorshipShare, authorshipShare } from "@/lib/editor/authorship/share";
import { useLocalStorage } from "./use-local-storage";
import { useRecount } from "./use-recount";

/** Tells the editor who accepts AI text in it, and whether the record may keep instructions. */
export function useAuthorshipContext(editor: Editor | null, account: { name?: string | null; email?: string | null; is_guest?: boolean; store_content: boolean }): void {
  const acceptedBy = acceptedByLabel(account);
  const { store_content: storeInstructions } = account;
  useEffect(() => {
    if (editor && !editor.isDestroyed) setAuthorshipContext(editor, { acceptedBy, storeInstructions });
  }, [editor, acceptedBy, storeInstructions]);
}

const sameShare = (a: AuthorshipShare, b: AuthorshipShare) => a.words === b.words && a.ai === b.ai && a.edited === b.edited;

/** The document's words by origin, recounted after a pause once it changed (never per keystroke). */
export const useAuthorshipShare = (editor: Editor | null): AuthorshipShare | null => useRecount(editor, (e) => authorshipShare(e.state.doc), sameShare);

const parseFlag = (value: unknown) => (typeof value === "boolean" ? value : undefined);

/** "Show AI text", remembered in this browser. */
export function useShowAiText(): [boolean, () => void] {
  const [on, setOn] = useLocalStorage(storageKeys.showAiText, false, parseFlag);
  const toggle = useCallback(() => setOn((value) => !value), [setOn]);
  return [on, toggle];
}
