"use client";

import { useEffect, useRef, type KeyboardEvent, type ReactNode } from "react";
import { cn } from "@/lib/utils";

interface StudioDialogProps {
  open: boolean;
  /** Escape (and, for a sheet, the backdrop) call this only while `dismissible`. */
  onClose: () => void;
  dismissible: boolean;
  labelledBy: string;
  describedBy?: string;
  /** "center": a decision; "sheet": a drawer on the right (history). */
  variant?: "center" | "sheet";
  testId?: string;
  children: ReactNode;
}

const variants = {
  center: "m-auto max-h-[min(40rem,calc(100dvh-2rem))] w-[min(36rem,calc(100vw-2rem))] rounded-2xl",
  sheet: "my-0 mr-0 ml-auto h-dvh max-h-dvh w-[min(44rem,100vw)] rounded-none border-y-0 border-r-0 sm:rounded-l-2xl",
};

/**
 * A modal `<dialog>`: the browser traps focus, makes the page behind inert and gives focus
 * back when it closes. Unlike components/ui/dialog, Escape can be refused: a decision that
 * must be made (a save conflict) stays open until it is.
 */
export function StudioDialog({ open, onClose, dismissible, labelledBy, describedBy, variant = "center", testId, children }: StudioDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      // React's autoFocus fires before the dialog is shown; `data-autofocus` picks the default action.
      dialog.querySelector<HTMLElement>("[data-autofocus]")?.focus();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);

  // Handled on keydown: cancelling that keeps the browser from closing the dialog at all.
  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>) => {
    if (event.key !== "Escape") return;
    event.preventDefault();
    event.stopPropagation();
    if (dismissible) onClose();
  };

  return (
    <dialog
      ref={ref}
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
      data-testid={testId}
      onKeyDown={onKeyDown}
      onCancel={(event) => {
        event.preventDefault();
        if (dismissible) onClose();
      }}
      onClick={(event) => {
        if (variant === "sheet" && dismissible && event.target === event.currentTarget) onClose();
      }}
      className={cn(
        "border border-neutral-200 bg-white p-0 text-neutral-900 shadow-2xl backdrop:bg-neutral-950/40 dark:border-neutral-700 dark:bg-neutral-900 dark:text-neutral-100 dark:backdrop:bg-black/60",
        variants[variant],
      )}
    >
      {open ? children : null}
    </dialog>
  );
}
