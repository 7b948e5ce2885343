"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useEditor, type Editor } from "@tiptap/react";
import { limits } from "@/lib/contracts/limits";
import type { DocumentContent, DocumentJson } from "@/lib/contracts/documents";
import { mergeDocuments, mergeTitle } from "@/lib/documents/merge";
import { documentToText } from "@/lib/documents/convert";
import { autoTitle, untitled } from "@/lib/documents/title";
import { Autosave, startingPoint, writerTitle, type Conflict, type SaveState } from "@/lib/client/editor/autosave";
import { createDocument, discardIfUntouched, restoreVersion } from "@/lib/client/api/editor-document";
import { editorAutoTitle } from "@/lib/client/editor/auto-title";
import { outlineTitle } from "@/lib/contracts/document-outline";
import { documentExtensions } from "@/lib/client/editor/extensions";
import { readPending, type DraftState } from "@/lib/client/editor/pending-changes";
import { normalizeContent, normalizeDocument } from "@/lib/client/editor/schema";

export type { Conflict } from "@/lib/client/editor/autosave";

const editorProps = {
  attributes: {
    role: "textbox",
    "aria-multiline": "true",
    "aria-label": "Document",
    spellcheck: "true",
  },
};

const COPY_SUFFIX = " (my copy)";

/**
 * Discards scheduled when a studio unmounts: a remount of the same document (React's development
 * double mount) cancels its discard.
 */
const pendingDiscards = new Map<string, number>();

/** Puts a server state in the editor: not an edit (no autosave), not an undo step. */
function load(editor: Editor, content: DocumentContent) {
  editor.chain().setMeta("addToHistory", false).setContent(content, { emitUpdate: false }).run();
}

/** What Merge would produce from the conflict and this tab's current state. */
export function mergedState(conflict: Conflict, mine: DraftState) {
  const { doc, conflicts } = mergeDocuments(conflict.base.content, mine.content, conflict.current.content);
  return {
    title: mergeTitle(conflict.base.title, mine.title, writerTitle(conflict.current)),
    content: normalizeContent(doc),
    conflicts: conflicts.length,
  };
}

/**
 * The Tiptap editor on one server document: edits autosave (see Autosave), unsaved edits
 * left on this device are put back on load, and a save refused because the document changed
 * elsewhere surfaces as `conflict` with ways to resolve it.
 */
