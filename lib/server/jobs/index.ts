import "server-only";
import { createHash } from "node:crypto";
import {
  idempotencyKeySchema,
  jobInputSchemas,
  type CreateJobRequest,
  type JobJson,
  type JobListJson,
  type JobStatusName,
} from "@/lib/contracts/jobs";
import type { WebhookDeliveryListJson } from "@/lib/contracts/webhooks";
import { AppError } from "@/lib/errors";
import { acceptJob, cancelJob, countQueuedJobs, discardCreatingJob, getJob, insertJob, listJobs, type JobRow } from "@/lib/server/db/queries/jobs";
import { env } from "@/lib/server/env";
import { validate } from "@/lib/server/http";
import { checkTemplateJobInput } from "@/lib/server/templates";
import { resolveStyleGuide } from "@/lib/server/style-guide";
import type { StyleGuideRef } from "@/lib/contracts/style-guide";
import type { Principal } from "@/lib/server/auth/principal";
import { jobJson } from "@/lib/server/job-json";
import { enqueueJobEvent, jobDeliveriesJson, prepareJobWebhook } from "@/lib/server/webhooks";
import { dispatchJob, stopCancelledRun } from "./dispatch";

export const jobNotFound = () => new AppError("not_found", "No job with this id.", { param: "id" });

/** JSON with sorted keys: two bodies that differ only in key order are the same submission. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** A submission that died half-way leaves its row `creating`; after this long its key is free again. */
const abandonedCreationMs = 60_000;

/**
 * A job's `document_id` and a `style_guide` document id must be the caller's when it is
 * submitted: a 404 naming `input.…` now rather than a job that fails when it runs (the guide
 * itself is resolved when it runs, as it stands then).
 */
async function checkJobDocuments(principal: Principal, input: { document_id?: string; style_guide?: StyleGuideRef }): Promise<void> {
  try {
    await resolveStyleGuide({ user: principal.user, documentId: input.document_id, requested: input.style_guide, fallback: "none" });
  } catch (error) {
    if (error instanceof AppError && error.param) throw new AppError(error.code, error.message, { param: `input.${error.param}` });
    throw error;
  }
}

/**
 * Queues a job. The row is created first, holding the Idempotency-Key, then the slower checks
 * run (the webhook URL's DNS) and the job is handed to the runners: a retry with the same key
 * meanwhile gets 409, a retry afterwards the same job (`replayed`), and a different body with
 * the key 422. Accounts that don't store content can't have jobs: a job is its stored input
 * and result.
 */
export async function submitJob({
  principal,
  body,
  idempotencyKey,
}: {
  principal: Principal;
  body: CreateJobRequest;
  idempotencyKey: string | null;
}): Promise<{ job: JobJson; replayed: boolean }> {
  const key = idempotencyKey === null ? null : validate(idempotencyKeySchema, idempotencyKey, "Idempotency-Key");
  if (!principal.user.storeContent) {
    throw new AppError(
      "content_storage_disabled",
      "Jobs keep their input and result until you fetch them, and this account is set not to store content (store_content: false). Use the synchronous routes, or turn storing on in Settings.",
      { param: "store_content" },
    );
  }
  const input = validate(jobInputSchemas[body.type], body.input, "input") as Record<string, unknown>;
  if (body.type === "template") checkTemplateJobInput(input as { template: string; inputs: unknown });
  await checkJobDocuments(principal, input as { document_id?: string; style_guide?: StyleGuideRef });
  const requestHash = key === null ? null : createHash("sha256").update(canonical(body)).digest("hex");
  const job = {
    ownerId: principal.user.id,
    apiKeyId: principal.apiKey?.id ?? null,
    type: body.type,
    input,
    metadata: body.metadata ?? {},
    idempotencyKey: key,
    requestHash,
  };
  let { row, created } = await insertJob({ job });
  if (!created && row.status === "creating" && (await discardCreatingJob({ jobId: row.id, olderThanMs: abandonedCreationMs }))) {
    ({ row, created } = await insertJob({ job }));
  }
  if (!created) {
    if (row.requestHash !== requestHash) {
      throw new AppError("unprocessable_request", "This Idempotency-Key was already used with a different request body.", { param: "Idempotency-Key" });
    }
    if (row.status === "creating") throw new AppError("request_in_progress", undefined, { param: "Idempotency-Key" });
    return { job: jobJson(row), replayed: true };
  }
  let accepted: JobRow | undefined;
  try {
    await checkQueuedJobs(principal.user.id);
    const webhookUrl = body.webhook_url === undefined ? null : await prepareJobWebhook({ ownerId: principal.user.id, url: body.webhook_url });
    accepted = await acceptJob({ jobId: row.id, webhookUrl });
  } finally {
    if (!accepted) await discardCreatingJob({ jobId: row.id });
  }
  if (!accepted) throw new AppError("internal_error");
  await dispatchJob({ jobId: accepted.id });
  return { job: jobJson(accepted), replayed: false };
}

