"use client";

import { useEffect, useState } from "react";
import type { ApiError } from "@/lib/client/api/error";
import { slowAfterSeconds, waitNote, type BreakerJson } from "@/lib/client/model-wait";

/** How often a long wait asks the server what the model is doing. */
const pollMs = 3_000;

async function breakerOf(model: string | undefined, signal: AbortSignal): Promise<BreakerJson | undefined> {
  try {
    const response = await fetch("/api/status", { cache: "no-store", signal });
    if (!response.ok) return undefined;
    const status = (await response.json()) as { defaultModel?: string | null; breakers?: BreakerJson[] };
    const waitedOn = model ?? status.defaultModel ?? undefined;
    return status.breakers?.find((b) => b.model === waitedOn);
  } catch {
    return undefined;
  }
}

/**
 * A wait on a model, from when the component using it mounts: the seconds waited so far and, once
 * the wait is long, what the server says the model is doing (`GET /api/status`: retrying, paused
 * after failures and until when).
 */
export function useModelWait(model?: string): { seconds: number; note: string | null } {
  const [seconds, setSeconds] = useState(0);
  const [breaker, setBreaker] = useState<BreakerJson | undefined>(undefined);

  useEffect(() => {
    const started = Date.now();
    const tick = setInterval(() => setSeconds(Math.floor((Date.now() - started) / 1000)), 1_000);
    const controller = new AbortController();
    let poll: ReturnType<typeof setTimeout> | undefined;
    const check = async () => {
      const found = await breakerOf(model, controller.signal);
      if (controller.signal.aborted) return;
      setBreaker(found);
      poll = setTimeout(() => void check(), pollMs);
    };
    const first = setTimeout(() => void check(), slowAfterSeconds * 1_000);
    return () => {
      clearInterval(tick);
      clearTimeout(first);
      clearTimeout(poll);
      controller.abort();
    };
  }, [model]);

  return { seconds, note: waitNote(breaker, seconds) };
}

/**
 * Seconds left until a failed call may be retried (the error's `retry_after`, counted from when it
 * arrived), down to 0: every AI surface's retry button waits on this.
 */
export function useRetryCountdown(error: ApiError | null | undefined): number {
  const retryAt = error?.retryAt;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!retryAt) return;
    const update = () => {
      const at = Date.now();
      setNow(at);
      if (at >= retryAt) clearInterval(tick);
    };
    // At once too: `now` may date from long before this error arrived.
    const first = setTimeout(update, 0);
    const tick = setInterval(update, 500);
    return () => {
      clearTimeout(first);
      clearInterval(tick);
    };
  }, [retryAt]);
  return retryAt ? Math.max(0, Math.ceil((retryAt - now) / 1000)) : 0;
}
