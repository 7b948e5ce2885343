"use client";

import { useRef, useState, type RefObject } from "react";
import type { Node } from "@tiptap/pm/model";
import type { Editor } from "@tiptap/react";
import { limits } from "@/lib/contracts/limits";
import { blockInsertionPoint, workPoint } from "@/lib/editor/insertion-point";
import { chatEditInstruction, chatEditTarget } from "@/lib/client/editor/chat-edits";
import { rangeMarkdown } from "@/lib/client/editor/tracked-run";
import { setTrackedRange, trackedRange } from "@/lib/client/editor/tracked-ranges";
import type { TrackedEdits } from "./use-tracked-edits";

/** The passage "Ask about selection" attached to the next message. */
export interface Attachment {
  markdown: string;
}

/**
 * A document not yet touched has its cursor in its first line (often the title): the answer goes at the
 * end instead, into an empty last line if there is one.
 */
function untouchedInsertAt(doc: Node): number {
  const point = blockInsertionPoint(doc, null);
  return point.to > point.from ? point.from + 1 : point.from;
}

/**
 * The chat's hands on the document: attaching the selection to the next question, applying an
 * answer as tracked changes, inserting one at the cursor. `notice` says what the last one did.
 */
export function useChatEdits(editor: Editor | null, review: RefObject<TrackedEdits | null>) {
  const [attached, setAttached] = useState<Attachment | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // The passage last sent: the "asked" range in the document is where it is now.
  const sentRef = useRef<string | null>(null);

  /** The selection's Markdown, followed through later edits so "Apply as changes" finds it again. */
  const attach = () => {
    if (!editor) return;
    const { from, to, empty } = editor.state.selection;
    const markdown = empty ? "" : rangeMarkdown(editor.state.doc, from, to);
    if (!markdown.trim()) return setNotice("Select some text in the document first, then ask about it.");
    if (markdown.length > limits.selectionChars) {
      return setNotice(`The selection is too long to ask about: select at most ${limits.selectionChars.toLocaleString("en")} characters.`);
    }
    setTrackedRange(editor, "asked", { from, to });
    setAttached({ markdown });
    setNotice(null);
  };

  const detach = () => setAttached(null);

  /** The attachment goes with the message being sent, and no further. */
  const take = () => {
    const taken = attached;
    if (taken) sentRef.current = taken.markdown;
    setAttached(null);
    return taken;
  };

  /** An answer as an edit of what it referred to (see chatEditTarget), streamed in as tracked changes. */
  const apply = (question: { text: string; selection?: string }, answer: string) => {
    const tracked = review.current;
    if (!editor || !tracked) return;
    // The followed passage counts only for the question it was attached to.
    const asked = question.selection && question.selection === sentRef.current ? trackedRange(editor.state, "asked") : undefined;
    const target = chatEditTarget(editor.state, asked);
    if (!target) return setNotice("There is no text in the document to apply this to.");
    setNotice(`Applying the answer to ${target.description}: review the changes in the document.`);
    void tracked.start({ action: "custom", instruction: chatEditInstruction(question.text, answer) }, { from: target.from, to: target.to, label: "Chat answer applied", action: "chat-apply" });
  };

  /** An answer at the cursor (kept by the editor while the chat has focus; after a selection, not over it). */
  const insert = (answer: string, model: string | undefined) => {
    const tracked = review.current;
    if (!editor || !tracked) return;
    const at = workPoint(editor.state) === null ? untouchedInsertAt(editor.state.doc) : editor.state.selection.to;
    tracked.insertAnswer(at, answer, { label: "Chat answer inserted", ...(model ? { model } : {}) });
    setNotice("Inserted at the cursor as a suggestion: review it in the document.");
  };

  return { attached, notice, attach, detach, take, apply, insert, clearNotice: () => setNotice(null) };
}
