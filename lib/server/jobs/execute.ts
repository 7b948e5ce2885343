import "server-only";
import { jobInputSchemas, type JobType } from "@/lib/contracts/jobs";
import { prepareChatCall } from "@/lib/server/chat";
import { complete } from "@/lib/server/delivery";
import { outlineAnswer } from "@/lib/server/outline";
import { prepareTemplateCall } from "@/lib/server/templates";
import type { JobRow } from "@/lib/server/db/queries/jobs";
import type { Caller } from "@/lib/server/usage";
import { prepareWriteCall } from "@/lib/server/write";
import { runDraft } from "./draft";

export interface JobOutcome {
  result: Record<string, unknown>;
  usage: { promptTokens: number; completionTokens: number };
}

interface ExecuteOptions {
  /** The claimed row: a draft resumes from the sections in its `result`; its tokens so far are in it. */
  job: JobRow;
  /** Saves progress (0–1) and, for drafts, the result so far. */
  onProgress: (progress: number, result?: Record<string, unknown>) => Promise<void>;
}

/** A run's tokens added to those the job's earlier runs used (the row as claimed holds them). */
const total = (job: JobRow, run: { promptTokens: number; completionTokens: number }) => ({
  promptTokens: job.promptTokens + run.promptTokens,
  completionTokens: job.completionTokens + run.completionTokens,
});

/**
 * Runs one job's work through the same services as its synchronous route; returns its result
 * and the job's tokens in total (earlier runs' included: the runner stores them as they are).
 */
export async function executeJob(type: JobType, input: unknown, caller: Caller, signal: AbortSignal, { job, onProgress }: ExecuteOptions): Promise<JobOutcome> {
  switch (type) {
    case "chat":
    case "write":
    case "template": {
      const prepared =
        type === "chat"
          ? await prepareChatCall(caller, jobInputSchemas.chat.parse(input), "none")
          : type === "write"
            ? await prepareWriteCall(caller, jobInputSchemas.write.parse(input))
            : await prepareTemplateJob(caller, input);
      const answer = await complete(prepared, signal);
      return {
        result: { content: answer.content, model: answer.model, finish_reason: answer.finish_reason },
        usage: total(job, { promptTokens: answer.usage.prompt_tokens, completionTokens: answer.usage.completion_tokens }),
      };
    }
    case "outline": {
      const { outline, model, usage } = await outlineAnswer(caller, jobInputSchemas.outline.parse(input), signal, "none");
      return { result: { outline, model }, usage: total(job, { promptTokens: usage.inputTokens, completionTokens: usage.outputTokens }) };
    }
    case "draft":
      // runDraft counts the earlier runs' tokens itself (it resumes their work).
      return runDraft({ input: jobInputSchemas.draft.parse(input), caller, signal, job, onProgress });
  }
}

/** A template job: the template route's call, `template` naming what the route's path does. */
function prepareTemplateJob(caller: Caller, input: unknown) {
  const { template, ...run } = jobInputSchemas.template.parse(input);
  return prepareTemplateCall(caller, template, run, "none");
}
