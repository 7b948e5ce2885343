import "server-only";
import { jobInputSchemas, type JobType } from "@/lib/contracts/jobs";
import { prepareChatCall } from "@/lib/server/chat";
import { outlineAnswer } from "@/lib/server/outline";
import type { JobRow } from "@/lib/server/db/queries/jobs";
import type { Caller } from "@/lib/server/usage";
import { complete } from "@/lib/server/v1/generation";
import { prepareWriteCall } from "@/lib/server/write";

export interface JobOutcome {
  result: Record<string, unknown>;
  usage: { promptTokens: number; completionTokens: number };
}

export interface ExecuteOptions {
  /** The claimed row: a draft resumes from the sections in its `result`; its tokens so far are in it. */
  job: JobRow;
  /** Saves progress (0–1) and, for drafts, the result so far. */
  onProgress: (progress: number, result?: Record<string, unknown>) => Promise<void>;
}

/**
 * Runs one job's work through the same services as its synchronous route; returns its result
 * and the job's tokens in total (earlier runs' included: the runner stores them as they are).
 */
export async function executeJob(type: JobType, input: unknown, caller: Caller, signal: AbortSignal, options: ExecuteOptions): Promise<JobOutcome> {
  void options;
  switch (type) {
    case "chat":
    case "write": {
      const prepared = type === "chat" ? await prepareChatCall(caller, jobInputSchemas.chat.parse(input)) : await prepareWriteCall(caller, jobInputSchemas.write.parse(input));
      const answer = await complete(prepared, signal);
      return {
        result: { content: answer.content, model: answer.model, finish_reason: answer.finish_reason },
        usage: { promptTokens: answer.usage.prompt_tokens, completionTokens: answer.usage.completion_tokens },
      };
    }
    case "outline": {
      const { outline, model, usage } = await outlineAnswer(caller, jobInputSchemas.outline.parse(input), signal);
      return { result: { outline, model }, usage: { promptTokens: usage.inputTokens, completionTokens: usage.outputTokens } };
    }
    case "draft":
    case "template":
      throw new Error(`${type} jobs are not built yet`);
  }
}
