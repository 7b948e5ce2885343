import "server-only";
import type { DocumentJson } from "@/lib/contracts/documents";
import { jobDraftResultSchema } from "@/lib/contracts/jobs";
import { markdownToDocument } from "@/lib/documents/markdown-to-document";
import { AppError } from "@/lib/errors";
import { createDocument } from "@/lib/server/documents";
import { getJobJson } from "./index";

/**
 * A succeeded draft job as a new document of its owner: the article's Markdown converted to the
 * editor's content; its title is automatic, the draft's title when the article doesn't open with a heading. Each call makes a new document (the job is
 * left as it is). Someone else's job, or none: 404. Any other job (not a draft, or a draft
 * that hasn't succeeded): 409 `not_a_finished_draft`. The document limit applies (403).
 */
export async function createDocumentFromJob({ ownerId, jobId }: { ownerId: string; jobId: string }): Promise<DocumentJson> {
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
  return createDocument({ ownerId, input: { content: markdownToDocument(result.data.markdown) }, outlineTitle: result.data.title });
}
