"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { Editor } from "@tiptap/react";
import { closeHistory, isHistoryTransaction } from "@tiptap/pm/history";
import { TextSelection, type Transaction } from "@tiptap/pm/state";
import type { StudioEditRequest } from "@/lib/contracts/edits";
import { limits } from "@/lib/contracts/limits";
import { writeActionLabels } from "@/lib/contracts/write";
import type { ApiError } from "@/lib/client/api/error";
import { streamText } from "@/lib/client/api/stream-text";
import { clampDocument, documentText } from "@/lib/client/editor/content";
import { beginRun, endRun, liveRun, rangeMarkdown, streamStep, suggestionAt } from "@/lib/client/editor/tracked-run";
import { updateHunks } from "@/lib/client/editor/hunk-index";
import { writeTarget } from "@/lib/client/editor/write-target";
import { suggestionMarkName } from "@/lib/editor/suggestions/marks";
import { isSuggestionTransaction } from "@/lib/editor/suggestions/meta";
import {
  acceptRun,
  acceptSuggestion,
  findSuggestions,
  nextSuggestion,
  previousSuggestion,
  rejectRun,
  rejectSuggestion,
  type Hunk,
} from "@/lib/editor/suggestions/review";
import type { WriteChoice } from "./use-writing-assistant";

/** The actions that rewrite the text in place, as tracked changes. */
export const trackedActions = ["improve", "shorter", "longer", "fix", "tone", "custom"] as const satisfies readonly WriteChoice["action"][];
export type TrackedChoice = WriteChoice & { action: (typeof trackedActions)[number] };
export const isTrackedChoice = (choice: WriteChoice): choice is TrackedChoice => trackedActions.some((action) => action === choice.action);

/** What the hover card says about a run: the action, its instruction and the model. */
export interface RunInfo {
  /** The action, with the tone when it has one. */
  label: string;
  detail?: string;
  model: string;
}

const newRunId = () => crypto.randomUUID().replaceAll("-", "").slice(0, 16);

/** Whether a transaction may have added or removed suggestions (the writer's plain typing can't). */
const mayChangeSuggestions = (tr: Transaction) =>
  tr.docChanged && (isSuggestionTransaction(tr) || isHistoryTransaction(tr) || tr.getMeta("addToHistory") === false || tr.getMeta("uiEvent") === "paste");

/**
 * AI edits in the document as tracked changes: runs an action on the selection (or the paragraph),
 * streams the answer into place as suggestions, and reviews them. The writer keeps typing meanwhile.
 */
