"use client";

import type { ReactNode } from "react";
import type { ApiError } from "@/lib/client/api/error";
import { useRetryCountdown } from "@/hooks/use-model-wait";
import { RetryCountdownLabel } from "@/components/model/model-retry-button";
import { RetryAlert } from "@/components/ui/retry-alert";

interface ModelErrorAlertProps {
  error: ApiError;
  onRetry?: () => void;
  testId: string;
  retryTestId: string;
  /** The retry button's label once the countdown (if any) is over. */
  retryLabel?: ReactNode;
  className?: string;
  children?: ReactNode;
}

/**
 * A failed model call: the server's message and Retry, which counts down the seconds the server
 * gave (`retry_after`: the model is paused after repeated failures, or rate-limited) first.
 */
export function ModelErrorAlert({ error, onRetry, testId, retryTestId, retryLabel = "Retry", className, children }: ModelErrorAlertProps) {
  const left = useRetryCountdown(error);
  return (
    <RetryAlert
      testId={testId}
      retryTestId={retryTestId}
      className={className}
      onRetry={onRetry}
      retryDisabled={left > 0}
      retryLabel={<RetryCountdownLabel left={left}>{retryLabel}</RetryCountdownLabel>}
    >
      {children ?? error.message}
    </RetryAlert>
  );
}
