"use client";

import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { useEditorState, type Editor } from "@tiptap/react";
import { findState, goToMatch, maxFindMatches, replaceAllMatches, replaceCurrent, setFindQuery } from "@/lib/editor/find";
import { useDebouncedValue } from "@/hooks/use-debounced-value";
import { Button } from "@/components/ui/button";
import { controlClasses } from "@/components/ui/field";
import { IconButton } from "@/components/ui/icon-button";
import { ArrowDownIcon, ArrowUpIcon, CloseIcon } from "@/components/ui/icons";
import { cn } from "@/lib/utils";

/** Searching waits for a pause in typing the query: each search reads the whole document. */
const FIND_DELAY_MS = 150;

interface FindBarProps {
  editor: Editor;
  /** Ctrl/⌘+H opens it with the replace row; "Replace…" shows or hides it. */
  withReplace: boolean;
  onToggleReplace: () => void;
  /** Bumped each time the shortcut is pressed again: the query field takes focus. */
  focusKey: number;
  onClose: () => void;
}

const fieldClasses = cn(controlClasses, "h-8 min-w-0 flex-1 text-[13px]");

/** Find (and replace) in the document: matches highlighted, a count, next/previous, replace one or all. */
export function FindBar({ editor, withReplace, onToggleReplace, focusKey, onClose }: FindBarProps) {
  const [query, setQuery] = useState(() => {
    // A short selection inside one block is what the writer wants to find.
    const { from, to, $from } = editor.state.selection;
    const selected = $from.sameParent(editor.state.selection.$to) ? editor.state.doc.textBetween(from, to) : "";
    return selected.length <= 100 ? selected : "";
  });
  const [replacement, setReplacement] = useState("");
  const searched = useDebouncedValue(query, FIND_DELAY_MS);
  const findRef = useRef<HTMLInputElement>(null);
  const replaceRef = useRef<HTMLInputElement>(null);
  const found = useEditorState({
    editor,
    selector: ({ editor: current }) => {
      const state = findState(current.state);
      return { count: state.matches.length, current: state.current };
    },
  });

  useEffect(() => {
    if (!editor.isDestroyed) editor.view.dispatch(setFindQuery(editor.state, searched));
  }, [editor, searched]);

  // The current match in view, as the query or the step changes (not on every edit elsewhere).
  const currentIndex = found?.current ?? -1;
  useEffect(() => {
    const match = findState(editor.state).matches[currentIndex];
    if (!match || editor.isDestroyed) return;
    const { node } = editor.view.domAtPos(match.from);
    (node instanceof Element ? node : node.parentElement)?.scrollIntoView({ block: "nearest" });
  }, [editor, searched, currentIndex]);

  // The highlights go with the bar.
  useEffect(() => () => void (editor.isDestroyed || editor.view.dispatch(setFindQuery(editor.state, ""))), [editor]);

  // Each press of the shortcut: Ctrl/⌘+H with a query goes to the replacement, else to the query.
  useEffect(() => {
    (withReplace && findRef.current?.value ? replaceRef : findRef).current?.select();
  }, [withReplace, focusKey]);

  const run = (make: (state: typeof editor.state) => ReturnType<typeof goToMatch>) => {
    // The query typed just now, not the one the last pause searched.
    if (searched !== query) editor.view.dispatch(setFindQuery(editor.state, query));
    const tr = make(editor.state);
    if (tr) editor.view.dispatch(tr);
  };
  const next = (direction: 1 | -1) => run((state) => goToMatch(state, direction));

  const close = () => {
    onClose();
    editor.commands.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    }
  };

  const count = found?.count ?? 0;
  const status = query === "" ? "" : count === 0 ? "No matches" : `${(found?.current ?? -1) + 1 || "–"} of ${count}${count >= maxFindMatches ? "+" : ""}`;

  return (
    <div role="search" aria-label="Find in document" data-testid="find-bar" onKeyDown={onKeyDown} className="flex shrink-0 flex-col gap-1.5 border-b border-neutral-200 px-2 py-1.5 sm:px-3 dark:border-neutral-800">
      <div className="flex items-center gap-1">
        <input
          ref={findRef}
          aria-label="Find"
          placeholder="Find"
          autoFocus
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={(event) => {
            if (event.key !== "Enter") return;
            event.preventDefault();
            next(event.shiftKey ? -1 : 1);
          }}
          className={fieldClasses}
          data-testid="find-input"
        />
        <span role="status" className="w-20 shrink-0 text-center text-xs text-neutral-500 tabular-nums dark:text-neutral-400" data-testid="find-count">
          {status}
        </span>
        <IconButton label="Previous match (Shift+Enter)" disabled={count === 0} onClick={() => next(-1)} data-testid="find-previous">
          <ArrowUpIcon />
        </IconButton>
        <IconButton label="Next match (Enter)" disabled={count === 0} onClick={() => next(1)} data-testid="find-next">
          <ArrowDownIcon />
        </IconButton>
        <Button size="sm" variant="ghost" aria-expanded={withReplace} onClick={onToggleReplace} data-testid="find-toggle-replace">
          Replace…
        </Button>
        <IconButton label="Close find (Escape)" onClick={close} data-testid="find-close">
          <CloseIcon />
        </IconButton>
      </div>
      {withReplace ? (
        <div className="flex items-center gap-1">
          <input
            ref={replaceRef}
            aria-label="Replace with"
            placeholder="Replace with"
            value={replacement}
            onChange={(event) => setReplacement(event.target.value)}
            onKeyDown={(event) => {
              if (event.key !== "Enter") return;
              event.preventDefault();
              run((state) => replaceCurrent(state, replacement));
            }}
            className={fieldClasses}
            data-testid="replace-input"
          />
          <Button size="sm" disabled={count === 0} onClick={() => run((state) => replaceCurrent(state, replacement))} data-testid="replace-one">
            Replace
          </Button>
          <Button size="sm" disabled={count === 0} onClick={() => run((state) => replaceAllMatches(state, replacement))} data-testid="replace-all">
            Replace all
          </Button>
        </div>
      ) : null}
    </div>
  );
}