export function useTrackedEdits(
  editor: Editor | null,
  model: string | undefined,
  onError: (error: ApiError) => void,
  { documentId, onAccepted }: { documentId?: string; onAccepted?: (label: string) => void } = {},
) {
  const [runs, setRuns] = useState<Record<string, RunInfo>>({});
  const [streaming, setStreaming] = useState<string | null>(null);
  const [hunks, setHunks] = useState<Hunk[]>([]);
  const [activeId, setActiveId] = useState<string | undefined>(undefined);
  const [failure, setFailure] = useState<{ error: ApiError; choice: TrackedChoice } | null>(null);
  const controllerRef = useRef<AbortController | null>(null);

  // The review state follows the document, at most once a frame. The hunks are kept up to date
  // through each transaction by scanning only what it touched (plain typing with no pending
  // suggestion not at all); React sees them when the set changes, or their places while one is
  // active (its card follows it): typing elsewhere re-renders nothing.
  useEffect(() => {
    if (!editor) return;
    let frame = 0;
    let current = findSuggestions(editor.state.doc);
    let shown = "";
    let active: string | undefined;
    const update = () => {
      frame = 0;
      if (editor.isDestroyed) return;
      active = current.length ? suggestionAt(editor.state) : undefined;
      const key = current.map((h) => `${h.id} ${h.runId} ${h.conflict} ${h.deleted.length} ${h.inserted.length}${active ? ` ${h.from} ${h.to}` : ""}`).join();
      if (key !== shown) {
        shown = key;
        setHunks(current);
      }
      setActiveId(active);
    };
    const onTransaction = ({ transaction, appendedTransactions = [] }: { transaction: Transaction; appendedTransactions?: Transaction[] }) => {
      for (const tr of [transaction, ...appendedTransactions]) {
        if (tr.docChanged && (current.length > 0 || mayChangeSuggestions(tr))) current = updateHunks(current, tr);
      }
      if (!frame) frame = requestAnimationFrame(update);
    };
    update();
    editor.on("transaction", onTransaction);
    return () => {
      editor.off("transaction", onTransaction);
      cancelAnimationFrame(frame);
    };
  }, [editor]);

  useEffect(() => () => controllerRef.current?.abort(), []);

  const stop = useCallback(() => controllerRef.current?.abort(), []);

  const start = async (choice: TrackedChoice) => {
    if (!editor) return;
    controllerRef.current?.abort();
    setFailure(null);
    const refuse = (message: string) => setFailure({ error: { code: "nothing_to_send", message }, choice });
    const found = writeTarget(editor.state, choice.action);
    if (!found.ok) return refuse(found.message);
    const { from, to } = found.target;
    if (editor.state.doc.rangeHasMark(from, to, editor.state.schema.marks[suggestionMarkName]!)) {
      return refuse("Accept or reject the changes in this text first.");
    }
    const original = rangeMarkdown(editor.state.doc, from, to);
    if (original.length > limits.documentChars) {
      return refuse(`The selection is too long: select at most ${limits.documentChars.toLocaleString("en")} characters.`);
    }
    const runId = newRunId();
    const whole = documentText(editor);
    const body: StudioEditRequest = {
      action: choice.action,
      text: original,
      ...(choice.tone ? { tone: choice.tone } : {}),
      ...(choice.instruction ? { instruction: choice.instruction } : {}),
      // The surrounding document is context only when there is more of it than the text.
      ...(whole.trim() !== found.target.text.trim() ? { document: clampDocument(whole) } : {}),
      ...(model ? { model } : {}),
      ...(documentId ? { document_id: documentId } : {}),
    };
    setRuns((current) => ({
      ...current,
      [runId]: {
        label: choice.tone ? `${writeActionLabels.tone}: ${choice.tone}` : writeActionLabels[choice.action],
        detail: choice.instruction,
        model: model ?? "default model",
      },
    }));
    beginRun(editor, runId, { from, to });
    setStreaming(runId);
    const controller = new AbortController();
    controllerRef.current = controller;

    let answer = "";
    let frame = 0;
    const step = (done: boolean) => {
      frame = 0;
      try {
        streamStep(editor, { runId, original, answer, done });
      } catch {
        // The range changed shape under the stream (another edit settled inside it): keep what is there.
        endRun(editor);
      }
    };
    const result = await streamText("/api/edits", body, {
      signal: controller.signal,
      onChunk: (_chunk, text) => {
        answer = text;
        if (!frame) frame = requestAnimationFrame(() => step(false));
      },
    });
    cancelAnimationFrame(frame);
    answer = result.text;
    // Stopped or cut off: what arrived stays as suggestions; the original it hadn't reached stays too.
    if (answer.trim()) step(result.outcome === "done");
    const run = liveRun(editor.state);
    endRun(editor);
    // Nothing arrived: the text is selected again, for Try again or another action.
    if (!answer.trim() && run && !editor.isDestroyed) {
      const { doc } = editor.state;
      editor.view.dispatch(editor.state.tr.setSelection(TextSelection.between(doc.resolve(run.from), doc.resolve(run.to))));
    }
    if (controllerRef.current === controller) {
      controllerRef.current = null;
      setStreaming(null);
    }
    if (result.error) {
      setFailure({ error: result.error, choice });
      onError(result.error);
    }
  };

  const retry = () => failure && void start(failure.choice);
  const dismiss = () => setFailure(null);

  const dispatch = (tr: Transaction | null) => {
    if (!editor || !tr) return false;
    // Its own undo step, never merged with typing or another review just before it.
    editor.view.dispatch(closeHistory(tr));
    editor.commands.focus();
    return true;
  };

  const runOf = (id: string) => hunks.find((hunk) => hunk.id === id)?.runId;
  const accept = (id: string) => editor && runOf(id) !== streaming && dispatch(acceptSuggestion(editor.state, id));
  const reject = (id: string) => editor && runOf(id) !== streaming && dispatch(rejectSuggestion(editor.state, id));
  const acceptAll = (runId: string) => {
    if (editor && runId !== streaming && dispatch(acceptRun(editor.state, runId))) onAccepted?.(runs[runId]?.label ?? "Suggestions");
  };
  const rejectAll = (runId: string) => editor && runId !== streaming && dispatch(rejectRun(editor.state, runId));

  const goTo = (hunk: Hunk | undefined) => {
    if (!editor || !hunk) return;
    const tr = editor.state.tr.setSelection(TextSelection.create(editor.state.doc, hunk.from)).scrollIntoView();
    editor.view.dispatch(tr);
    editor.commands.focus();
  };
  const next = () => editor && goTo(nextSuggestion(editor.state.doc, editor.state.selection.head));
  const previous = () => editor && goTo(previousSuggestion(editor.state.doc, editor.state.selection.head));

  return { runs, streaming, hunks, activeId, error: failure?.error ?? null, start, stop, retry, dismiss, accept, reject, acceptAll, rejectAll, next, previous };
}

export type TrackedEdits = ReturnType<typeof useTrackedEdits>;
