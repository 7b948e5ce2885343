"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { ApiError } from "@/lib/client/api/error";
import { streamText, type StreamResult } from "@/lib/client/api/stream-text";

export type StreamStatus = "idle" | "streaming" | "done" | "error";

interface StreamState {
  text: string;
  status: StreamStatus;
  error: ApiError | null;
  /** Ended by `stop()`: the text is what arrived until then. */
  stopped: boolean;
}

const idle: StreamState = { text: "", status: "idle", error: null, stopped: false };

/**
 * A POST whose `text/plain` answer is shown as it arrives. Starting again aborts the
 * previous request; `stop` keeps the partial text; `reset` forgets everything.
 */
export function useTextStream() {
  const [state, setState] = useState<StreamState>(idle);
  const controllerRef = useRef<AbortController | null>(null);

  useEffect(() => () => controllerRef.current?.abort(), []);

  const start = useCallback(async (url: string, body: unknown): Promise<StreamResult | null> => {
    controllerRef.current?.abort();
    const controller = new AbortController();
    controllerRef.current = controller;
    setState({ ...idle, status: "streaming" });
    const result = await streamText(url, body, {
      signal: controller.signal,
      onChunk: (_chunk, text) => {
        if (controllerRef.current === controller) setState((current) => ({ ...current, text }));
      },
    });
    // A newer request or a reset took over: this one's outcome no longer matters.
    if (controllerRef.current !== controller) return null;
    setState({
      text: result.text,
      status: result.outcome === "error" ? "error" : "done",
      error: result.error ?? null,
      stopped: result.outcome === "stopped",
    });
    return result;
  }, []);

  const stop = useCallback(() => controllerRef.current?.abort(), []);

  const reset = useCallback(() => {
    controllerRef.current?.abort();
    controllerRef.current = null;
    setState(idle);
  }, []);

  return { ...state, start, stop, reset };
}
