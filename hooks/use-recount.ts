"use client";

import { useEffect, useRef, useState } from "react";
import type { Editor } from "@tiptap/react";
import type { Transaction } from "@tiptap/pm/state";

/** Counts that read the whole document wait for a pause in typing. */
const RECOUNT_DELAY_MS = 300;

/**
 * A count over the whole document (words, the AI share), taken when the editor arrives and again after
 * a pause once the document changed: never on every keystroke. Null until there is an editor.
 */
export function useRecount<T>(editor: Editor | null, count: (editor: Editor) => T, same: (a: T, b: T) => boolean = Object.is): T | null {
  const [value, setValue] = useState<{ of: T } | null>(null);
  const countRef = useRef(count);
  const sameRef = useRef(same);
  useEffect(() => {
    countRef.current = count;
    sameRef.current = same;
  });
  useEffect(() => {
    if (!editor) return;
    let timer: number | undefined;
    // The prop, not a snapshot's editor: after Tiptap swaps instances a snapshot can still hold the destroyed one.
    const recount = () => {
      timer = undefined;
      if (editor.isDestroyed) return;
      const next = countRef.current(editor);
      setValue((current) => (current && sameRef.current(current.of, next) ? current : { of: next }));
    };
    const onTransaction = ({ transaction }: { transaction: Transaction }) => {
      if (!transaction.docChanged) return;
      window.clearTimeout(timer);
      timer = window.setTimeout(recount, RECOUNT_DELAY_MS);
    };
    recount();
    editor.on("transaction", onTransaction);
    return () => {
      editor.off("transaction", onTransaction);
      window.clearTimeout(timer);
    };
  }, [editor]);
  return editor && value ? value.of : null;
}
