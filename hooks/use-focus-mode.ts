"use client";

import { useCallback, useEffect } from "react";
import { storageKeys } from "@/lib/client/storage";
import { useLocalStorage } from "./use-local-storage";

const parseFlag = (value: unknown) => (typeof value === "boolean" ? value : undefined);

/** Ctrl/⌘+Shift+F anywhere in the studio, like the toolbar's button. */
export const focusModeShortcut = { keys: "Control+Shift+F Meta+Shift+F", label: "Ctrl+Shift+F / ⌘⇧F" } as const;

const isFocusModeKey = (event: KeyboardEvent) => (event.ctrlKey || event.metaKey) && event.shiftKey && !event.altKey && event.key.toLowerCase() === "f";

/** Focus mode (the side panels hidden), remembered in this browser, with its shortcut. */
export function useFocusMode(): [boolean, () => void] {
  const [on, setOn] = useLocalStorage(storageKeys.focusMode, false, parseFlag);
  const toggle = useCallback(() => setOn((value) => !value), [setOn]);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!isFocusModeKey(event)) return;
      event.preventDefault();
      toggle();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [toggle]);
  return [on, toggle];
}
