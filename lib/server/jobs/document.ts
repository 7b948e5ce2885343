import "server-only";
import type { DocumentJson } from "@/lib/contracts/documents";
import { jobDraftResultSchema } from "@/lib/contracts/jobs";
import { markdownToDocument } from "@/lib/documents/markdown-to-document";
import { markJsonAiWritten } from "@/lib/editor/authorship/json";
import { acceptedNow, authorshipAttrs } from "@/lib/editor/authorship/record";
import { AppError } from "@/lib/errors";
import { createDocument } from "@/lib/server/documents";
import { getJobJson } from "./index";

/**
 * A succeeded draft job as a new document of its owner: the article's Markdown converted to the
 * editor's content; its title is automatic, the draft's title when the article doesn't open with a heading. Each call makes a new document (the job is
 * left as it is). Someone else's job, or none: 404. Any other job (not a draft, or a draft
 * that hasn't succeeded): 409 `not_a_finished_draft`. The document limit applies (403). Its text is
 * AI-written (docs/architecture.md, "Authorship"), accepted by `acceptedBy` opening it; the record keeps
 * no instruction (the job's brief stays with the job).
 */
export async function createDocumentFromJob({ ownerId, jobId, acceptedBy = null }: { ownerId: string; jobId: string; acceptedBy?: string | null }): Promise<DocumentJson> {
  const job = await getJobJson({ ownerId, jobId });
  if (job.type !== "draft") {
    throw new AppError("not_a_finished_draft", `This is a ${job.type} job: only a draft job's article opens as a document.`, { param: "id" });
  }
  const result = jobDraftResultSchema.safeParse(job.result);
  if (job.status !== "succeeded" || !result.success || result.data.markdown === null) {
    throw new AppError(
      "not_a_finished_draft",
      `This draft is ${job.status}: only a draft that has succeeded opens as a document.`,
      { param: "id", extra: { status: job.status } },
    );
  }
  const finished = job.finished_at ? new Date(job.finished_at) : null;
  const createdAt = finished && !Number.isNaN(finished.getTime()) ? finished.toISOString() : null;
  const record = authorshipAttrs(jobId, { action: "draft", model: result.data.model, createdAt }, acceptedNow(acceptedBy));
  const content = markJsonAiWritten(markdownToDocument(result.data.markdown), record);
  return createDocument({ ownerId, input: { content }, outlineTitle: result.data.title });
}