/** A job waits while it is queued: Retry-After is a guess at when one of the caller's has started. */
const queuedRetryAfter = 10;

/** One user can't fill the queue: past JOBS_QUEUED_PER_USER queued jobs, 429 (a replayed submission still answers). */
async function checkQueuedJobs(ownerId: string): Promise<void> {
  if ((await countQueuedJobs({ ownerId })) < env.JOBS_QUEUED_PER_USER) return;
  throw new AppError(
    "rate_limited",
    `You have ${env.JOBS_QUEUED_PER_USER} jobs waiting, the most an account may have queued. Submit again once some have started, or cancel some.`,
    { param: "queued_jobs", retryAfter: queuedRetryAfter },
  );
}

export async function getJobJson({ ownerId, jobId }: { ownerId: string; jobId: string }): Promise<JobJson> {
  const row = await getJob({ ownerId, jobId });
  if (!row) throw jobNotFound();
  return jobJson(row);
}

const encodeCursor = (row: JobRow) => Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString("base64url");

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const createdAt = new Date(at ?? "");
  if (!id || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(createdAt.getTime())) {
    throw new AppError("invalid_request", "cursor is not a next_cursor this API returned.", { param: "cursor" });
  }
  return { createdAt, id };
}

export async function listJobsJson({
  ownerId,
  status,
  limit,
  cursor,
}: {
  ownerId: string;
  status?: JobStatusName;
  limit: number;
  cursor?: string;
}): Promise<JobListJson> {
  const rows = await listJobs({ ownerId, status, limit: limit + 1, after: cursor ? decodeCursor(cursor) : undefined });
  const page = rows.slice(0, limit);
  const hasMore = rows.length > limit;
  return { object: "list", data: page.map(jobJson), has_more: hasMore, next_cursor: hasMore ? encodeCursor(page.at(-1)!) : null };
}

/** Cancels a queued or running job (a run in this process stops at once); a finished job is returned as it is. */
export async function cancelJobJson({ ownerId, jobId }: { ownerId: string; jobId: string }): Promise<JobJson> {
  const cancelled = await cancelJob({ ownerId, jobId });
  if (!cancelled) throw jobNotFound();
  // Stops a run in this process, and tells queue workers elsewhere (Redis); a run the message
  // misses still sees the cancellation when it next renews its lease.
  // Whenever this call cancelled it: a runner may have claimed the job a moment before.
  if (cancelled.changed) stopCancelledRun(jobId);
  if (cancelled.changed) await enqueueJobEvent({ jobId });
  return jobJson(cancelled.row);
}

/** The webhook deliveries of one of the owner's jobs, newest first, each with its attempts. */
export async function listJobDeliveriesJson({ ownerId, jobId }: { ownerId: string; jobId: string }): Promise<WebhookDeliveryListJson> {
  if (!(await getJob({ ownerId, jobId }))) throw jobNotFound();
  return jobDeliveriesJson({ ownerId, jobId });
}
