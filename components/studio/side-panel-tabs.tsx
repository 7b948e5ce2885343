"use client";

import type { KeyboardEvent } from "react";
import { cn } from "@/lib/utils";

interface SidePanelTab<T extends string> {
  value: T;
  label: string;
  /** The id of the tab's panel. */
  controls: string;
}

interface SidePanelTabsProps<T extends string> {
  label: string;
  tabs: readonly SidePanelTab<T>[];
  value: T;
  onChange: (value: T) => void;
}

/** Tabs at the top of a side panel (the outline column: Outline | Style guide); arrow keys move between them. */
export function SidePanelTabs<T extends string>({ label, tabs, value, onChange }: SidePanelTabsProps<T>) {
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
    event.preventDefault();
    const index = tabs.findIndex((t) => t.value === value);
    const next = tabs[(index + (event.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length]!;
    onChange(next.value);
    event.currentTarget.querySelector<HTMLElement>(`#${next.controls}-tab`)?.focus();
  };
  return (
    <div role="tablist" aria-label={label} onKeyDown={onKeyDown} className="flex shrink-0 gap-1 border-b border-neutral-200 px-2 pt-1.5 dark:border-neutral-800">
      {tabs.map((tab) => (
        <button
          key={tab.value}
          id={`${tab.controls}-tab`}
          type="button"
          role="tab"
          aria-selected={tab.value === value}
          aria-controls={tab.controls}
          tabIndex={tab.value === value ? 0 : -1}
          onClick={() => onChange(tab.value)}
          data-testid={`side-tab-${tab.value}`}
          className={cn(
            "-mb-px border-b-2 px-2.5 pt-1 pb-2 text-[13px] font-medium transition-colors",
            tab.value === value
              ? "border-indigo-600 text-neutral-900 dark:border-indigo-400 dark:text-neutral-100"
              : "border-transparent text-neutral-500 hover:text-neutral-900 dark:text-neutral-400 dark:hover:text-neutral-100",
          )}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}
