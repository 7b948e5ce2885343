"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useEditor, type Editor, type JSONContent } from "@tiptap/react";
import { documentExtensions } from "@/lib/client/editor/extensions";
import { readStored, storageKeys, writeStored } from "@/lib/client/storage";

export type SaveState = "saved" | "saving" | "failed";

const SAVE_DELAY_MS = 300;

const editorProps = {
  attributes: {
    role: "textbox",
    "aria-multiline": "true",
    "aria-label": "Document",
    spellcheck: "true",
  },
};

function storedDocument(): JSONContent | undefined {
  const stored = readStored(storageKeys.document);
  const isDoc = typeof stored === "object" && stored !== null && (stored as { type?: unknown }).type === "doc";
  return isDoc ? (stored as JSONContent) : undefined;
}

/**
 * The Tiptap editor holding the document, restored from and saved to localStorage
 * (debounced, and flushed when the page is hidden so a reload never loses a keystroke).
 */
export function useDocumentEditor(): { editor: Editor | null; saveState: SaveState } {
  const [initialContent] = useState(storedDocument);
  const [saveState, setSaveState] = useState<SaveState>("saved");
  const timer = useRef<number | undefined>(undefined);
  const unsaved = useRef<Editor | null>(null);

  const save = useCallback(() => {
    window.clearTimeout(timer.current);
    const editor = unsaved.current;
    if (!editor || editor.isDestroyed) return;
    unsaved.current = null;
    setSaveState(writeStored(storageKeys.document, editor.getJSON()) ? "saved" : "failed");
  }, []);

  const editor = useEditor({
    extensions: documentExtensions,
    content: initialContent,
    // Created in an effect: an instance made during render is destroyed and re-made by
    // Tiptap whenever mounting takes more than a millisecond.
    immediatelyRender: false,
    editorProps,
    onUpdate: ({ editor: updated }) => {
      unsaved.current = updated;
      setSaveState("saving");
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(save, SAVE_DELAY_MS);
    },
  });

  useEffect(() => {
    const saveWhenHidden = () => {
      if (document.visibilityState === "hidden") save();
    };
    window.addEventListener("pagehide", save);
    document.addEventListener("visibilitychange", saveWhenHidden);
    return () => {
      window.removeEventListener("pagehide", save);
      document.removeEventListener("visibilitychange", saveWhenHidden);
      save();
    };
  }, [save]);

  return { editor, saveState };
}
