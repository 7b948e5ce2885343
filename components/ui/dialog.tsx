"use client";

import { useEffect, useId, useRef, type ReactNode } from "react";
import { cn } from "@/lib/utils";

interface DialogProps {
  open: boolean;
  title: string;
  description?: ReactNode;
  /** Content between the text and the buttons (a list, a table), outside the dialog's description. */
  body?: ReactNode;
  /** Escape, the backdrop or a Cancel button: the caller sets `open` to false. */
  onClose: () => void;
  /** The buttons, right-aligned under the text. */
  children: ReactNode;
  testId?: string;
  className?: string;
}

/**
 * A modal dialog on the native `<dialog>`: the browser traps focus, makes the page behind
 * inert and closes it on Escape; focus goes back to where it was when it closes.
 */
export function Dialog({ open, title, description, body, onClose, children, testId, className }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      data-testid={testId}
      onClose={onClose}
      // A click on the backdrop lands on the <dialog> itself, not on its content.
      onClick={(event) => {
        if (event.target === event.currentTarget) onClose();
      }}
      className={cn(
        "m-auto w-[min(28rem,calc(100vw-2rem))] rounded-2xl border border-neutral-200 bg-white p-0 text-neutral-900 shadow-xl backdrop:bg-neutral-950/40 dark:border-neutral-700 dark:bg-neutral-900 dark:text-neutral-100 dark:backdrop:bg-black/60",
        className,
      )}
    >
      {open ? (
        <div className="flex flex-col gap-4 p-5">
          <div className="flex flex-col gap-1.5">
            <h2 id={titleId} className="text-base font-semibold">
              {title}
            </h2>
            {description ? (
              <div id={descriptionId} className="text-sm leading-6 text-neutral-600 dark:text-neutral-400">
                {description}
              </div>
            ) : null}
          </div>
          {body}
          <div className="flex flex-wrap justify-end gap-2">{children}</div>
        </div>
      ) : null}
    </dialog>
  );
}
