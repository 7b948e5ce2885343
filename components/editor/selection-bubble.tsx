"use client";

import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import type { Editor } from "@tiptap/react";
import { writeActionLabels } from "@/lib/contracts/write";
import { Button } from "@/components/ui/button";
import { SparklesIcon } from "@/components/ui/icons";
import type { MenuChoice } from "./ai-actions-popover";

const quickActions = ["improve", "shorter", "fix"] as const;
const quickLabels: Record<(typeof quickActions)[number], string> = { improve: "Improve", shorter: "Shorter", fix: "Fix" };
const BUBBLE_HEIGHT = 40;

interface SelectionBubbleProps {
  editor: Editor;
  /** The full menu is open, or an edit is streaming: the bubble stays out of the way. */
  hidden: boolean;
  onChoose: (choice: MenuChoice) => void;
  /** Opens every AI action at the selection. */
  onMore: () => void;
}

/**
 * The rewrite actions beside a text selection. It shows once the writer has made the selection
 * (after the mouse button is released, or on a keyboard selection), never takes focus itself, and is a
 * toolbar: Tab reaches it, arrows move between its buttons, Escape returns to the text.
 */
export function SelectionBubble({ editor, hidden, onChoose, onMore }: SelectionBubbleProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [place, setPlace] = useState<{ top: number; left: number } | null>(null);

  useEffect(() => {
    let selecting = false;
    const update = () => {
      const { selection } = editor.state;
      if (selecting || selection.empty || editor.isDestroyed || !editor.isFocused) return setPlace(null);
      const start = editor.view.coordsAtPos(selection.from);
      const end = editor.view.coordsAtPos(selection.to);
      const width = ref.current?.offsetWidth ?? 280;
      const top = start.top - BUBBLE_HEIGHT - 8 >= 8 ? start.top - BUBBLE_HEIGHT - 8 : end.bottom + 8;
      setPlace({ top, left: Math.max(8, Math.min(start.left, window.innerWidth - width - 8)) });
    };
    const dom = editor.view.dom;
    const onPointerDown = () => {
      selecting = true;
      setPlace(null);
    };
    const onPointerUp = () => {
      if (!selecting) return;
      selecting = false;
      requestAnimationFrame(update);
    };
    const onBlur = ({ event }: { event: FocusEvent }) => {
      if (!(event.relatedTarget instanceof Node && ref.current?.contains(event.relatedTarget))) setPlace(null);
    };
    dom.addEventListener("pointerdown", onPointerDown);
    document.addEventListener("pointerup", onPointerUp);
    window.addEventListener("scroll", update, { capture: true, passive: true });
    editor.on("selectionUpdate", update);
    editor.on("blur", onBlur);
    return () => {
      dom.removeEventListener("pointerdown", onPointerDown);
      document.removeEventListener("pointerup", onPointerUp);
      window.removeEventListener("scroll", update, { capture: true });
      editor.off("selectionUpdate", update);
      editor.off("blur", onBlur);
    };
  }, [editor]);

  if (hidden || !place) return null;

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const buttons = Array.from(ref.current?.querySelectorAll<HTMLElement>("button") ?? []);
    const index = buttons.indexOf(document.activeElement as HTMLElement);
    if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
      event.preventDefault();
      buttons[(index + (event.key === "ArrowRight" ? 1 : -1) + buttons.length) % buttons.length]?.focus();
    } else if (event.key === "Escape") {
      event.preventDefault();
      editor.commands.focus();
    }
  };

  return (
    <div
      ref={ref}
      role="toolbar"
      aria-label="AI actions for the selection"
      aria-orientation="horizontal"
      data-testid="selection-bubble"
      onKeyDown={onKeyDown}
      // Clicking a button keeps the selection and the editor's focus.
      onMouseDown={(event) => event.preventDefault()}
      style={{ top: place.top, left: place.left }}
      className="fixed z-40 flex items-center gap-0.5 rounded-lg border border-neutral-200 bg-white p-1 shadow-lg dark:border-neutral-700 dark:bg-neutral-900"
    >
      <Button size="sm" variant="ghost" onClick={onMore} aria-label="All AI actions (Ctrl+J)" title="All AI actions — Ctrl+J (⌘J)" data-testid="selection-bubble-more">
        <SparklesIcon className="text-indigo-600 dark:text-indigo-400" /> Ask AI
      </Button>
      {quickActions.map((action) => (
        <Button
          key={action}
          size="sm"
          variant="ghost"
          aria-label={writeActionLabels[action]}
          onClick={() => onChoose({ type: "edit", choice: { action } })}
          data-testid={`selection-bubble-${action}`}
        >
          {quickLabels[action]}
        </Button>
      ))}
    </div>
  );
}
