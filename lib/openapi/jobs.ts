import { z } from "zod";
import { webhookUrlSchema } from "@/lib/contracts/webhooks";
import { jobInputSchemas, jobListQuerySchema, jobListSchema, jobMetadataSchema, jobSchema, jobTypes } from "@/lib/contracts/jobs";
import { codes } from "./responses";
import { anyOf, jsonResponse, named, studioAuthNote, tags, type OperationContext, type OperationGroup } from "./operation";
import { webhookSchemas } from "./webhooks";

/** The bodies operations name. */
const jobInputDescriptions: Record<(typeof jobTypes)[number], string> = {
  chat: "`input` is the body of `POST /api/v1/chat` without `stream` and `conversation_id`.",
  write: "`input` is the body of `POST /api/v1/write` without `stream`.",
  outline: "`input` is the body of `POST /api/v1/outline`.",
  draft: "A whole article, written section by section: `input` gives either an `outline` (as `POST /api/v1/outline` returns it) or a `topic` (the outline is written first, with `sections`, `audience`, `tone`). `progress` moves on as each section is done; the result holds the sections so far, then the whole article as `markdown`.",
  template: "`input` is `template` (a template id from `GET /api/v1/templates`) and the body of `POST /api/v1/templates/{id}` without `stream`.",
};

const schemas = {
  /** One body per job type, so each type's `input` is documented in full. */
  createJob: anyOf(
    jobTypes.map((type) =>
      named(
        `CreateJob.${type}`,
        z.strictObject({ type: z.literal(type), input: jobInputSchemas[type], webhook_url: webhookUrlSchema.optional(), metadata: jobMetadataSchema.optional() }),
        { title: `A ${type} job`, description: jobInputDescriptions[type] },
      ),
    ),
  ),
  job: named("Job", jobSchema),
  jobList: named("JobList", jobListSchema),
  webhookDeliveryList: webhookSchemas.webhookDeliveryList,
};

const params = {
  jobId: z.object({ id: z.uuid().describe("The job's id.") }),
};

