"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { LocalModelStatusJson } from "@/lib/contracts/local-model";
import type { ApiError } from "@/lib/client/api/error";
import { localModelRequest } from "@/lib/client/api/local-model";

/** How often the download's progress is read while it runs. */
const POLL_MS = 500;

type Action = "read" | "start" | "cancel";

interface LocalModelState {
  status: LocalModelStatusJson | null;
  loading: boolean;
  /** The last request that failed (reading the state, starting or cancelling). */
  error: ApiError | null;
  /** A read, start or cancel the writer asked for, on its way. */
  pending: Action | null;
  /** Answers read so far: a failed read during a download schedules the next one too. */
  reads: number;
}

const isDownloading = (status: LocalModelStatusJson | null) =>
  status?.download.state === "downloading" || status?.download.state === "verifying";

/**
 * The embedded model's setup (GET /api/local-model), its download started, followed (every
 * 500 ms while it runs) and cancelled; `onReady` is told once a download has finished.
 */
export function useLocalModel({ onReady }: { onReady: () => void }) {
  const [state, setState] = useState<LocalModelState>({ status: null, loading: true, error: null, pending: null, reads: 0 });
  const onReadyRef = useRef(onReady);
  const toldReady = useRef(false);

  useEffect(() => {
    onReadyRef.current = onReady;
  }, [onReady]);

  // The first read, then one every POLL_MS while a download runs (each answer schedules the next).
  const downloading = isDownloading(state.status);
  const status = state.status;
  const reads = state.reads;
  useEffect(() => {
    const first = status === null && reads === 0;
    if (!first && !downloading) return;
    const controller = new AbortController();
    const timer = window.setTimeout(
      () => {
        void localModelRequest("GET", controller.signal)
          .then((result) => {
            if (controller.signal.aborted) return;
            setState((s) => ({
              ...s,
              loading: false,
              status: result.status ?? s.status,
              error: result.error ?? null,
              reads: s.reads + 1,
            }));
          })
          .catch(() => undefined);
      },
      first ? 0 : POLL_MS,
    );
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [status, downloading, reads]);

  // A finished download: the studio reads /api/status again (the local provider is active now).
  useEffect(() => {
    if (status?.download.state === "done" && !toldReady.current) {
      toldReady.current = true;
      onReadyRef.current();
    }
  }, [status]);

  const act = useCallback(async (action: Action) => {
    setState((s) => ({ ...s, pending: action, error: null }));
    const result = await localModelRequest(action === "start" ? "POST" : action === "cancel" ? "DELETE" : "GET");
    setState((s) => ({ ...s, loading: false, pending: null, status: result.status ?? s.status, error: result.error ?? null }));
    return !result.error;
  }, []);

  const start = useCallback(() => act("start"), [act]);
  const cancel = useCallback(() => act("cancel"), [act]);
  const reload = useCallback(() => act("read"), [act]);

  return { ...state, downloading, start, cancel, reload };
}
