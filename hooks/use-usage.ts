"use client";

import { useEffect, useState } from "react";
import type { UsageJson } from "@/lib/contracts/conversations";
import type { ApiError } from "@/lib/client/api/error";
import { fetchUsage } from "@/lib/client/api/usage";

interface Loaded {
  days: number;
  usage: UsageJson | null;
  error: ApiError | null;
}

/** `GET /api/usage?days=N`; the previous period stays on screen while another one loads. */
export function useUsage(days: number) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    void fetchUsage(days, controller.signal).then((result) => {
      if (controller.signal.aborted) return;
      setLoaded((previous) => ({
        days,
        usage: result.ok ? result.data : (previous?.usage ?? null),
        error: result.ok ? null : result.error,
      }));
    });
    return () => controller.abort();
  }, [days]);

  return { usage: loaded?.usage ?? null, error: loaded?.error ?? null, loading: loaded?.days !== days };
}
