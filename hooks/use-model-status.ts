"use client";

import { useCallback, useEffect, useState } from "react";
import type { ModelStatus } from "@/lib/ai/models";
import { networkError, readApiError, type ApiError } from "@/lib/client/api-error";

interface StatusState {
  status: ModelStatus | null;
  loading: boolean;
  error: ApiError | null;
}

async function fetchStatus(signal?: AbortSignal): Promise<Omit<StatusState, "loading">> {
  try {
    const response = await fetch("/api/status", { cache: "no-store", signal });
    if (!response.ok) return { status: null, error: await readApiError(response) };
    return { status: (await response.json()) as ModelStatus, error: null };
  } catch {
    return { status: null, error: networkError };
  }
}

/** Which provider and models the server offers (`GET /api/status`), with a way to check again. */
export function useModelStatus() {
  const [state, setState] = useState<StatusState>({ status: null, loading: true, error: null });

  useEffect(() => {
    const controller = new AbortController();
    void fetchStatus(controller.signal).then((result) => {
      if (!controller.signal.aborted) setState({ ...result, loading: false });
    });
    return () => controller.abort();
  }, []);

  const refresh = useCallback(async () => {
    setState((current) => ({ ...current, loading: true }));
    const result = await fetchStatus();
    setState({ ...result, loading: false });
    return result.status;
  }, []);

  return { ...state, refresh };
}
