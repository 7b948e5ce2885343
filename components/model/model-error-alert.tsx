"use client";

import type { ReactNode } from "react";
import type { ApiError } from "@/lib/client/api/error";
import { useCountdown } from "@/hooks/use-model-wait";
import { RetryAlert } from "@/components/ui/retry-alert";

interface ModelErrorAlertProps {
  error: ApiError;
  onRetry?: () => void;
  testId: string;
  retryTestId: string;
  className?: string;
  children?: ReactNode;
}

/**
 * A failed model call: the server's message and Retry, which counts down the seconds the server
 * gave (`retry_after`: the model is paused after repeated failures, or rate-limited) first.
 */
export function ModelErrorAlert({ error, onRetry, testId, retryTestId, className, children }: ModelErrorAlertProps) {
  const left = useCountdown(error.retryAfter);
  return (
    <RetryAlert
      testId={testId}
      retryTestId={retryTestId}
      className={className}
      onRetry={onRetry}
      retryDisabled={left > 0}
      retryLabel={left > 0 ? <span data-testid="retry-countdown">Retry in {left} s</span> : "Retry"}
    >
      {children ?? error.message}
    </RetryAlert>
  );
}
