"use client";

import { useEffect, useState, type RefObject } from "react";
import type { Editor } from "@tiptap/react";
import type { Transaction } from "@tiptap/pm/state";
import { type AuthorshipAttrs, authorshipMarkName } from "@/lib/editor/authorship/marks";
import { suggestionMarkName } from "@/lib/editor/suggestions/marks";
import { placeCard } from "@/lib/client/editor/place-card";
import { useElementHeight } from "@/hooks/use-element-height";
import { storedRunInfo } from "@/hooks/use-tracked-edits";
import { SparklesIcon } from "@/components/ui/icons";

interface Shown {
  attrs: AuthorshipAttrs;
  /** Where the card goes: beside this box (the span hovered, or the caret). */
  top: number;
  bottom: number;
  left: number;
}

/** The record of the text at `pos`; none inside a pending suggestion (its own card shows there). */
function recordAt(editor: Editor, pos: number): AuthorshipAttrs | undefined {
  const marks = editor.state.doc.nodeAt(pos)?.marks ?? [];
  if (marks.some((mark) => mark.type.name === suggestionMarkName)) return undefined;
  return marks.find((mark) => mark.type.name === authorshipMarkName)?.attrs as AuthorshipAttrs | undefined;
}

const when = (value: string | null) =>
  value ? new Date(value).toLocaleString(undefined, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" }) : null;

/**
 * The record of the AI text under the pointer, or at the caret (keyboard), while "Show AI text" is on:
 * what wrote it, the instruction when kept, when it was written and accepted, by whom, and whether the
 * writer has edited it since. Listens only while shown; reads one mark, never the document.
 */
export function AuthorshipCard({ editor, enabled, scrollArea }: { editor: Editor; enabled: boolean; scrollArea: RefObject<HTMLElement | null> }) {
  const [shown, setShown] = useState<Shown | null>(null);
  const [cardRef, height] = useElementHeight<HTMLDivElement>();

  useEffect(() => {
    if (!enabled) return;
    const dom = editor.view.dom;
    let hovered = false;
    const onOver = (event: MouseEvent) => {
      const span = event.target instanceof Element ? event.target.closest<HTMLElement>("span[data-authorship]") : null;
      if (!span || !dom.contains(span)) return;
      const attrs = recordAt(editor, editor.view.posAtDOM(span, 0));
      if (!attrs) return;
      hovered = true;
      const box = span.getBoundingClientRect();
      setShown({ attrs, top: box.top, bottom: box.bottom, left: box.left });
    };
    const onOut = (event: MouseEvent) => {
      const into = event.relatedTarget instanceof Element ? event.relatedTarget.closest("span[data-authorship]") : null;
      if (into) return;
      hovered = false;
      setShown(null);
    };
    // The keyboard's hover: the caret in AI text (not a selection: that's for acting on).
    const onCaret = ({ transaction }: { transaction?: Transaction }) => {
      // Typing takes over from the pointer: the card follows the caret.
      if (transaction?.docChanged) hovered = false;
      if (hovered || (transaction && !transaction.selectionSet && !transaction.docChanged)) return;
      const { selection } = editor.state;
      const attrs = selection.empty && editor.isFocused ? (recordAt(editor, selection.head) ?? recordAt(editor, Math.max(0, selection.head - 1))) : undefined;
      if (!attrs) return setShown(null);
      const caret = editor.view.coordsAtPos(selection.head);
      setShown({ attrs, top: caret.top, bottom: caret.bottom, left: caret.left });
    };
    const onBlur = () => !hovered && setShown(null);
    dom.addEventListener("mouseover", onOver);
    dom.addEventListener("mouseout", onOut);
    editor.on("selectionUpdate", onCaret);
    editor.on("focus", onCaret);
    editor.on("blur", onBlur);
    return () => {
      dom.removeEventListener("mouseover", onOver);
      dom.removeEventListener("mouseout", onOut);
      editor.off("selectionUpdate", onCaret);
      editor.off("focus", onCaret);
      editor.off("blur", onBlur);
      setShown(null);
    };
  }, [editor, enabled]);

  if (!enabled || !shown) return null;
  const { attrs } = shown;
  const run = storedRunInfo(attrs);
  const width = Math.min(288, window.innerWidth - 16);
  const area = scrollArea.current?.getBoundingClientRect() ?? { top: 0, bottom: window.innerHeight, left: 0, right: window.innerWidth };
  const { top, left } = placeCard({ range: shown, size: { width, height }, area });
  const written = when(attrs.createdAt);
  const accepted = when(attrs.acceptedAt);
  return (
    <div
      ref={cardRef}
      role="tooltip"
      data-testid="authorship-card"
      data-origin={attrs.origin}
      style={{ top, left, width }}
      className="pointer-events-none fixed z-40 rounded-lg border border-neutral-200 bg-white p-3 text-sm shadow-lg dark:border-neutral-700 dark:bg-neutral-900"
    >
      <p className="flex items-center gap-1.5 font-medium text-neutral-900 dark:text-neutral-100">
        <SparklesIcon className="size-4 text-violet-600 dark:text-violet-400" />
        {attrs.origin === "edited" ? "AI-written, edited since" : "AI-written"}
      </p>
      <p className="mt-1 text-neutral-700 dark:text-neutral-300">{run.label}</p>
      {run.detail ? <p className="mt-1 line-clamp-3 text-neutral-600 dark:text-neutral-400">“{run.detail}”</p> : null}
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-2 gap-y-0.5 text-xs text-neutral-500 dark:text-neutral-400">
        <dt>Model</dt>
        <dd className="truncate text-neutral-700 dark:text-neutral-300">{run.model}</dd>
        {written ? (
          <>
            <dt>Written</dt>
            <dd className="text-neutral-700 dark:text-neutral-300">{written}</dd>
          </>
        ) : null}
        {accepted ? (
          <>
            <dt>Accepted</dt>
            <dd className="text-neutral-700 dark:text-neutral-300">
              {accepted}
              {attrs.acceptedBy ? ` by ${attrs.acceptedBy}` : ""}
            </dd>
          </>
        ) : null}
      </dl>
    </div>
  );
}
