"use client";

import { useEffect, useRef, type ReactNode } from "react";
import { cn } from "@/lib/utils";

interface SidePanelProps {
  id: string;
  label: string;
  side: "left" | "right";
  /** On small screens the panel is a drawer; on wide screens it is always shown. */
  open: boolean;
  /** Escape and the backdrop close the drawer; the panel's own header has a close button. */
  onClose: () => void;
  children: ReactNode;
}

/** A column on wide screens, a drawer over the editor on small ones. */
export function SidePanel({ id, label, side, open, onClose, children }: SidePanelProps) {
  const ref = useRef<HTMLElement>(null);

  useEffect(() => {
    if (open) ref.current?.focus();
  }, [open]);

  return (
    <>
      {open ? <div aria-hidden="true" onClick={onClose} className="fixed inset-0 z-30 bg-neutral-950/30 backdrop-blur-[1px] xl:hidden" /> : null}
      <aside
        ref={ref}
        id={id}
        aria-label={label}
        tabIndex={-1}
        onKeyDown={(e) => {
          if (e.key === "Escape" && open) onClose();
        }}
        className={cn(
          "min-h-0 flex-col overflow-hidden rounded-xl border border-neutral-200 bg-white shadow-xs outline-none dark:border-neutral-800 dark:bg-neutral-900",
          "xl:static xl:z-auto xl:flex xl:w-auto xl:shadow-xs",
          open ? "fixed inset-y-3 z-40 flex w-[min(26rem,calc(100vw-1.5rem))] shadow-2xl" : "hidden",
          side === "left" ? "left-3" : "right-3",
        )}
      >
        {children}
      </aside>
    </>
  );
}
