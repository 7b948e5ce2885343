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
        "fixed bottom-4 left-1/2 z-50 flex max-w-[calc(100vw-2rem)] -translate-x-1/2 items-center gap-3 rounded-lg bg-neutral-900 py-2 pr-2 pl-4 text-sm text-white shadow-lg dark:bg-neutral-100 dark:text-neutral-900",
        className,
      )}
    >
      <span className="min-w-0 truncate">{children}</span>
      {action}
    </div>
  );
}