/** Background jobs: submit, list, get, cancel, and their webhook deliveries. */
export function jobOperations({ ex, samples }: OperationContext): OperationGroup {
  return {
    api: [
      {
        method: "post",
        path: "/api/v1/jobs",
        tag: tags.jobs,
        operationId: "createJob",
        summary: "Submit a job",
        description:
          "Queues work to run in the background and answers **202** at once with the job (`status: \"queued\"`) and a `Location` header; poll `GET /api/v1/jobs/{id}`, or give a `webhook_url`. `input` is the body the type's own route takes (`chat` → `POST /api/v1/chat`, `write` → `POST /api/v1/write`, `outline` → `POST /api/v1/outline`, `template` → `POST /api/v1/templates/{id}` plus `template`), without `stream`; `draft` writes a whole article from an `outline` or a `topic`, section by section. A problem in `input` names its field (`input.messages`).\n\n" +
          "**Webhook:** with `webhook_url`, the job's outcome (`job.succeeded`, `job.failed`, `job.cancelled`) is POSTed there, signed per Standard Webhooks (see Webhooks in the introduction). It needs a webhook secret (else 422 `webhook_secret_required`), and a URL whose host resolves to a private, loopback or link-local address is refused with a 422 `unprocessable_request` naming `webhook_url`.\n\n" +
          "**Idempotency:** send an `Idempotency-Key` header (1–255 visible ASCII characters) and a retried submission returns the original job (202, `Idempotent-Replayed: true`) instead of a second one; the same key with a different body is a 422 naming `Idempotency-Key`. Keys are per account; a retry that arrives while the first submission is still being accepted is a 409 `request_in_progress` (retry it in a moment).\n\n" +
          "Jobs are stored until you fetch them, so an account set not to store content (`store_content: false`) gets a 422 `content_storage_disabled`. A job survives a restart of the server: a queued one runs after it, a running one is run again (up to `JOBS_MAX_ATTEMPTS` runs, then it fails with `job_interrupted`).",
        auth: "key",
        body: {
          schema: schemas.createJob,
          examples: {
            write: { summary: "A write job", value: { type: "write", input: ex.v1Write, metadata: { order: "A-1042" } } },
            draft: {
              summary: "A draft with a webhook",
              value: { type: "draft", input: { topic: "Writing every day", sections: 4, audience: "new bloggers" }, webhook_url: "https://example.com/hooks/draftwise" },
            },
          },
        },
        responses: { 202: jsonResponse("The job, queued (or, for a replayed Idempotency-Key, the original job as it is now).", schemas.job, true) },
        errors: [
          ...codes.jsonBody,
          ...codes.credentials,
          "request_in_progress",
          "unprocessable_request",
          "content_storage_disabled",
          "webhook_secret_required",
          ...codes.limited,
          ...codes.always,
        ],
        errorParams: {
          invalid_request: "input.messages",
          unprocessable_request: "webhook_url",
          content_storage_disabled: "store_content",
          webhook_secret_required: "webhook_url",
          request_in_progress: "Idempotency-Key",
        },
        samples: samples({ method: "POST", path: "/api/v1/jobs", body: { type: "write", input: ex.v1Write }, auth: "key", response: "json" }),
      },
      {
        method: "get",
        path: "/api/v1/jobs",
        tag: tags.jobs,
        operationId: "listJobs",
        summary: "List jobs",
        description: "Your jobs, newest first. `status` filters; `limit` (1–100, default 20) and `cursor` (a previous answer's `next_cursor`) page through them.",
        auth: "key",
        query: jobListQuerySchema,
        responses: { 200: jsonResponse("A page of jobs.", schemas.jobList, true) },
        errors: [...codes.credentials, "invalid_request", ...codes.limited, ...codes.always],
        errorParams: { invalid_request: "status" },
        samples: samples({ method: "GET", path: "/api/v1/jobs?status=succeeded&limit=20", auth: "key", response: "json" }),
      },
      {
        method: "get",
        path: "/api/v1/jobs/{id}",
        tag: tags.jobs,
        operationId: "getJob",
        summary: "Get a job",
        description: "A job's status (`queued`, `running`, `succeeded`, `failed`, `cancelled`), progress, result or error, and the tokens it used. Another account's job is a 404.",
        auth: "key",
        params: params.jobId,
        responses: { 200: jsonResponse("The job.", schemas.job, true) },
        errors: [...codes.credentials, "not_found", ...codes.limited, ...codes.always],
        errorParams: { not_found: "id" },
        samples: samples({ method: "GET", path: "/api/v1/jobs/5b0e6c1e-8f7a-4d6b-9a39-3c1f2e7d9a10", auth: "key", response: "json" }),
      },
      {
        method: "delete",
        path: "/api/v1/jobs/{id}",
        tag: tags.jobs,
        operationId: "cancelJob",
        summary: "Cancel a job",
        description: "Cancels a queued or running job: a running one stops its model call at once (the tokens it used so far are counted). Cancelling again, or cancelling a finished job, answers 200 with the job as it is.",
        auth: "key",
        params: params.jobId,
        responses: { 200: jsonResponse("The job, cancelled (or as it already was).", schemas.job, true) },
        errors: [...codes.credentials, "not_found", ...codes.limited, ...codes.always],
        errorParams: { not_found: "id" },
        samples: samples({ method: "DELETE", path: "/api/v1/jobs/5b0e6c1e-8f7a-4d6b-9a39-3c1f2e7d9a10", auth: "key", response: "json" }),
      },
      {
        method: "get",
        path: "/api/v1/jobs/{id}/deliveries",
        tag: tags.jobs,
        operationId: "listJobDeliveries",
        summary: "List a job's webhook deliveries",
        description:
          "The delivery log of a job with a `webhook_url`: its deliveries, newest first, each with every attempt in order (start time, duration, the receiver's status code or `null`, and why it failed). `status` is `pending` while attempts remain (`next_attempt_at` says when), `delivered` after a 2xx, `failed` once the retries ran out. A job without `webhook_url` has none; another account's job is a 404.",
        auth: "key",
        params: params.jobId,
        responses: { 200: jsonResponse("The job's deliveries.", schemas.webhookDeliveryList, true) },
        errors: [...codes.credentials, "not_found", ...codes.limited, ...codes.always],
        errorParams: { not_found: "id" },
        samples: samples({ method: "GET", path: "/api/v1/jobs/5b0e6c1e-8f7a-4d6b-9a39-3c1f2e7d9a10/deliveries", auth: "key", response: "json" }),
      },
    ],
    studio: [
      {
        method: "get",
        path: "/api/jobs/{id}/deliveries",
        tag: tags.studio,
        operationId: "studioListJobDeliveries",
        summary: "A job's webhook deliveries (studio)",
        description: `${studioAuthNote}\n\nAs \`GET /api/v1/jobs/{id}/deliveries\`, for the jobs page.`,
        auth: "sessionOrKey",
        params: params.jobId,
        responses: { 200: jsonResponse("The job's deliveries.", schemas.webhookDeliveryList, true) },
        errors: [...codes.credentials, "not_found", ...codes.limited, ...codes.always],
        errorParams: { not_found: "id" },
        samples: samples({ method: "GET", path: "/api/jobs/5b0e6c1e-8f7a-4d6b-9a39-3c1f2e7d9a10/deliveries", auth: "key", response: "json" }),
      },
    ],
  };
}
