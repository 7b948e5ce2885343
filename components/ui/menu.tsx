"use client";

import { useEffect, useRef, type CSSProperties, type KeyboardEvent, type ReactNode } from "react";
import { cn } from "@/lib/utils";

export interface MenuItem {
  id: string;
  label: string;
  icon?: ReactNode;
  /** Shown dimmed on the right, e.g. "›" for items that open a follow-up step. */
  trailing?: ReactNode;
  testId?: string;
  /** A second, smaller line under the label. */
  description?: string;
  onSelect: () => void;
}

export type MenuCloseReason = "escape" | "outside" | "tab";

interface MenuProps {
  label: string;
  items: readonly MenuItem[];
  onClose: (reason: MenuCloseReason) => void;
  /** Clicks on elements this accepts don't count as "outside" (e.g. the button that toggles the menu). */
  isInside?: (target: Element) => boolean;
  className?: string;
  style?: CSSProperties;
  testId?: string;
}

export const popoverClasses =
  "rounded-xl border border-neutral-200 bg-white p-1.5 shadow-lg shadow-neutral-900/10 dark:border-neutral-700 dark:bg-neutral-900 dark:shadow-black/40";

/**
 * A WAI-ARIA menu: focus moves to the first item, arrows / Home / End / first letter move
 * between items, Enter or Space chooses, Escape / Tab / a click outside close it.
 */
export function Menu({ label, items, onClose, isInside, className, style, testId }: MenuProps) {
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, []);

  useEffect(() => {
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target;
      if (!(target instanceof Element) || ref.current?.contains(target) || isInside?.(target)) return;
      onClose("outside");
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [onClose, isInside]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const elements = Array.from(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);
    const index = elements.indexOf(document.activeElement as HTMLElement);
    const focusAt = (i: number) => elements[(i + elements.length) % elements.length]?.focus();
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        focusAt(index + 1);
        break;
      case "ArrowUp":
        event.preventDefault();
        focusAt(index - 1);
        break;
      case "Home":
        event.preventDefault();
        focusAt(0);
        break;
      case "End":
        event.preventDefault();
        focusAt(elements.length - 1);
        break;
      case "Escape":
        event.preventDefault();
        event.stopPropagation();
        onClose("escape");
        break;
      case "Tab":
        event.preventDefault();
        onClose("tab");
        break;
      default:
        if (event.key.length === 1 && /\S/.test(event.key) && !event.ctrlKey && !event.metaKey && !event.altKey) {
          const letter = event.key.toLowerCase();
          const order = [...elements.slice(index + 1), ...elements.slice(0, index + 1)];
          order.find((el) => el.textContent?.trim().toLowerCase().startsWith(letter))?.focus();
        }
    }
  };

  return (
    <div
      ref={ref}
      role="menu"
      aria-label={label}
      aria-orientation="vertical"
      data-testid={testId}
      onKeyDown={onKeyDown}
      className={cn(popoverClasses, "flex min-w-56 flex-col", className)}
      style={style}
    >
      {items.map((item) => (
        <button
          key={item.id}
          type="button"
          role="menuitem"
          tabIndex={-1}
          data-testid={item.testId}
          onClick={item.onSelect}
          className={cn(
            item.description ? "min-h-9 py-1.5" : "h-9",
            "flex items-center gap-2.5 rounded-lg px-2.5 text-left text-sm text-neutral-800 outline-none hover:bg-neutral-100 focus:bg-indigo-50 focus:text-indigo-800 dark:text-neutral-200 dark:hover:bg-neutral-800 dark:focus:bg-indigo-500/15 dark:focus:text-indigo-200 [&_svg]:size-4 [&_svg]:shrink-0 [&_svg]:text-neutral-500 dark:[&_svg]:text-neutral-400",
          )}
        >
          {item.icon}
          {item.description ? (
            <span className="flex min-w-0 flex-1 flex-col">
              <span className="truncate">{item.label}</span>
              <span className="truncate text-xs text-neutral-500 dark:text-neutral-400">{item.description}</span>
            </span>
          ) : (
            <span className="min-w-0 flex-1 truncate">{item.label}</span>
          )}
          {item.trailing ? <span className="text-xs text-neutral-400 dark:text-neutral-500">{item.trailing}</span> : null}
        </button>
      ))}
    </div>
  );
}
