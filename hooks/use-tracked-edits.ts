"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { Editor } from "@tiptap/react";
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { closeHistory, isHistoryTransaction } from "@tiptap/pm/history";
import { TextSelection, type Transaction } from "@tiptap/pm/state";
import type { StudioEditRequest } from "@/lib/contracts/edits";
import { limits } from "@/lib/contracts/limits";
import { writeActionLabels, type WriteRequest } from "@/lib/contracts/write";
import type { ApiError } from "@/lib/client/api/error";
import { streamText, type StreamResult } from "@/lib/client/api/stream-text";
import { streamVariants } from "@/lib/client/api/stream-variants";
import { clampDocument, documentText, markdownToSlice } from "@/lib/client/editor/content";
import { acceptanceIn } from "@/lib/client/editor/authorship";
import { beginRun, endRun, liveRun, markdownOffset, newRunId, rangeMarkdown, streamStep, suggestionAt } from "@/lib/client/editor/tracked-run";
import type { WriteChoice } from "@/lib/client/editor/write-choice";
import type { VariantRequest } from "@/lib/client/editor/variant-options";
import { updateHunks } from "@/lib/client/editor/hunk-index";
import { writeTarget } from "@/lib/client/editor/write-target";
import { lockedSectionIn } from "@/lib/client/editor/locked-sections";
import { followUpInstruction } from "@/lib/editor/suggestions/follow-up";
import { rebaseProposal } from "@/lib/editor/suggestions/stream";
import { alternativeOf, cycleSpot, spotNear } from "@/lib/editor/variants/spots";
import { alternativeLabel, applyVariantEvent, interruptVariantSet, pickVariant, settleVariantSet, shownModels, shownText, startVariantSet, type VariantSet } from "@/lib/editor/variants/variant-set";
import { suggestInsertion } from "@/lib/editor/insertion";
import { runInfos, suggestionInfo } from "@/lib/editor/suggestions/info";
import { type SuggestionInfo, suggestionMarkName } from "@/lib/editor/suggestions/marks";
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

/** The stored action ids of runs that aren't a write action, and what their card says. */
const runActionLabels: Record<string, string> = {
  "insert-below": "Insert below",
  "chat-apply": "Chat answer applied",
  "chat-insert": "Chat answer inserted",
  redraft: "Redraft from outline",
  section: "Edit this section",
  document: "Edit whole document",
  template: "Template",
  draft: "Article drafted in the background",
};

/** A run's card from what its marks carry (after a reload the in-memory runs are gone; the authorship record's card too). */
export function storedRunInfo({ action, instruction, model }: SuggestionInfo): RunInfo {
  const known = { ...runActionLabels, ...writeActionLabels } as Record<string, string>;
  const label = action ? (Object.hasOwn(known, action) ? known[action]! : action.charAt(0).toUpperCase() + action.slice(1).replaceAll("-", " ")) : "AI edit";
  return { label, ...(instruction ? { detail: instruction } : {}), model: model ?? "default model" };
}

/** Where a run goes instead of the selection or paragraph: a section, the whole document. */
export interface RunTarget {
  from: number;
  to: number;
  /** What the range is, for refusals: "section", "document". */
  name?: string;
  /** The run's label instead of the action's. */
  label?: string;
  /** The action id its marks keep instead of the write action's (a key of `runActionLabels`). */
  action?: string;
}

/** The actions that add text as a tracked insertion: at the cursor, or as new blocks below the current one. */
export type InsertKind = "continue" | "below" | "summarize";
export const insertLabels: Record<InsertKind, string> = { continue: writeActionLabels.continue, below: "Insert below", summarize: writeActionLabels.summarize };

interface Range {
  from: number;
  to: number;
}

/** The spot of a run's variants that a hunk stands for, and where its alternative is among the spot's. */
export interface HunkSpot {
  runId: string;
  spot: number;
  alternative: number;
  count: number;
  /** The variants the alternative is from ("B", "A, C"), or "Original". */
  label: string;
}

/** What a run asked for, so Try again can ask it again and a follow-up can build on it. */
interface RunRequest {
  url: "/api/edits" | "/api/write";
  body: StudioEditRequest | WriteRequest;
  /** The text streamed into the range: the answer, or for Continue writing the word it follows and the answer. */
  shape: (answer: string) => string;
  /** The range is a point between blocks: the answer goes in as new blocks. */
  blocks: boolean;
  /** The body's text is the range's original (a rewrite, not a follow-up or an insertion). */
  sendsOriginal?: boolean;
  /** The body asks for variants: the answer is the JSON-lines variant stream. */
  variants?: { model: string; temperature: number | null }[];
}

