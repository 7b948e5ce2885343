"use client";

import { useEffect, useState } from "react";
import type { Editor } from "@tiptap/react";
import { readStored, storageKeys, writeStored } from "@/lib/client/storage";
import { IconButton } from "@/components/ui/icon-button";
import { CloseIcon, SparklesIcon } from "@/components/ui/icons";

/**
 * A brand-new guest's first look at the studio: what Ctrl+J does and where the outline is. Shown once
 * per browser (marked as seen when it appears, so it doesn't come back on the next visit), until dismissed
 * or the writer starts writing (it then gives the document its room back).
 */
export function FirstRunHint({ enabled, editor }: { enabled: boolean; editor: Editor | null }) {
  // Decided once, on the first render in the browser.
  const [show, setShow] = useState(() => enabled && readStored(storageKeys.firstRunHint) !== true);

  useEffect(() => {
    if (!show) return;
    writeStored(storageKeys.firstRunHint, true);
    if (!editor) return;
    const hide = () => setShow(false);
    editor.on("update", hide);
    return () => void editor.off("update", hide);
  }, [show, editor]);

  if (!show) return null;
  return (
    <aside
      aria-label="Getting started"
      data-testid="first-run-hint"
      className="mx-3 mt-3 flex items-start gap-3 rounded-lg border border-indigo-200 bg-indigo-50 px-3 py-2.5 text-[13px] leading-5 text-indigo-950 sm:mx-4 dark:border-indigo-500/30 dark:bg-indigo-500/10 dark:text-indigo-100"
    >
      <SparklesIcon className="mt-0.5 size-4 shrink-0 text-indigo-600 dark:text-indigo-300" />
      <p className="flex-1">
        Select some text and press <kbd className="font-sans font-semibold">Ctrl+J</kbd> (<kbd className="font-sans font-semibold">⌘J</kbd>) for AI
        actions: improve, shorten, continue writing. Plan the piece in the <strong>Outline</strong> panel
        <span className="xl:hidden"> (the Outline button at the top)</span>
        <span className="hidden xl:inline"> on the left</span>, then draft it section by section.
      </p>
      <IconButton label="Dismiss the tips" size="sm" onClick={() => setShow(false)} data-testid="first-run-hint-dismiss">
        <CloseIcon />
      </IconButton>
    </aside>
  );
}
