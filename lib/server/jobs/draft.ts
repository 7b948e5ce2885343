import "server-only";
import { jobDraftResultSchema, type DraftInput, type JobDraftResult } from "@/lib/contracts/jobs";
import { sectionBriefInOutline, type Outline } from "@/lib/contracts/outline";
import type { StyleGuide } from "@/lib/contracts/style-guide";
import { draftSectionPrompt } from "@/lib/server/ai/prompts";
import { resolveModel, type ResolvedModel } from "@/lib/server/ai/providers";
import type { JobRow } from "@/lib/server/db/queries/jobs";
import { complete, promptCall, type PreparedCall } from "@/lib/server/delivery";
import { draftingContext } from "@/lib/server/drafting-context";
import { resolveStyleGuide } from "@/lib/server/style-guide";
import type { Caller } from "@/lib/server/usage";
import { streamedOutline } from "./outline-stream";

type Tokens = { promptTokens: number; completionTokens: number };

/** A draft about to be written: every section pending. */
export function newDraft(outline: Outline, model: string): JobDraftResult {
  return {
    title: outline.title,
    outline,
    sections: outline.sections.map((s) => ({ heading: s.heading, status: "pending", content: null })),
    markdown: null,
    model,
  };
}

/**
 * The draft an earlier run of this job left in its result (it was cut short by a restart),
 * ready to go on: the finished sections in a row from the first are kept, everything after
 * them is pending again. Undefined when there is nothing to resume (no outline yet).
 */
export function resumableDraft(previous: unknown): JobDraftResult | undefined {
  const parsed = jobDraftResultSchema.safeParse(previous);
  if (!parsed.success) return undefined;
  const draft = parsed.data;
  if (draft.sections.length !== draft.outline.sections.length) return undefined;
  const done = firstUnfinished(draft);
  return {
    ...draft,
    markdown: null,
    sections: draft.sections.map((s, i) => (i < done ? s : { heading: s.heading, status: "pending", content: null })),
  };
}

/** Index of the first section not yet written (the sections' count when all are). */
export function firstUnfinished(draft: JobDraftResult): number {
  const index = draft.sections.findIndex((s) => s.status !== "done" || s.content === null);
  return index === -1 ? draft.sections.length : index;
}

/** The draft with one section's status (and text) changed. */
export function withSection(draft: JobDraftResult, index: number, status: "writing" | "done", content: string | null = null): JobDraftResult {
  return { ...draft, sections: draft.sections.map((s, i) => (i === index ? { heading: s.heading, status, content } : s)) };
}

/** The article as Markdown: the title as H1, each finished section as H2 and its text. */
export function draftMarkdown(draft: Pick<JobDraftResult, "title" | "sections">): string {
  const sections = draft.sections.filter((s) => s.status === "done" && s.content !== null).map((s) => `## ${s.heading}\n\n${s.content!.trim()}`);
  return [`# ${draft.title}`, ...sections].join("\n\n");
}

/**
 * How far the draft is: one step per section, and one for the outline when the job writes it
 * (so a topic's outline shows as progress before the first section is done).
 */
export function draftProgress(sectionsDone: number, sections: number, writesOutline: boolean): number {
  const extra = writesOutline ? 1 : 0;
  return (sectionsDone + extra) / (sections + extra);
}

/**
 * A draft-section call, as the studio makes it: the section's brief, the article so far as context
 * (its earlier sections summarized when it is long), the job's style guide. Also the summaries' usage.
 */
async function prepareSectionCall(
  caller: Caller,
  resolved: ResolvedModel,
  input: DraftInput,
  styleGuide: StyleGuide | null,
  draft: JobDraftResult,
  index: number,
  signal: AbortSignal,
): Promise<{ prepared: PreparedCall; summaries: { inputTokens: number; outputTokens: number } }> {
  const section = sectionBriefInOutline(draft.outline, index);
  const written = draftMarkdown({ title: draft.title, sections: draft.sections.slice(0, index) });
  const { article, usage } = await draftingContext({ caller, resolved, article: written, brief: section, signal });
  const prompt = draftSectionPrompt({ section, article, audience: input.audience, tone: input.tone });
  return { prepared: promptCall({ kind: "draft", caller, resolved, prompt, styleGuide, options: input }), summaries: usage };
}

