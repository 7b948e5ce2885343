import type { ReactNode } from "react";
import { cn } from "@/lib/utils";
import { AlertIcon } from "./icons";

interface AlertProps {
  children: ReactNode;
  testId?: string;
  /** E.g. a dismiss button, on the right. */
  action?: ReactNode;
  className?: string;
}

/** An error message, announced when it appears. */
export function Alert({ children, testId = "error-alert", action, className }: AlertProps) {
  return (
    <div
      role="alert"
      data-testid={testId}
      className={cn(
        "flex items-start gap-2 rounded-lg border border-red-200 bg-red-50 px-3 py-2.5 text-sm text-red-800 dark:border-red-500/30 dark:bg-red-500/10 dark:text-red-200",
        className,
      )}
    >
      <AlertIcon className="mt-0.5 size-4 shrink-0" />
      <div className="flex-1 leading-5">{children}</div>
      {action}
    </div>
  );
}
