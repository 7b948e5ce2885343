"use client";

import { useImperativeHandle, useRef, useState, type KeyboardEvent, type MouseEvent, type RefObject } from "react";
import { EditorContent, type Editor } from "@tiptap/react";
import type { ApiError } from "@/lib/client/api/error";
import { writeActionLabels } from "@/lib/contracts/write";
import type { SaveState } from "@/lib/client/editor/autosave";
import { isTrackedChoice, useTrackedEdits, type TrackedEdits } from "@/hooks/use-tracked-edits";
import { useWritingAssistant, type WriteChoice } from "@/hooks/use-writing-assistant";
import { documentProse } from "@/components/markdown/prose";
import type { MenuCloseReason } from "@/components/ui/menu";
import { cn } from "@/lib/utils";
import { AiActionsPopover, type PopoverAnchor } from "./ai-actions-popover";
import { EditorFooter } from "./editor-footer";
import { EditorToolbar } from "./editor-toolbar";
import { SuggestionPanel } from "./suggestion-panel";
import { handleReviewKey, ReviewBar, SuggestionCard, suggestionStyles } from "./suggestion-review";

interface EditorWorkspaceProps {
  documentId: string;
  editor: Editor | null;
  saveState: SaveState;
  model: string | undefined;
  onApiError: (error: ApiError) => void;
  /** An AI suggestion went into the document: the studio keeps it as a version, labelled with the action. */
  onAiEdit: (actionLabel: string) => void;
  /** The chat and the outline start tracked runs through it (a ref, so they don't re-render with each review change). */
  reviewRef?: RefObject<TrackedEdits | null>;
}

const POPOVER_WIDTH = 300;
const POPOVER_HEIGHT = 330;

/** Keeps the popover on screen: below the anchor when it fits, else above. */
function placePopover(left: number, below: number, above: number): PopoverAnchor {
  const top = below + POPOVER_HEIGHT <= window.innerHeight ? below : Math.max(8, above - POPOVER_HEIGHT);
  return { top, left: Math.max(8, Math.min(left, window.innerWidth - POPOVER_WIDTH - 8)) };
}

const surfaceClasses = cn(
  documentProse,
  "mx-auto w-full max-w-3xl px-5 py-8 sm:px-10 sm:py-12",
  // `!`: the global :focus-visible outline is unlayered CSS; the card's border shows focus instead.
  "[&_.ProseMirror]:min-h-[50vh] [&_.ProseMirror]:outline-none",
  "[&_.is-editor-empty:first-child]:before:pointer-events-none [&_.is-editor-empty:first-child]:before:float-left [&_.is-editor-empty:first-child]:before:h-0 [&_.is-editor-empty:first-child]:before:text-neutral-400 [&_.is-editor-empty:first-child]:before:content-[attr(data-placeholder)] dark:[&_.is-editor-empty:first-child]:before:text-neutral-500",
  "[&_.dw-target]:rounded-sm [&_.dw-target]:bg-indigo-100 [&_.dw-target]:box-decoration-clone dark:[&_.dw-target]:bg-indigo-500/25",
  "[&_.dw-insertion-point]:inline-block [&_.dw-insertion-point]:h-[1.1em] [&_.dw-insertion-point]:w-0.5 [&_.dw-insertion-point]:translate-y-[0.15em] [&_.dw-insertion-point]:animate-pulse [&_.dw-insertion-point]:bg-indigo-500",
  "[&_.dw-drafting]:bg-indigo-50 dark:[&_.dw-drafting]:bg-indigo-500/10",
  suggestionStyles,
);

/**
 * The document: toolbar, the Tiptap surface, AI actions and the status footer. Rewrites of the
 * selection arrive in the text as tracked changes to review; continue and summarize still answer in
 * the panel below.
 */
