"use client";

import { useCallback, useEffect, useState } from "react";
import type { ModelStatus } from "@/lib/ai/models";
import type { ApiError } from "@/lib/client/api/error";
import { fetchModelStatus } from "@/lib/client/api/status";

interface StatusState {
  status: ModelStatus | null;
  loading: boolean;
  error: ApiError | null;
}

/** Which provider and models the server offers (`GET /api/status`), with a way to check again. */
export function useModelStatus() {
  const [state, setState] = useState<StatusState>({ status: null, loading: true, error: null });

  useEffect(() => {
    const controller = new AbortController();
    void fetchModelStatus(controller.signal).then((result) => {
      if (!controller.signal.aborted) setState({ ...result, loading: false });
    });
    return () => controller.abort();
  }, []);

  const refresh = useCallback(async () => {
    setState((current) => ({ ...current, loading: true }));
    const result = await fetchModelStatus();
    setState({ ...result, loading: false });
    return result.status;
  }, []);

  return { ...state, refresh };
}