/** How often progress is saved while the outline streams: a database write per token would be too many. */
const outlineSaveMs = 300;

/**
 * Saves the latest value, one save at a time and at most every `outlineSaveMs`: values that come
 * while a save is under way or too soon are skipped (the next one carries the newer value).
 */
function latestOnly(save: (value: number) => Promise<void>) {
  let running: Promise<void> | undefined;
  let failure: { error: unknown } | undefined;
  let last = Number.NEGATIVE_INFINITY;
  return {
    save(value: number) {
      if (running || failure || performance.now() - last < outlineSaveMs) return;
      last = performance.now();
      running = save(value)
        .catch((error: unknown) => {
          failure = { error };
        })
        .finally(() => {
          running = undefined;
        });
    },
    /** Waits for a save under way; a save that failed fails the run, as any progress save does. */
    async settled() {
      await running;
      if (failure) throw failure.error;
    },
  };
}

export interface DraftRun {
  input: DraftInput;
  caller: Caller;
  signal: AbortSignal;
  /** The claimed row: its result holds what an earlier run finished; its tokens what earlier runs used. */
  job: JobRow;
  onProgress: (progress: number, result?: Record<string, unknown>) => Promise<void>;
}

/**
 * Writes a whole article: the outline first when the job gives a topic, then each section in
 * order, each call seeing the article so far. The result is saved as each step ends, with the
 * section being written marked `writing`, so a poll shows the sections so far and a run cut
 * short resumes after the last finished section (without writing the outline again). Returns
 * the article and the job's tokens in total (earlier runs' included).
 */
export async function runDraft({ input, caller, signal, job, onProgress }: DraftRun): Promise<{ result: JobDraftResult; usage: Tokens }> {
  const usage: Tokens = { promptTokens: job.promptTokens, completionTokens: job.completionTokens };
  const writesOutline = input.topic !== undefined;
  // The guide as it stands when the job runs (the owner may change it after submitting); the API's rule: none unless asked.
  const styleGuide = await resolveStyleGuide({ user: caller.user, documentId: input.document_id, requested: input.style_guide, fallback: "none" });
  const resolved = await resolveModel(input.model);

  let draft = resumableDraft(job.result);
  if (!draft && input.outline) draft = newDraft(input.outline, resolved.info.id);
  if (!draft) {
    // The outline's step moves as it streams, so the job shows progress from the first token.
    const outlineStep = draftProgress(0, input.sections ?? 5, true);
    const saving = latestOnly((share: number) => onProgress(share * outlineStep));
    const { outline, model, usage: used } = await streamedOutline(
      caller,
      {
        topic: input.topic!,
        audience: input.audience,
        tone: input.tone,
        sections: input.sections,
        model: input.model,
        temperature: input.temperature,
        document_id: input.document_id,
      },
      styleGuide,
      signal,
      saving.save,
    );
    await saving.settled();
    usage.promptTokens += used.inputTokens;
    usage.completionTokens += used.outputTokens;
    draft = newDraft(outline, model);
  }

  const total = draft.sections.length;
  for (let index = firstUnfinished(draft); index < total; index++) {
    draft = withSection(draft, index, "writing");
    await onProgress(draftProgress(index, total, writesOutline), draft);
    // Cancelled while saving: the runner has aborted the signal; no new call.
    signal.throwIfAborted();
    const { prepared, summaries } = await prepareSectionCall(caller, resolved, input, styleGuide, draft, index, signal);
    usage.promptTokens += summaries.inputTokens;
    usage.completionTokens += summaries.outputTokens;
    const answer = await complete(prepared, signal);
    usage.promptTokens += answer.usage.prompt_tokens;
    usage.completionTokens += answer.usage.completion_tokens;
    draft = { ...withSection(draft, index, "done", answer.content.trim()), model: answer.model };
  }
  // The last step's progress (1) is the runner's to write, with the finished article.
  return { result: { ...draft, markdown: draftMarkdown(draft) }, usage };
}