const asIs = (answer: string) => answer;

/** What a request for variants adds to the studio's edit body (docs/api.md, "Variants"). */
interface VariantFields {
  n: number;
  models?: string[];
  temperatures?: number[];
}

const variantFields = ({ count, models, temperatures }: VariantRequest): VariantFields => ({
  n: count,
  ...(models?.length ? { models: models.slice(0, count) } : {}),
  ...(temperatures?.length ? { temperatures: temperatures.slice(0, count) } : {}),
});

/** Each variant's model and temperature as asked (the stream's start line has the server's word on them). */
const variantSettings = ({ n, models, temperatures }: VariantFields, model: string | undefined) =>
  Array.from({ length: n }, (_, i) => ({ model: models?.[i] ?? model ?? "default model", temperature: temperatures?.[i] ?? null }));


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
  {
    documentId,
    onAccepted,
    storeInstructions = true,
  }: {
    documentId?: string;
    onAccepted?: (label: string) => void;
    /** False with the account's "don't store my prompts" setting: the saved marks leave the instruction out. */
    storeInstructions?: boolean;
  } = {},
) {
  // This session's runs; the stored ones (from the marks) fill in the rest, e.g. after a reload.
  const [sessionRuns, setRuns] = useState<Record<string, RunInfo>>({});
  const [storedRuns, setStoredRuns] = useState<Record<string, SuggestionInfo>>({});
  const [streaming, setStreaming] = useState<string | null>(null);
  const [hunks, setHunks] = useState<Hunk[]>([]);
  const [activeId, setActiveId] = useState<string | undefined>(undefined);
  const [failure, setFailure] = useState<{ error: ApiError; retry: () => void } | null>(null);
  // The last failure that gave a time to retry: it still holds the run bar's Try again once dismissed.
  const [retryWait, setRetryWait] = useState<ApiError | null>(null);
  const controllerRef = useRef<AbortController | null>(null);
  // Per run started here: its request, and its range once it ended (mapped through every change since).
  const requestsRef = useRef<Record<string, RunRequest>>({});
  const rangesRef = useRef<Record<string, Range>>({});
  const factsRef = useRef<Record<string, SuggestionInfo>>({});
  // Per run asked with variants: every variant, kept until the run is accepted or rejected.
  const variantsRef = useRef<Record<string, VariantSet>>({});
  const [variantSets, setVariantSets] = useState<Record<string, VariantSet>>({});
  const publishVariants = useCallback(() => setVariantSets({ ...variantsRef.current }), []);
  const [lastSpot, setLastSpot] = useState<HunkSpot | undefined>(undefined);
  /** Variant runs whose text the writer's last choice among the variants set (it may have no change left). */
  const heldRef = useRef(new Set<string>());

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
        setStoredRuns(runInfos(editor.state.doc, current));
      }
      setActiveId(active);
    };
    const onTransaction = ({ transaction, appendedTransactions = [] }: { transaction: Transaction; appendedTransactions?: Transaction[] }) => {
      for (const tr of [transaction, ...appendedTransactions]) {
        if (!tr.docChanged) continue;
        if (current.length > 0 || mayChangeSuggestions(tr)) current = updateHunks(current, tr);
        // The writer's typing at a finished run's edges stays outside it (as in a live run).
        for (const [runId, range] of Object.entries(rangesRef.current)) {
          const from = tr.mapping.map(range.from, 1);
          rangesRef.current[runId] = { from, to: Math.max(from, tr.mapping.map(range.to, -1)) };
        }
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

  /** Streams `request`'s answer into `range` as the run's suggestions (a new run, or revising one in place). */
  const stream = async (runId: string, range: Range, original: string, request: RunRequest, info: SuggestionInfo) => {
    if (!editor) return;
    controllerRef.current?.abort();
    setFailure(null);
    requestsRef.current[runId] = request;
    factsRef.current[runId] = info;
    delete rangesRef.current[runId];
    beginRun(editor, runId, range, info);
    setStreaming(runId);
    const controller = new AbortController();
    controllerRef.current = controller;

    let answer = "";
    let frame = 0;
    const step = (done: boolean) => {
      frame = 0;
      try {
        streamStep(editor, { runId, original, answer: request.shape(answer), done, blocks: request.blocks });
      } catch {
        // The range changed shape under the stream (another edit settled inside it): keep what is there.
        endRun(editor);
      }
    };
    const onText = (text: string) => {
      answer = text;
      if (!frame) frame = requestAnimationFrame(() => step(false));
    };
    if (!request.variants && variantsRef.current[runId]) {
      delete variantsRef.current[runId];
      publishVariants();
    }
    const result = request.variants
      ? await streamVariantAnswer(runId, original, request, controller.signal, onText)
      : await streamText(request.url, request.body, { signal: controller.signal, onChunk: (_chunk, text) => onText(text) });
    cancelAnimationFrame(frame);
    answer = result.text;
    // Stopped or cut off: what arrived stays as suggestions; the original it hadn't reached stays too.
    if (answer.trim()) step(result.outcome === "done");
    // Another run may have started meanwhile (this one was stopped for it): that one stays live.
    const live = liveRun(editor.state);
    const run = live?.runId === runId ? live : null;
    if (run) {
      rangesRef.current[runId] = { from: run.from, to: run.to };
      endRun(editor);
    }
    // Nothing arrived: the text is selected again, for Try again or another action.
    if (!answer.trim() && run && run.to > run.from && !editor.isDestroyed) {
      const { doc } = editor.state;
      editor.view.dispatch(editor.state.tr.setSelection(TextSelection.between(doc.resolve(run.from), doc.resolve(run.to))));
    }
    if (controllerRef.current === controller) {
      controllerRef.current = null;
      setStreaming(null);
    }
    if (result.error) {
      setFailure({ error: result.error, retry: () => void again(runId) });
      if (result.error.retryAt) setRetryWait(result.error);
      onError(result.error);
    }
  };

  /**
   * Reads the variant stream: every variant's text into the run's set (shown at most once a frame), the
   * selected one's into the document. Ends like a plain answer: the selected variant's text and outcome.
   */
  const streamVariantAnswer = async (runId: string, original: string, request: RunRequest, signal: AbortSignal, onText: (text: string) => void): Promise<StreamResult> => {
    variantsRef.current[runId] = startVariantSet(original, request.variants ?? []);
    publishVariants();
    let frame = 0;
    let shown = "";
    let selected = 0;
    const result = await streamVariants(request.url, request.body, {
      signal,
      onEvent: (event) => {
        const set = variantsRef.current[runId];
        if (!set) return;
        const next = applyVariantEvent(set, event);
        variantsRef.current[runId] = next;
        if (!frame) frame = requestAnimationFrame(() => ((frame = 0), publishVariants()));
        // Another variant now streams into the document (the selected one failed, or the writer picked): the run starts over from its range.
        if (next.selected !== selected && editor) {
          selected = next.selected;
          restartLiveRun(runId);
        }
        const text = next.variants[next.selected]?.text ?? "";
        if (text !== shown) onText((shown = text));
      },
    });
    cancelAnimationFrame(frame);
    const set = variantsRef.current[runId];
    if (!set) return { text: "", outcome: "stopped" };
    const chosen = set.variants[set.selected];
    variantsRef.current[runId] =
      result.outcome === "done" ? settleVariantSet(set) : interruptVariantSet(set, result.outcome === "stopped" ? "Stopped before it finished." : (result.error?.message ?? "Interrupted."));
    publishVariants();
    // The last step proposes with the model of the variant it shows (the marks keep it).
    noteVariantModel(runId, variantsRef.current[runId]!);
    restartLiveRun(runId);
    const text = chosen?.text ?? "";
    if (result.outcome === "done" && chosen?.status === "error") return { text, outcome: "error", error: { code: "upstream_error", message: chosen.error ?? "Every variant failed." } };
    return { text, outcome: result.outcome, ...(result.error ? { error: result.error } : {}) };
  };

  /** The run's card and marks name the model(s) of the variant text it shows. */
  const noteVariantModel = (runId: string, set: VariantSet) => {
    const shown = shownModels(set);
    const facts = factsRef.current[runId];
    if (!shown || !facts || facts.model === shown) return;
    factsRef.current[runId] = suggestionInfo({ ...facts, model: shown });
    setRuns((current) => (current[runId] ? { ...current, [runId]: { ...current[runId], model: shown } } : current));
  };

  /** The live run proposed afresh from its range (a long run's window was for the previous answer). */
  const restartLiveRun = (runId: string) => {
    const live = editor && liveRun(editor.state);
    if (editor && live?.runId === runId) beginRun(editor, runId, { from: live.from, to: live.to }, factsRef.current[runId], { again: true });
  };

  /** The run's range proposed again with its variants' text as chosen now, as one finished answer. */
  const proposeVariants = (runId: string, set: VariantSet) => {
    const range = rangesRef.current[runId];
    if (!editor || !range) return;
    heldRef.current.add(runId);
    const { doc } = editor.state;
    const current = rangeMarkdown(doc, range.from, range.to);
    // The writer changed the text since (or settled part of it): the choice is rebased on that.
    const text = shownText(set);
    const answer = current === set.original ? text : rebaseProposal(set.original, current, text);
    noteVariantModel(runId, set);
    beginRun(editor, runId, range, factsRef.current[runId], { again: true });
    try {
      streamStep(editor, { runId, original: current, answer, done: true });
    } catch {
      // The range changed shape meanwhile (another edit settled inside it): what is there stays.
    } finally {
      const live = liveRun(editor.state);
      if (live?.runId === runId) rangesRef.current[runId] = { from: live.from, to: live.to };
      endRun(editor);
    }
  };

  /** Puts the whole variant `index` in the document (while streaming, it streams in instead). */
  const pickWholeVariant = (runId: string, index: number) => {
    const set = variantsRef.current[runId];
    if (!editor || !set) return;
    const next = pickVariant(set, index);
    variantsRef.current[runId] = next;
    publishVariants();
    setLastSpot(undefined);
    if (streaming !== runId) return proposeVariants(runId, next);
    restartLiveRun(runId);
    try {
      streamStep(editor, { runId, original: set.original, answer: next.variants[next.selected]?.text ?? "", done: false });
    } catch {
      endRun(editor);
    }
  };

  // A change's offset in its run's Markdown, per document: the card asks on every render and scroll.
  const offsetsRef = useRef(new WeakMap<ProseMirrorNode, Map<string, number>>());
  const offsetIn = (doc: ProseMirrorNode, from: number, at: number) => {
    let offsets = offsetsRef.current.get(doc);
    if (!offsets) offsetsRef.current.set(doc, (offsets = new Map()));
    const key = `${from}:${at}`;
    let offset = offsets.get(key);
    if (offset === undefined) offsets.set(key, (offset = markdownOffset(doc, from, at)));
    return offset;
  };

  /** The spot a hunk of a settled variant run stands for (its Markdown offset in the run's original, near enough). */
  const hunkSpot = (hunk: Hunk): HunkSpot | undefined => {
    const set = variantsRef.current[hunk.runId];
    const range = rangesRef.current[hunk.runId];
    if (!editor || !set?.spots || !set.choice || !range || hunk.from < range.from || streaming === hunk.runId) return undefined;
    const offset = offsetIn(editor.state.doc, range.from, hunk.from);
    const spot = spotNear(set.original, set.spots, set.choice, offset);
    if (spot === undefined) return undefined;
    const entry = set.spots[spot]!;
    if (entry.alternatives.length < 2) return undefined;
    const alternative = alternativeOf(entry, set.choice[spot] ?? 0);
    return { runId: hunk.runId, spot, alternative, count: entry.alternatives.length, label: alternativeLabel(set, entry, alternative) };
  };

  /** Cycles one spot to the next or previous variant's alternative; the cursor stays on its change. */
  const cycleVariantSpot = (runId: string, spot: number, direction: 1 | -1) => {
    const set = variantsRef.current[runId];
    const spots = set?.spots;
    if (!editor || !set || !spots || !set.choice || streaming === runId) return;
    const next = { ...set, choice: cycleSpot(spots, set.choice, spot, direction) };
    variantsRef.current[runId] = next;
    publishVariants();
    proposeVariants(runId, next);
    const entry = spots[spot];
    if (!entry) return;
    const alternative = alternativeOf(entry, next.choice[spot] ?? 0);
    setLastSpot({ runId, spot, alternative, count: entry.alternatives.length, label: alternativeLabel(next, entry, alternative) });
    const range = rangesRef.current[runId];
    if (!range) return;
    const { doc } = editor.state;
    const same = findSuggestions(doc, range.from, range.to).find(
      (hunk) => hunk.runId === runId && spotNear(next.original, spots, next.choice, offsetIn(doc, range.from, hunk.from)) === spot,
    );
    if (same) editor.view.dispatch(editor.state.tr.setSelection(TextSelection.create(doc, same.from)));
  };

  const refuse = (message: string, retry: () => void) => setFailure({ error: { code: "nothing_to_send", message }, retry });
  const holdsSuggestions = (from: number, to: number) => !!editor && editor.state.doc.rangeHasMark(from, to, editor.state.schema.marks[suggestionMarkName]!);
  const context = (text: string) => {
    const whole = editor ? documentText(editor) : "";
    // The surrounding document is context only when there is more of it than the text.
    return whole.trim() !== text.trim() ? { document: clampDocument(whole) } : {};
  };
  const common = { ...(model ? { model } : {}), ...(documentId ? { document_id: documentId } : {}) };
  /** What the run's marks keep: the action, the model, the instruction (unless prompts aren't stored) and when. */
  const runFacts = (action: string, instruction?: string) =>
    suggestionInfo({ action, model: model ?? null, instruction: storeInstructions ? (instruction ?? null) : null, createdAt: new Date().toISOString() });

  /** Rewrites the selection (or the paragraph), or `target` when given, as tracked changes. */
  const start = async (choice: TrackedChoice, target?: RunTarget, variants?: VariantRequest) => {
    if (!editor) return;
    controllerRef.current?.abort();
    setFailure(null);
    const again = () => void start(choice, target, variants);
    const found = target
      ? { ok: true as const, target: { ...target, text: editor.state.doc.textBetween(target.from, target.to, "\n\n") } }
      : writeTarget(editor.state, choice.action);
    if (!found.ok) return refuse(found.message, again);
    const { from, to } = found.target;
    if (!found.target.text.trim()) return refuse(`This ${target?.name ?? "text"} has nothing to edit yet.`, again);
    if (holdsSuggestions(from, to)) return refuse("Accept or reject the changes in this text first.", again);
    // A section locked in the outline is never rewritten by a whole-section or whole-document edit.
    const locked = target?.name ? lockedSectionIn(editor.state, from, to) : undefined;
    if (locked) return refuse(`“${locked}” is locked in the outline: unlock it there, or select the text to edit.`, again);
    const original = rangeMarkdown(editor.state.doc, from, to);
    if (original.length > limits.documentChars) {
      const most = limits.documentChars.toLocaleString("en");
      return refuse(
        target?.name ? `The ${target.name} is too long for one edit: at most ${most} characters. Select a part of it.` : `The selection is too long: select at most ${most} characters.`,
        again,
      );
    }
    const runId = newRunId();
    const asked = variants && variants.count > 1 ? variantFields(variants) : undefined;
    const body: StudioEditRequest & Partial<VariantFields> = {
      action: choice.action,
      text: original,
      ...(choice.tone ? { tone: choice.tone } : {}),
      ...(choice.instruction ? { instruction: choice.instruction } : {}),
      ...context(found.target.text),
      ...common,
      ...asked,
    };
    setRuns((current) => ({
      ...current,
      [runId]: {
        label: target?.label ?? (choice.tone ? `${writeActionLabels.tone}: ${choice.tone}` : writeActionLabels[choice.action]),
        detail: choice.instruction,
        model: model ?? "default model",
      },
    }));
    const facts = runFacts(target?.action ?? choice.action, choice.tone ? `Tone: ${choice.tone}` : choice.instruction);
    const settings = asked && variantSettings(asked, model);
    await stream(runId, { from, to }, original, { url: "/api/edits", body, shape: asIs, blocks: false, sendsOriginal: true, ...(settings ? { variants: settings } : {}) }, facts);
  };

  /**
   * Adds text as one tracked insertion: Continue writing at the cursor (after the selection), Insert
   * below and Summarize as new blocks after the current one.
   */
  const insert = async (kind: InsertKind) => {
    if (!editor) return;
    controllerRef.current?.abort();
    setFailure(null);
    const again = () => void insert(kind);
    const { state } = editor;
    // Insert below continues the text up to the end of the current block, wherever the cursor is in it.
    const end = (pos: number) => {
      const $pos = state.doc.resolve(pos);
      return $pos.depth === 0 ? pos : $pos.after(1);
    };
    const below = end(state.selection.to);
    const found =
      kind === "below"
        ? writeTarget(state.apply(state.tr.setSelection(TextSelection.near(state.doc.resolve(below), -1))), "continue")
        : writeTarget(state, kind === "summarize" ? "summarize" : "continue");
    if (!found.ok) return refuse(found.message, again);
    let range: Range;
    let shape = (answer: string) => answer.trimStart();
    if (kind === "continue") {
      const at = found.target.to;
      const $at = state.doc.resolve(at);
      // The word before the cursor goes in the range, so the continuation's space is part of the insertion.
      const word = $at.parent.isTextblock ? /[^\s\ufffc]+$/.exec($at.parent.textBetween(0, $at.parentOffset, undefined, "\ufffc"))?.[0] : undefined;
      range = { from: at - (word?.length ?? 0), to: at };
      if (word) {
        const before = rangeMarkdown(state.doc, range.from, at);
        shape = (answer) => `${before} ${answer.trimStart()}`;
      }
    } else {
      const at = kind === "below" ? below : end(found.target.to);
      range = { from: at, to: at };
    }
    const { text } = found.target;
    if (holdsSuggestions(range.from, range.to)) return refuse("Accept or reject the changes in this text first.", again);
    const runId = newRunId();
    const body: WriteRequest = { action: kind === "summarize" ? "summarize" : "continue", text, ...context(text), ...common };
    setRuns((current) => ({ ...current, [runId]: { label: insertLabels[kind], model: model ?? "default model" } }));
    await stream(runId, range, rangeMarkdown(state.doc, range.from, range.to), { url: "/api/write", body, shape, blocks: kind !== "continue" }, runFacts(kind === "below" ? "insert-below" : kind));
  };

  /**
   * Try again (no follow-up) or a follow-up instruction on a run started here: its suggestions revised in
   * place over the run's own range, whatever the selection is now.
   */
  const again = async (runId: string, followUp?: string) => {
    const request = requestsRef.current[runId];
    const range = rangesRef.current[runId];
    if (!editor || !request || !range || controllerRef.current) return;
    const retry = () => void again(runId, followUp);
    const { doc } = editor.state;
    if (findSuggestions(doc, range.from, range.to).some((hunk) => hunk.runId !== runId)) {
      return refuse("Another AI change is inside this one: accept or reject it first.", retry);
    }
    const original = rangeMarkdown(doc, range.from, range.to);
    let next = request;
    if (followUp?.trim()) {
      const proposal = rangeMarkdown(doc, range.from, range.to, "accepted");
      if (!proposal.trim()) return refuse("There is no proposal left to revise: use Try again.", retry);
      if (proposal.length > limits.documentChars) return refuse(`The proposal is too long to revise: at most ${limits.documentChars.toLocaleString("en")} characters.`, retry);
      const instruction = followUpInstruction(followUp, original);
      const body: StudioEditRequest = { action: "custom", instruction, text: proposal, ...context(proposal), ...common };
      next = { url: "/api/edits", body, shape: asIs, blocks: request.blocks };
      setRuns((current) => ({ ...current, [runId]: { ...(current[runId] ?? { label: "AI suggestions", model: model ?? "default model" }), detail: followUp.trim() } }));
    } else if (request.sendsOriginal) {
      // The writer may have changed the text since: ask about it as it is now.
      next = { ...request, body: { ...request.body, text: original } };
    }
    const facts = factsRef.current[runId] ?? runFacts("custom");
    await stream(runId, range, original, next, followUp?.trim() ? runFacts(facts.action ?? "custom", followUp.trim()) : facts);
  };

  /** A chat answer (Markdown) proposed at `at` as one tracked insertion run, reviewed like any other. */
  const insertAnswer = (at: number, markdown: string, info: Omit<RunInfo, "model"> & { model?: string }) => {
    if (!editor || !markdown.trim()) return;
    const runId = newRunId();
    const runModel = info.model ?? model;
    setRuns((current) => ({ ...current, [runId]: { ...info, model: runModel ?? "default model" } }));
    const content = markdownToSlice(editor.state.schema, markdown.trim());
    const facts = suggestionInfo({ action: "chat-insert", model: runModel ?? null, instruction: null, createdAt: new Date().toISOString() });
    editor.view.dispatch(suggestInsertion(editor.state, { at, content, runId, info: facts }).scrollIntoView());
  };

  // A variant run's set goes once the run has no change left (accepted or rejected): its panel closes.
  // Only a run seen with changes: the review state may not have the last answer's changes yet. A choice
  // among the variants that leaves no change (the original everywhere) keeps the set: the writer may
  // choose again, or close the panel.
  const reviewedRef = useRef(new Set<string>());
  useEffect(() => {
    const gone: string[] = [];
    for (const runId of Object.keys(variantsRef.current)) {
      if (hunks.some((hunk) => hunk.runId === runId)) {
        reviewedRef.current.add(runId);
        heldRef.current.delete(runId);
      } else if (runId !== streaming && reviewedRef.current.has(runId) && !heldRef.current.has(runId)) gone.push(runId);
    }
    if (!gone.length) return;
    for (const runId of gone) {
      delete variantsRef.current[runId];
      reviewedRef.current.delete(runId);
    }
    publishVariants();
  }, [hunks, streaming, publishVariants]);

  const runs: Record<string, RunInfo> = { ...sessionRuns };
  for (const [runId, info] of Object.entries(storedRuns)) runs[runId] ??= storedRunInfo(info);

  const retry = () => failure?.retry();
  /** Whether Try again and a follow-up can revise this run (one started in this session, not streaming). */
  const canRevise = (runId: string) => !streaming && requestsRef.current[runId] !== undefined && rangesRef.current[runId] !== undefined;
  const tryAgain = (runId: string) => void again(runId);
  const followUp = (runId: string, instruction: string) => void again(runId, instruction);
  const dismiss = () => setFailure(null);

  const dispatch = (tr: Transaction | null) => {
    if (!editor || !tr) return false;
    // Its own undo step, never merged with typing or another review just before it.
    editor.view.dispatch(closeHistory(tr));
    editor.commands.focus();
    return true;
  };

  const runOf = (id: string) => hunks.find((hunk) => hunk.id === id)?.runId;
  const accept = (id: string) => editor && runOf(id) !== streaming && dispatch(acceptSuggestion(editor.state, id, acceptanceIn(editor)));
  const reject = (id: string) => editor && runOf(id) !== streaming && dispatch(rejectSuggestion(editor.state, id));
  const acceptAll = (runId: string) => {
    if (editor && runId !== streaming && dispatch(acceptRun(editor.state, runId, acceptanceIn(editor)))) onAccepted?.(runs[runId]?.label ?? "Suggestions");
  };
  const rejectAll = (runId: string) => editor && runId !== streaming && dispatch(rejectRun(editor.state, runId));

  /** Closes a run's variants: the ones not taken are gone; its changes stay under review. */
  const closeVariants = (runId: string) => {
    if (runId === streaming || !variantsRef.current[runId]) return;
    delete variantsRef.current[runId];
    heldRef.current.delete(runId);
    if (lastSpot?.runId === runId) setLastSpot(undefined);
    publishVariants();
  };
  /** A run whose variants stay open though the choice left no change in the text. */
  const heldVariantRun = Object.keys(variantSets).find((runId) => runId !== streaming && !hunks.some((hunk) => hunk.runId === runId));

  const goTo = (hunk: Hunk | undefined) => {
    if (!editor || !hunk) return;
    const tr = editor.state.tr.setSelection(TextSelection.create(editor.state.doc, hunk.from)).scrollIntoView();
    editor.view.dispatch(tr);
    editor.commands.focus();
  };
  const next = () => editor && goTo(nextSuggestion(editor.state.doc, editor.state.selection.head));
  const previous = () => editor && goTo(previousSuggestion(editor.state.doc, editor.state.selection.head));

  return {
    runs,
    streaming,
    hunks,
    activeId,
    error: failure?.error ?? null,
    retryWait,
    start,
    insert,
    insertAnswer,
    stop,
    retry,
    dismiss,
    accept,
    reject,
    acceptAll,
    rejectAll,
    next,
    previous,
    canRevise,
    tryAgain,
    followUp,
    variantSets,
    heldVariantRun,
    closeVariants,
    lastSpot,
    pickWholeVariant,
    hunkSpot,
    cycleVariantSpot,
  };
}

export type TrackedEdits = ReturnType<typeof useTrackedEdits>;