export function useDocumentEditor(document: DocumentJson) {
  // Read once: the studio renders only in the browser, so localStorage is there on first render.
  const [start] = useState(() => {
    const server = normalizeDocument(document);
    return { id: server.id, ...startingPoint(server, readPending(server.id)) };
  });
  /** The writer's own title; "" while the title is automatic. */
  const [title, setTitleState] = useState(start.draft.title);
  /** The title the document gives itself (its opening heading or first line), shown while the writer has set none. */
  const [automaticTitle, setAutomaticTitle] = useState(() => autoTitle({ content: start.draft.content, outlineTitle: outlineTitle(document.outline) }));
  /** The outline's title: the automatic title when the text opens with no heading (the server derives it the same way). */
  const outlineTitleRef = useRef(outlineTitle(document.outline));
  const [saveState, setSaveState] = useState<SaveState>({ status: start.dirty ? "saving" : "saved" });
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const titleRef = useRef(start.draft.title);
  // Set while the editor is constructed, before autosave can start: a ref, not only state.
  const unreadableRef = useRef(false);
  // Touched: any edit of the text or the title, or anything the document held when it opened.
  const touchedRef = useRef(start.dirty || start.synced.version > 1 || start.draft.title !== "" || documentToText(start.draft.content).trim() !== "");
  const [unreadable, setUnreadable] = useState(false);

  const [autosave] = useState(
    () =>
      new Autosave({
        documentId: start.id,
        synced: start.synced,
        dirty: start.dirty,
        sent: start.sent,
        onState: setSaveState,
        onConflict: setConflict,
        normalize: normalizeDocument,
      }),
  );

  const editor = useEditor({
    extensions: documentExtensions,
    content: start.draft.content,
    // Created in an effect: an instance made during render is destroyed and re-made by
    // Tiptap whenever mounting takes more than a millisecond.
    immediatelyRender: false,
    editorProps,
    // Content the schema doesn't allow (old data) would open with those parts dropped and
    // autosave would then save over it: the document stays read-only and nothing is saved.
    enableContentCheck: true,
    onContentError: () => {
      unreadableRef.current = true;
      setUnreadable(true);
    },
    onUpdate: ({ editor: updated }) => {
      touchedRef.current = true;
      setAutomaticTitle(editorAutoTitle(updated.state.doc, outlineTitleRef.current));
      if (!unreadableRef.current) autosave.changed();
    },
  });

  useEffect(() => {
    if (!editor) return;
    const readOnly = unreadable || unreadableRef.current;
    // Quietly: an update event would count as an edit.
    if (editor.isEditable === readOnly) editor.setEditable(!readOnly, false);
    if (readOnly) return;
    return autosave.start(() => (editor.isDestroyed ? null : { title: titleRef.current, content: editor.getJSON() as DocumentContent }));
  }, [editor, autosave, unreadable]);

  // A new document left without a single edit is deleted (the server checks it is still untouched),
  // so "New document" leaves nothing behind. A reload keeps it: only leaving in the app discards.
  useEffect(() => {
    window.clearTimeout(pendingDiscards.get(start.id));
    return () => {
      if (touchedRef.current) return;
      pendingDiscards.set(
        start.id,
        window.setTimeout(() => {
          pendingDiscards.delete(start.id);
          void discardIfUntouched(start.id);
        }, 0),
      );
    };
  }, [start.id]);

  /** The outline panel's title changed (generated, edited, removed). */
  const setOutlineTitle = useCallback(
    (next: string | undefined) => {
      outlineTitleRef.current = next;
      if (editor && !editor.isDestroyed) setAutomaticTitle(editorAutoTitle(editor.state.doc, next));
    },
    [editor],
  );

  const showTitle = useCallback((next: string) => {
    titleRef.current = next;
    setTitleState(next);
  }, []);

  const setTitle = useCallback(
    (next: string) => {
      if (next === titleRef.current) return;
      touchedRef.current = true;
      showTitle(next);
      if (!unreadableRef.current) autosave.changed();
    },
    [autosave, showTitle],
  );

  /** Shows a state from elsewhere (merged, theirs, restored): its text, and its title as the writer's ("" = automatic). */
  const show = (shown: Editor, content: DocumentContent, ownTitle: string) => {
    load(shown, content);
    setAutomaticTitle(editorAutoTitle(shown.state.doc, outlineTitleRef.current));
    showTitle(ownTitle);
  };

  const current = (): DraftState | null => (editor && !editor.isDestroyed ? { title: titleRef.current, content: editor.getJSON() as DocumentContent } : null);

  /** Merge: the merged document replaces this tab's and is saved on top of the other version. */
  const merge = async (): Promise<boolean> => {
    const mine = current();
    if (!conflict || !editor || !mine) return false;
    const merged = mergedState(conflict, mine);
    show(editor, merged.content, merged.title);
    setConflict(null);
    return autosave.rebase(conflict.current, { label: "Merged changes", source: "merge" });
  };

  /** Keep both: this tab's version becomes a new document; this one shows the other version. */
  const keepBoth = async (): Promise<DocumentJson> => {
    const mine = current();
    if (!conflict || !editor || !mine) throw new Error("There is no conflict to resolve.");
    const base = (mine.title.trim() || automaticTitle || untitled).slice(0, limits.titleChars - COPY_SUFFIX.length);
    const copy = await createDocument({ title: `${base}${COPY_SUFFIX}`, content: mine.content });
    const theirs = conflict.current;
    show(editor, theirs.content, writerTitle(theirs));
    autosave.reset(theirs);
    setConflict(null);
    return copy;
  };

  /**
   * Makes a stored version's content the newest one (and its title with `restoreTitle`), after
   * saving this tab's edits so none are lost.
   */
  const restore = async (versionId: string, { restoreTitle = false } = {}): Promise<void> => {
    if (!editor) return;
    await autosave.flush();
    let result = await restoreVersion(start.id, versionId, autosave.version, restoreTitle);
    // Saved elsewhere meanwhile: this tab has nothing unsaved and the server keeps the replaced
    // state as a version, so restoring on top of the newest version loses nothing.
    if (result.kind === "conflict" && autosave.status === "saved") {
      result = await restoreVersion(start.id, versionId, result.current.version, restoreTitle);
    }
    if (result.kind === "conflict") throw { code: "version_conflict", message: "The document changed in another tab or device. Try again." };
    const restored = normalizeDocument(result.document);
    show(editor, restored.content, writerTitle(restored));
    autosave.reset(restored);
    // A version the editor could load: editing (and saving) can go on from it.
    unreadableRef.current = false;
    setUnreadable(false);
  };

  /** Saves now (before an export); true when the server has everything. */
  const flush = useCallback(() => autosave.flush(), [autosave]);

  /** An accepted AI edit is kept as a named version, saved at once. */
  const saveAiEdit = useCallback((label: string) => void autosave.flush({ label: `AI: ${label}`, source: "ai" }), [autosave]);

  return {
    editor,
    documentId: start.id,
    /** The document holds content the editor can't show: it is open read-only. */
    unreadable,
    title,
    automaticTitle,
    setTitle,
    setOutlineTitle,
    saveState,
    conflict,
    merge,
    keepBoth,
    restore,
    flush,
    saveAiEdit,
  };
}
