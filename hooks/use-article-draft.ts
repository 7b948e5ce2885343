"use client";

import { useEffect, useRef, useState } from "react";
import type { Editor } from "@tiptap/react";
import { sectionBrief, type OutlineSection } from "@/lib/contracts/outline";
import type { WriteRequest } from "@/lib/contracts/write";
import type { ApiError } from "@/lib/client/api/error";
import { clampDocument } from "@/lib/client/editor/content";
import { appendDraftText, beginSection, endDrafting, finishSection, removeSection } from "@/lib/client/editor/drafting";
import { streamText } from "@/lib/client/api/stream-text";

export type DraftStatus = "idle" | "drafting" | "done" | "stopped" | "error";

interface DraftState {
  status: DraftStatus;
  /** 0-based index of the section being (or last) drafted. */
  current: number;
  total: number;
  error: ApiError | null;
}

interface DraftPlan {
  title: string;
  sections: OutlineSection[];
}

/**
 * Drafts an outline into the document section by section: each heading goes in as an H2,
 * then the prose streams in live below it and becomes proper paragraphs when the section
 * ends. Stop keeps what was written; after a failure, retry redoes the failed section.
 */
export function useArticleDraft(
  editor: Editor | null,
  model: string | undefined,
  onError: (error: ApiError) => void,
  { documentId, onSectionDrafted }: { documentId?: string; onSectionDrafted?: () => void } = {},
) {
  const [state, setState] = useState<DraftState>({ status: "idle", current: 0, total: 0, error: null });
  const controllerRef = useRef<AbortController | null>(null);
  const planRef = useRef<DraftPlan | null>(null);

  useEffect(() => () => controllerRef.current?.abort(), []);

  const draftFrom = async (first: number) => {
    const plan = planRef.current;
    if (!editor || !plan) return;
    const controller = new AbortController();
    controllerRef.current = controller;
    const total = plan.sections.length;
    for (let index = first; index < total; index++) {
      const section = plan.sections[index]!;
      setState({ status: "drafting", current: index, total, error: null });
      const before = beginSection(editor, section.heading, index === 0 ? plan.title : undefined);
      const body: WriteRequest = {
        action: "draft-section",
        text: sectionBrief(section),
        document: clampDocument(before),
        ...(model ? { model } : {}),
        ...(documentId ? { document_id: documentId } : {}),
      };
      const result = await streamText("/api/write", body, {
        signal: controller.signal,
        onChunk: (chunk) => appendDraftText(editor, chunk),
      });
      finishSection(editor, result.text);
      if (result.outcome === "done") onSectionDrafted?.();
      if (result.outcome === "stopped") {
        endDrafting(editor);
        setState({ status: "stopped", current: index, total, error: null });
        return;
      }
      if (result.outcome === "error") {
        // The section range stays tracked so a retry can replace the partial section.
        setState({ status: "error", current: index, total, error: result.error ?? null });
        if (result.error) onError(result.error);
        return;
      }
    }
    endDrafting(editor);
    setState({ status: "done", current: total - 1, total, error: null });
  };

  const start = (title: string, sections: OutlineSection[]) => {
    if (!editor || sections.length === 0 || state.status === "drafting") return;
    planRef.current = { title, sections };
    void draftFrom(0);
  };

  const retry = () => {
    if (!editor || state.status !== "error") return;
    removeSection(editor);
    void draftFrom(state.current);
  };

  const stop = () => controllerRef.current?.abort();

  return { ...state, start, retry, stop };
}