export function EditorWorkspace({ documentId, editor, saveState, model, onApiError, onAiEdit, reviewRef }: EditorWorkspaceProps) {
  const assistant = useWritingAssistant(editor, model, onApiError, {
    documentId,
    onAccepted: (choice) => onAiEdit(writeActionLabels[choice.action]),
  });
  const review = useTrackedEdits(editor, model, onApiError, { documentId, onAccepted: onAiEdit });
  useImperativeHandle(reviewRef, () => review);
  const [menuAnchor, setMenuAnchor] = useState<PopoverAnchor | null>(null);
  const suggestionRef = useRef<HTMLDivElement>(null);
  const scrollAreaRef = useRef<HTMLDivElement>(null);

  const anchorAtButton = (button: HTMLElement) => {
    const rect = button.getBoundingClientRect();
    return placePopover(rect.right - POPOVER_WIDTH + 60, rect.bottom + 6, rect.top - 6);
  };

  const toggleFromButton = (button: HTMLElement) => setMenuAnchor(menuAnchor ? null : anchorAtButton(button));

  /** At the caret when it is in view, else under the toolbar button. */
  const openFromSelection = () => {
    if (!editor) return;
    const caret = editor.view.coordsAtPos(editor.state.selection.to);
    const visible = scrollAreaRef.current?.getBoundingClientRect();
    const button = document.querySelector<HTMLElement>("[data-ai-actions-trigger]");
    if (button && visible && (caret.bottom < visible.top || caret.top > visible.bottom)) setMenuAnchor(anchorAtButton(button));
    else setMenuAnchor(placePopover(caret.left, caret.bottom + 8, caret.top - 8));
  };

  const closeMenu = (reason: MenuCloseReason) => {
    setMenuAnchor(null);
    if (reason !== "outside") editor?.commands.focus();
  };

  const choose = (choice: WriteChoice) => {
    setMenuAnchor(null);
    if (isTrackedChoice(choice)) {
      assistant.discard();
      editor?.commands.focus();
      void review.start(choice);
      return;
    }
    assistant.run(choice);
    // Move focus to the answer, so Stop / Replace are one Tab away for keyboard users.
    requestAnimationFrame(() => suggestionRef.current?.querySelector<HTMLElement>("[data-testid='suggestion']")?.focus());
  };

  const onSurfaceKeyDown = (event: KeyboardEvent) => {
    if (handleReviewKey(event, review)) {
      event.preventDefault();
      return;
    }
    if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "j") {
      event.preventDefault();
      openFromSelection();
    }
  };

  // Clicks in the margin around the page still put the cursor in the document.
  const onScrollAreaMouseDown = (event: MouseEvent<HTMLDivElement>) => {
    if (editor && event.target === event.currentTarget) {
      event.preventDefault();
      editor.commands.focus("end");
    }
  };

  return (
    <section
      aria-label="Editor"
      className="flex min-h-0 min-w-0 flex-col overflow-hidden rounded-xl border border-neutral-200 bg-white shadow-xs transition-colors has-[.ProseMirror-focused]:border-indigo-400 dark:border-neutral-800 dark:bg-neutral-900 dark:has-[.ProseMirror-focused]:border-indigo-500/70"
    >
      <EditorToolbar editor={editor} aiMenuOpen={menuAnchor !== null} onOpenAiMenu={toggleFromButton} />
      <div ref={scrollAreaRef} className="min-h-0 flex-1 overflow-y-auto" onMouseDown={onScrollAreaMouseDown}>
        <div data-testid="editor" className={surfaceClasses} onKeyDown={onSurfaceKeyDown}>
          <EditorContent editor={editor} />
        </div>
      </div>
      <ReviewBar review={review} />
      {editor ? <SuggestionCard editor={editor} review={review} scrollArea={scrollAreaRef} /> : null}
      <div ref={suggestionRef} className="contents">
        {assistant.choice ? (
          <SuggestionPanel
            choice={assistant.choice}
            text={assistant.text}
            status={assistant.status}
            error={assistant.error}
            stopped={assistant.stopped}
            canRetry={assistant.canRetry}
            onStop={assistant.stop}
            onRetry={assistant.retry}
            onAccept={assistant.accept}
            onDiscard={assistant.discard}
          />
        ) : null}
      </div>
      <EditorFooter editor={editor} saveState={saveState} />
      {menuAnchor ? <AiActionsPopover anchor={menuAnchor} onChoose={choose} onClose={closeMenu} /> : null}
    </section>
  );
}
