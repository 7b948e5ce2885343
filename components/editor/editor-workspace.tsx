"use client";

import { useImperativeHandle, useRef, useState, type KeyboardEvent, type MouseEvent, type RefObject } from "react";
import { EditorContent, type Editor } from "@tiptap/react";
import type { ModelInfo } from "@/lib/ai/models";
import type { ApiError } from "@/lib/client/api/error";
import type { SaveState } from "@/lib/client/editor/autosave";
import { syncSelectionFromDom } from "@/lib/client/editor/dom-selection";
import { pricesOf, variantCostText } from "@/lib/client/editor/variant-cost";
import { variantRequest, type VariantOptions } from "@/lib/client/editor/variant-options";
import { documentRange, sectionRange } from "@/lib/editor/sections";
import { useAuthorshipShare, useShowAiText } from "@/hooks/use-authorship";
import { isTrackedChoice, useTrackedEdits, type TrackedEdits } from "@/hooks/use-tracked-edits";
import { useVariantOptions } from "@/hooks/use-variant-options";
import { documentProse } from "@/components/markdown/prose";
import type { MenuCloseReason } from "@/components/ui/menu";
import { cn } from "@/lib/utils";
import { AiActionsPopover, type MenuChoice, type PopoverAnchor, type Scope } from "./ai-actions-popover";
import { AuthorshipCard } from "./authorship-card";
import { AuthorshipToggle, authorshipStyles } from "./authorship-toggle";
import { EditorFooter } from "./editor-footer";
import { EditorToolbar } from "./editor-toolbar";
import { FindBar } from "./find-bar";
import { FirstRunHint } from "./first-run-hint";
import { LinkBar } from "./link-bar";
import { SelectionBubble } from "./selection-bubble";
import { handleReviewKey, reviewKeyAction, ReviewBar, SuggestionCard, suggestionStyles } from "./suggestion-review";
import { VariantsPanel } from "./variants-panel";

interface EditorWorkspaceProps {
  documentId: string;
  editor: Editor | null;
  saveState: SaveState;
  model: string | undefined;
  /** The configured models, for variants that compare them (and their prices, for the cost estimate). */
  models?: ModelInfo[];
  onApiError: (error: ApiError) => void;
  /** An AI suggestion went into the document: the studio keeps it as a version, labelled with the action. */
  onAiEdit: (actionLabel: string) => void;
  /** The account's privacy setting: false keeps instructions out of the suggestions saved in the document. */
  storePrompts?: boolean;
  /** The chat and the outline start tracked runs through it (a ref, so they don't re-render with each review change). */
  reviewRef?: RefObject<TrackedEdits | null>;
  focusMode?: boolean;
  onToggleFocusMode?: () => void;
  /** How many variants the rewrites ask for by default: the account's setting. */
  variantsDefault?: number;
  /** A guest: the footer asks them to sign up, and the first-run hint may show (once per browser). */
  guest?: boolean;
  className?: string;
}

const noModels: ModelInfo[] = [];

const POPOVER_WIDTH = 300;
const POPOVER_HEIGHT = 430;

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
  "[&_.dw-drafting]:bg-indigo-50 dark:[&_.dw-drafting]:bg-indigo-500/10",
  "[&_.dw-drafting-heading]:text-indigo-700 dark:[&_.dw-drafting-heading]:text-indigo-300 [&_.dw-drafting-heading]:after:ml-2 [&_.dw-drafting-heading]:after:text-xs [&_.dw-drafting-heading]:after:font-medium [&_.dw-drafting-heading]:after:content-['writing…']",
  "[&_.dw-find-match]:rounded-sm [&_.dw-find-match]:bg-amber-200 dark:[&_.dw-find-match]:bg-amber-500/40 [&_.dw-find-current]:bg-orange-400 dark:[&_.dw-find-current]:bg-orange-500/70",
  suggestionStyles,
  authorshipStyles,
);

