import type { ReactNode } from "react";
import { cn } from "@/lib/utils";
import { Button } from "./button";
import { AlertIcon, RefreshIcon } from "./icons";

interface RetryAlertProps {
  children: ReactNode;
  /** Without it, no retry button (nothing to retry). */
  onRetry?: () => void;
  retryLabel?: ReactNode;
  /** Retrying makes no sense yet (the server said when it does). */
  retryDisabled?: boolean;
  testId: string;
  retryTestId: string;
  className?: string;
}

/** A failed request: its message, announced, and a button to try it again. */
export function RetryAlert({ children, onRetry, retryLabel = "Retry", retryDisabled, testId, retryTestId, className }: RetryAlertProps) {
  return (
    <div
      role="alert"
      data-testid={testId}
      className={cn(
        "flex flex-col gap-2 rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-800 dark:border-red-500/30 dark:bg-red-500/10 dark:text-red-200",
        className,
      )}
    >
      <p className="flex items-start gap-2">
        <AlertIcon className="mt-0.5 size-4 shrink-0" />
        <span>{children}</span>
      </p>
      {onRetry ? (
        <Button size="sm" className="self-start" onClick={onRetry} disabled={retryDisabled} data-testid={retryTestId}>
          <RefreshIcon /> {retryLabel}
        </Button>
      ) : null}
    </div>
  );
}
