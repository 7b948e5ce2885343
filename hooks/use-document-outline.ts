"use client";

import { useCallback, useEffect, useState, type Dispatch, type SetStateAction } from "react";
import type { DocumentOutline } from "@/lib/contracts/document-outline";
import { emptyStoredOutline, parseStoredOutline, type StoredOutline } from "@/lib/client/outline";
import { OutlineSaver } from "@/lib/client/outline-saver";
import { readStored, storageKeys, writeStored } from "@/lib/client/storage";

/**
 * The outline earlier versions kept in one browser-wide localStorage key: it moves into the first
 * document opened without an outline of its own (the key is removed once the studio has opened).
 */
function legacyOutline(): StoredOutline | undefined {
  const legacy = parseStoredOutline(readStored(storageKeys.outline));
  return legacy && (legacy.outline || legacy.brief.topic.trim()) ? legacy : undefined;
}

/**
 * A document's outline (brief, sections and their drafting state), kept with the document on the
 * server. `migrated` says it came from localStorage: its sections' drafted state is for the caller to settle.
 */
export function useDocumentOutline(
  documentId: string,
  initial: DocumentOutline | null | undefined,
): { outline: StoredOutline; setOutline: Dispatch<SetStateAction<StoredOutline>>; migrated: boolean } {
  const [saver] = useState(() => new OutlineSaver(documentId));
  const [start] = useState(() => {
    // Edits this device made and the server hasn't confirmed come first: they are the newest.
    const pending = saver.pending();
    if (pending !== undefined) return { outline: pending ?? emptyStoredOutline, migrated: false, unsaved: true };
    const legacy = initial ? undefined : legacyOutline();
    return { outline: initial ?? legacy ?? emptyStoredOutline, migrated: legacy !== undefined, unsaved: legacy !== undefined };
  });
  const [outline, setOutlineState] = useState<StoredOutline>(start.outline);

  const setOutline: Dispatch<SetStateAction<StoredOutline>> = useCallback(
    (change) =>
      setOutlineState((current) => {
        const next = typeof change === "function" ? change(current) : change;
        if (next !== current) saver.change(next);
        return next;
      }),
    [saver],
  );

  useEffect(() => {
    writeStored(storageKeys.outline, undefined);
    if (start.unsaved) saver.change(start.outline, 0);
    const onHide = () => void saver.flush(true);
    window.addEventListener("pagehide", onHide);
    return () => {
      window.removeEventListener("pagehide", onHide);
      void saver.flush(true);
    };
  }, [saver, start]);

  return { outline, setOutline, migrated: start.migrated };
}