/**
 * The document: toolbar, the Tiptap surface, AI actions (the menu, and a bubble at a selection) and the
 * status footer. Every action arrives in the text as tracked changes to review (docs/architecture.md,
 * "Suggestions").
 */
export function EditorWorkspace(props: EditorWorkspaceProps) {
  const { documentId, editor, saveState, model, onApiError, onAiEdit, storePrompts = true, reviewRef } = props;
  const review = useTrackedEdits(editor, model, onApiError, { documentId, onAccepted: onAiEdit, storeInstructions: storePrompts });
  useImperativeHandle(reviewRef, () => review);
  const [menuAnchor, setMenuAnchor] = useState<PopoverAnchor | null>(null);
  const models = props.models ?? noModels;
  const [variantOptions, setVariantOptions] = useVariantOptions(props.variantsDefault ?? 1);
  /** What asking for variants costs for the text the rewrite would take: the selection (or paragraph), the section or the document. */
  const estimate = (options: VariantOptions, scope?: Scope) => {
    const request = variantRequest(options, models, model);
    if (!editor || !request) return null;
    const { doc, selection } = editor.state;
    const range = scope === "document" ? documentRange(doc) : scope === "section" ? sectionRange(doc, selection.from) : selection.empty && selection.$from.depth > 0 ? { from: selection.$from.before(1), to: selection.$from.after(1) } : selection;
    return variantCostText(doc.textBetween(range.from, range.to, "\n\n").length, request, model, pricesOf(models));
  };
  // Taken when the menu opens: with text selected, the rewrites come first.
  const [menuForSelection, setMenuForSelection] = useState(false);
  const scrollAreaRef = useRef<HTMLDivElement>(null);
  const [linkOpen, setLinkOpen] = useState(false);
  // focusKey: pressing Ctrl/⌘+F again with the bar open puts the cursor back in its field.
  const [find, setFind] = useState<{ withReplace: boolean; focusKey: number } | null>(null);
  const [showAiText, toggleAiText] = useShowAiText();
  const aiShare = useAuthorshipShare(editor);
  const openFind = (withReplace: boolean) => setFind((current) => ({ withReplace: withReplace || !!current?.withReplace, focusKey: (current?.focusKey ?? 0) + 1 }));

  const anchorAtButton = (button: HTMLElement) => {
    const rect = button.getBoundingClientRect();
    return placePopover(rect.right - POPOVER_WIDTH + 60, rect.bottom + 6, rect.top - 6);
  };

  const openMenu = (anchor: PopoverAnchor) => {
    setMenuForSelection(!!editor && !editor.state.selection.empty);
    setMenuAnchor(anchor);
  };

  const toggleFromButton = (button: HTMLElement) => (menuAnchor ? setMenuAnchor(null) : openMenu(anchorAtButton(button)));

  /** At the caret when it is in view, else under the toolbar button. */
  const openFromSelection = () => {
    if (!editor) return;
    const caret = editor.view.coordsAtPos(editor.state.selection.to);
    const visible = scrollAreaRef.current?.getBoundingClientRect();
    const button = document.querySelector<HTMLElement>("[data-ai-actions-trigger]");
    if (button && visible && (caret.bottom < visible.top || caret.top > visible.bottom)) openMenu(anchorAtButton(button));
    else openMenu(placePopover(caret.left, caret.bottom + 8, caret.top - 8));
  };

  const closeMenu = (reason: MenuCloseReason) => {
    setMenuAnchor(null);
    if (reason !== "outside") editor?.commands.focus();
  };

  const choose = (chosen: MenuChoice) => {
    setMenuAnchor(null);
    if (!editor) return;
    editor.commands.focus();
    if (chosen.type === "insert") return void review.insert(chosen.kind);
    const { choice, scope } = chosen;
    if (!isTrackedChoice(choice)) return;
    const variants = variantRequest(variantOptions, models, model);
    if (!scope) return void review.start(choice, undefined, variants);
    const { doc, selection } = editor.state;
    const range = scope === "document" ? documentRange(doc) : sectionRange(doc, selection.from);
    const label = scope === "document" ? "Edit whole document" : "Edit this section";
    void review.start(choice, { ...range, name: scope, label, action: scope }, variants);
  };

  const onSurfaceKeyDown = (event: KeyboardEvent) => {
    const opensAiMenu = (event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "j";
    // Our shortcuts act at the caret: the one the browser may just have moved (Ctrl+Home, arrows).
    if (editor && (opensAiMenu || reviewKeyAction(event))) syncSelectionFromDom(editor.view);
    if (handleReviewKey(event, review)) {
      event.preventDefault();
      return;
    }
    if (opensAiMenu) {
      event.preventDefault();
      openFromSelection();
    }
  };

  /** Ctrl/⌘+K, +F and +H anywhere in the editor (the toolbar, the document, the bars). */
  const onWorkspaceKeyDown = (event: KeyboardEvent) => {
    if (!editor || !(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
    const key = event.key.toLowerCase();
    if (key === "k") setLinkOpen(true);
    else if (key === "f" || key === "h") openFind(key === "h");
    else return;
    event.preventDefault();
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
      onKeyDown={onWorkspaceKeyDown}
      className={cn(
        "flex min-h-0 min-w-0 flex-col overflow-hidden rounded-xl border border-neutral-200 bg-white shadow-xs transition-colors has-[.ProseMirror-focused]:border-indigo-400 dark:border-neutral-800 dark:bg-neutral-900 dark:has-[.ProseMirror-focused]:border-indigo-500/70",
        props.className,
      )}
    >
      <EditorToolbar
        editor={editor}
        aiMenuOpen={menuAnchor !== null}
        onOpenAiMenu={toggleFromButton}
        linkOpen={linkOpen}
        onOpenLink={() => setLinkOpen(true)}
        findOpen={find !== null}
        onOpenFind={() => openFind(false)}
      >
        <AuthorshipToggle on={showAiText} onToggle={toggleAiText} share={aiShare} />
      </EditorToolbar>
      {editor && linkOpen ? <LinkBar editor={editor} onClose={() => setLinkOpen(false)} /> : null}
      {editor && find ? (
        <FindBar
          editor={editor}
          withReplace={find.withReplace}
          onToggleReplace={() => setFind({ ...find, withReplace: !find.withReplace })}
          focusKey={find.focusKey}
          onClose={() => setFind(null)}
        />
      ) : null}
      <FirstRunHint enabled={props.guest ?? false} editor={editor} />
      <div ref={scrollAreaRef} className="min-h-0 flex-1 overflow-y-auto" onMouseDown={onScrollAreaMouseDown}>
        <div id="document" data-testid="editor" className={cn(surfaceClasses, showAiText && "dw-show-ai")} onKeyDown={onSurfaceKeyDown}>
          <EditorContent editor={editor} />
        </div>
      </div>
      {/* Next in Tab order after the text: the card of the change at the cursor (it floats beside it). */}
      {editor ? <SuggestionCard editor={editor} review={review} scrollArea={scrollAreaRef} /> : null}
      <VariantsPanel review={review} />
      <ReviewBar review={review} />
      {editor ? <AuthorshipCard editor={editor} enabled={showAiText} scrollArea={scrollAreaRef} /> : null}
      {editor ? <SelectionBubble editor={editor} hidden={menuAnchor !== null || review.streaming !== null} onChoose={choose} onMore={openFromSelection} /> : null}
      <EditorFooter
        editor={editor}
        saveState={saveState}
        guest={props.guest ?? false}
        focusMode={props.focusMode ?? false}
        onToggleFocusMode={() => props.onToggleFocusMode?.()}
      />
      {menuAnchor ? (
        <AiActionsPopover
          anchor={menuAnchor}
          hasSelection={menuForSelection}
          onChoose={choose}
          onClose={closeMenu}
          variants={{ options: variantOptions, onChange: setVariantOptions, models, model, estimate }}
        />
      ) : null}
    </section>
  );
}
