import type { ReactNode } from "react";
import { cn } from "@/lib/utils";

interface ToastProps {
  children: ReactNode;
  /** E.g. an Undo button. */
  action?: ReactNode;
  testId?: string;
  className?: string;
}

/** A short notice at the bottom of the screen, announced politely; the caller decides when it goes. */
export function Toast({ children, action, testId = "toast", className }: ToastProps) {
  return (
    <div
      role="status"
      data-testid={testId}
      className={cn(
        "fixed bottom-14 left-1/2 z-50 flex max-w-[calc(100vw-2rem)] -translate-x-1/2 items-center gap-3 rounded-lg bg-neutral-900 py-2 pr-2 pl-4 text-sm text-white shadow-lg dark:bg-neutral-100 dark:text-neutral-900",
        className,
      )}
    >
      <span className="min-w-0 truncate">{children}</span>
      {action}
    </div>
  );
}

/** The toast's one button (Undo), in the toast's inverted colours. */
export function ToastAction({ children, onClick, testId }: { children: ReactNode; onClick: () => void; testId?: string }) {
  return (
    <button
      type="button"
      onClick={onClick}
      data-testid={testId}
      className="h-8 shrink-0 rounded-md px-3 text-sm font-semibold text-indigo-300 hover:bg-white/10 dark:text-indigo-700 dark:hover:bg-neutral-900/10"
    >
      {children}
    </button>
  );
}
