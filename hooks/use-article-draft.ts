"use client";

import { useEffect, useRef, useState } from "react";
import type { Editor } from "@tiptap/react";
import { sectionBriefInOutline } from "@/lib/contracts/outline";
import type { WriteRequest } from "@/lib/contracts/write";
import type { ApiError } from "@/lib/client/api/error";
import { clampDocument } from "@/lib/client/editor/content";
import { appendDraftText, beginSection, endDrafting, finishSection } from "@/lib/client/editor/drafting";
import { draftableSections, plannedSection, type EditableOutline } from "@/lib/client/outline";
import { nextSectionToDraft } from "@/lib/editor/outline-drafting";
import { findSection } from "@/lib/editor/sections";
import { streamText } from "@/lib/client/api/stream-text";

export type DraftStatus = "idle" | "drafting" | "done" | "stopped" | "error";

interface DraftState {
  status: DraftStatus;
  /** 0-based index (in the outline) of the section being (or last) drafted. */
  current: number;
  /** Its id: the outline's card shows it as being written. */
  currentId: string | null;
  total: number;
  error: ApiError | null;
}

/**
 * Drafts an outline into the document section by section: each heading goes in as an H2 where the
 * outline puts it, then the prose streams in live below it and becomes proper paragraphs when the
 * section ends. Locked sections and sections already drafted into the text are skipped, so drafting
 * again after Stop or a failure resumes with the first section not yet drafted (its partial text
 * replaced, never appended twice). Each call sends the outline, the rest of the document and the
 * section's key points.
 */
export function useArticleDraft(
  editor: Editor | null,
  model: string | undefined,
  onError: (error: ApiError) => void,
  {
    documentId,
    onSectionDrafted,
    onSectionDone,
  }: { documentId?: string; onSectionDrafted?: () => void; onSectionDone?: (sectionId: string) => void } = {},
) {
  const [state, setState] = useState<DraftState>({ status: "idle", current: 0, currentId: null, total: 0, error: null });
  const controllerRef = useRef<AbortController | null>(null);
  const planRef = useRef<EditableOutline | null>(null);

  useEffect(() => () => controllerRef.current?.abort(), []);

  const draftFrom = async (first: number) => {
    const plan = planRef.current;
    if (!editor || !plan) return;
    const controller = new AbortController();
    controllerRef.current = controller;
    const total = plan.sections.length;
    const headings = plan.sections.map((s) => s.heading);
    const outline = { title: plan.title, sections: draftableSections(plan) };
    const inText = (heading: string) => findSection(editor.state.doc, heading) !== null;
    let index = nextSectionToDraft(plan.sections, first, inText);
    if (index < 0) {
      setState({ status: "done", current: total - 1, currentId: null, total, error: null });
      return;
    }
    while (index >= 0) {
      const section = plan.sections[index]!;
      setState({ status: "drafting", current: index, currentId: section.id, total, error: null });
      const context = beginSection(editor, headings, index, plan.title, model);
      const body: WriteRequest = {
        action: "draft-section",
        text: sectionBriefInOutline(outline, index),
        document: clampDocument(context),
        ...(model ? { model } : {}),
        ...(documentId ? { document_id: documentId } : {}),
      };
      const result = await streamText("/api/write", body, {
        signal: controller.signal,
        onChunk: (chunk) => appendDraftText(editor, chunk),
      });
      finishSection(editor, result.text);
      if (result.outcome === "done") {
        onSectionDone?.(section.id);
        onSectionDrafted?.();
      }
      if (result.outcome === "stopped") {
        endDrafting(editor);
        setState({ status: "stopped", current: index, currentId: null, total, error: null });
        return;
      }
      if (result.outcome === "error") {
        endDrafting(editor);
        setState({ status: "error", current: index, currentId: null, total, error: result.error ?? null });
        if (result.error) onError(result.error);
        return;
      }
      index = nextSectionToDraft(plan.sections, index + 1, inText);
    }
    endDrafting(editor);
    setState({ status: "done", current: total - 1, currentId: null, total, error: null });
  };

  /** Drafts the outline from the section `fromId` on (by default the whole article, resuming where it stopped). */
  const start = (outline: EditableOutline, fromId?: string) => {
    // Sections with neither a heading nor a key point have nothing to draft.
    const plan = { ...outline, sections: outline.sections.filter((s) => plannedSection(s)) };
    if (!editor || plan.sections.length === 0 || state.status === "drafting") return;
    planRef.current = plan;
    void draftFrom(Math.max(0, plan.sections.findIndex((s) => s.id === fromId)));
  };

  const retry = () => {
    if (!editor || state.status !== "error") return;
    void draftFrom(state.current);
  };

  const stop = () => controllerRef.current?.abort();

  return { ...state, start, retry, stop };
}
