"use client";

import type { ComponentProps, ReactNode } from "react";
import type { ApiError } from "@/lib/client/api/error";
import { useRetryCountdown } from "@/hooks/use-model-wait";
import { Button } from "@/components/ui/button";
import { RefreshIcon } from "@/components/ui/icons";

/** "Retry in N s" while the server's `retry_after` runs, else the button's own label. */
export function RetryCountdownLabel({ left, children }: { left: number; children: ReactNode }) {
  return left > 0 ? <span data-testid="retry-countdown">Retry in {left} s</span> : children;
}

/**
 * The retry button of a failed model call: disabled, counting down, until the time the server
 * gave (`retry_after`: the model is paused after repeated failures, or rate-limited) has passed.
 */
export function ModelRetryButton({ error, disabled, children, ...props }: ComponentProps<typeof Button> & { error: ApiError | null | undefined }) {
  const left = useRetryCountdown(error);
  return (
    <Button {...props} disabled={disabled || left > 0}>
      {left > 0 ? <RefreshIcon /> : null}
      <RetryCountdownLabel left={left}>{children}</RetryCountdownLabel>
    </Button>
  );
}
