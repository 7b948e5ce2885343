"use client";

import { useEffect, type FocusEvent, type KeyboardEvent, type RefObject } from "react";

/** The toolbar's buttons that can take focus: enabled and shown (some are hidden on small screens). */
const buttonsIn = (root: HTMLElement) => Array.from(root.querySelectorAll<HTMLButtonElement>("button:not(:disabled)")).filter((button) => button.getClientRects().length > 0);

/**
 * A toolbar as one Tab stop (the ARIA toolbar pattern): Tab reaches the button last used, the arrow
 * keys, Home and End move between its buttons. Keeps the document a few Tab stops from the top.
 */
export function useRovingFocus(ref: RefObject<HTMLElement | null>) {
  // After every render: a button may have been disabled (Undo) or added; exactly one enabled button stays reachable.
  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    const buttons = buttonsIn(root);
    const current = buttons.find((button) => button.dataset.roving === "current") ?? buttons[0];
    for (const button of buttons) button.tabIndex = button === current ? 0 : -1;
    if (current) current.dataset.roving = "current";
  });

  const onFocus = (event: FocusEvent<HTMLElement>) => {
    const root = ref.current;
    if (!root || !(event.target instanceof HTMLButtonElement)) return;
    for (const button of buttonsIn(root)) {
      button.tabIndex = button === event.target ? 0 : -1;
      if (button === event.target) button.dataset.roving = "current";
      else delete button.dataset.roving;
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    const root = ref.current;
    if (!root) return;
    const buttons = buttonsIn(root);
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (at === -1) return;
    const next = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: buttons.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    buttons[(next + buttons.length) % buttons.length]?.focus();
  };

  return { onFocus, onKeyDown };
}
