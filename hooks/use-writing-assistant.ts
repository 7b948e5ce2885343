"use client";

import { useState } from "react";
import type { Editor } from "@tiptap/react";
import type { WriteAction, WriteRequest } from "@/lib/contracts/write";
import type { ApiError } from "@/lib/client/api/error";
import { applySuggestion, type ApplyMode } from "@/lib/client/editor/apply-suggestion";
import { clampDocument, documentText } from "@/lib/client/editor/content";
import { setTrackedRange } from "@/lib/client/editor/tracked-ranges";
import { writeTarget } from "@/lib/client/editor/write-target";
import { useTextStream } from "./use-text-stream";

/** An action as the person chose it; drafting sections is the outline's job. */
export interface WriteChoice {
  action: Exclude<WriteAction, "draft-section">;
  tone?: string;
  instruction?: string;
}

/**
 * Runs a writing action on the selection (or current paragraph) and holds the streamed
 * suggestion until it is accepted, inserted below, or discarded. The target text stays
 * highlighted and tracked, so edits made meanwhile don't shift where the answer goes.
 */
export function useWritingAssistant(
  editor: Editor | null,
  model: string | undefined,
  onError: (error: ApiError) => void,
  { documentId, onAccepted }: { documentId?: string; onAccepted?: (choice: WriteChoice) => void } = {},
) {
  const stream = useTextStream();
  const [choice, setChoice] = useState<WriteChoice | null>(null);
  const [request, setRequest] = useState<WriteRequest | null>(null);
  const [localError, setLocalError] = useState<ApiError | null>(null);

  const send = async (body: WriteRequest) => {
    const result = await stream.start("/api/write", body);
    if (result?.error) onError(result.error);
  };

  const run = (next: WriteChoice) => {
    if (!editor) return;
    setChoice(next);
    const found = writeTarget(editor.state, next.action);
    if (!found.ok) {
      stream.reset();
      setRequest(null);
      setTrackedRange(editor, "target", null);
      setLocalError({ code: "nothing_to_send", message: found.message });
      return;
    }
    const { from, to, text } = found.target;
    setTrackedRange(editor, "target", { from, to });
    const body: WriteRequest = {
      action: next.action,
      text,
      document: clampDocument(documentText(editor)),
      ...(next.tone ? { tone: next.tone } : {}),
      ...(next.instruction ? { instruction: next.instruction } : {}),
      ...(model ? { model } : {}),
      ...(documentId ? { document_id: documentId } : {}),
    };
    setLocalError(null);
    setRequest(body);
    void send(body);
  };

  const retry = () => {
    if (request) void send(request);
  };

  const close = () => {
    stream.reset();
    setChoice(null);
    setRequest(null);
    setLocalError(null);
  };

  const accept = (mode: ApplyMode) => {
    if (!editor || !choice || !applySuggestion(editor, stream.text, mode)) return;
    onAccepted?.(choice);
    close();
  };

  const discard = () => {
    if (editor) {
      setTrackedRange(editor, "target", null);
      editor.commands.focus();
    }
    close();
  };

  return {
    choice,
    text: stream.text,
    status: localError ? ("error" as const) : stream.status,
    error: localError ?? stream.error,
    stopped: stream.stopped,
    canRetry: request !== null,
    run,
    retry,
    stop: stream.stop,
    accept,
    discard,
  };
}
