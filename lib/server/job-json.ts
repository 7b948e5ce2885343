import "server-only";
import type { JobJson } from "@/lib/contracts/jobs";
import type { JobRow } from "@/lib/server/db/queries/jobs";

const iso = (date: Date | null) => date?.toISOString() ?? null;

/**
 * A job row as the API shows it: what the jobs routes answer and what a job's webhook event
 * carries. Its own module so webhooks need nothing from jobs/ (jobs → webhooks, never back).
 */
export function jobJson(row: JobRow): JobJson {
  return {
    id: row.id,
    object: "job",
    type: row.type as JobJson["type"],
    // Only the submission that is creating a job sees it in that state.
    status: row.status === "creating" ? "queued" : row.status,
    progress: row.progress,
    input: row.input,
    metadata: row.metadata,
    result: (row.result as JobJson["result"]) ?? null,
    webhook_url: row.webhookUrl,
    error: row.error ?? null,
    usage: { prompt_tokens: row.promptTokens, completion_tokens: row.completionTokens, total_tokens: row.promptTokens + row.completionTokens },
    attempts: row.attempts,
    created_at: row.createdAt.toISOString(),
    started_at: iso(row.startedAt),
    finished_at: iso(row.finishedAt),
    links: { self: `/api/v1/jobs/${row.id}`, deliveries: `/api/v1/jobs/${row.id}/deliveries` },
  };
}
