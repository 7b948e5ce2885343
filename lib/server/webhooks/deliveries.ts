import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { jobSchema } from "@/lib/contracts/jobs";
import type { WebhookDeliveryJson, WebhookEventType, WebhookPayload } from "@/lib/contracts/webhooks";
import {
  getJobForWebhook,
  getWebhookSecret,
  insertWebhookDelivery,
  recordWebhookAttempt,
  type DeliveryWithAttempts,
  type WebhookDeliveryRow,
} from "@/lib/server/db/queries/webhooks";
import { env } from "@/lib/server/env";
import { jobJson } from "@/lib/server/job-json";
import { logger } from "@/lib/server/log";
import { checkWebhookTarget, WebhookAddressError, type CheckedTarget } from "./address";
import { postWebhook, type SendResult } from "./send";
import { signingSecrets } from "./secrets";
import { webhookHeaders } from "./sign";

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** The webhook-id of a job's event: the same however often the event is queued. */
export function jobDeliveryId(jobId: string, event: WebhookEventType): string {
  return `msg_${createHash("sha256").update(`${jobId}:${event}`).digest("hex").slice(0, 32)}`;
}

export function randomDeliveryId(): string {
  return `msg_${randomBytes(16).toString("hex")}`;
}

const jobKeys = Object.keys(jobSchema.shape);

/**
 * The body exactly as sent: the envelope's keys in order, and a job's keys in the order of the
 * job object (the stored payload is jsonb, which does not keep key order).
 */
export function deliveryBody(payload: Record<string, unknown>): string {
  const { type, timestamp, data } = payload as WebhookPayload;
  const ordered =
    typeof type === "string" && type.startsWith("job.") && data && typeof data === "object"
      ? Object.fromEntries([...jobKeys.filter((k) => k in data), ...Object.keys(data).filter((k) => !jobKeys.includes(k))].map((k) => [k, data[k]]))
      : data;
  return JSON.stringify({ type, timestamp, data: ordered });
}

export function deliveryJson({ delivery, attempts }: DeliveryWithAttempts): WebhookDeliveryJson {
  return {
    id: delivery.id,
    object: "webhook_delivery",
    event: delivery.event as WebhookEventType,
    url: delivery.url,
    job_id: delivery.jobId,
    status: delivery.status,
    attempts: attempts.map((a) => ({
      attempt: a.attempt,
      started_at: a.startedAt.toISOString(),
      duration_ms: a.durationMs,
      status_code: a.statusCode,
      error: a.error,
    })),
    next_attempt_at: delivery.status === "pending" ? iso(delivery.nextAttemptAt) : null,
    created_at: delivery.createdAt.toISOString(),
  };
}

type AttemptOutcome = { status: "pending"; nextAttemptAt: Date } | { status: "delivered" | "failed" };

/**
 * Makes one attempt at a delivery and records it. The URL is checked again (its host may resolve
 * elsewhere by now) unless the caller has just checked it; the connection is pinned to the
 * checked address. Without `retry` (the test event) a failed attempt is final; otherwise the
 * next one is due after WEBHOOK_RETRY_DELAYS_MS[attempt - 1], until the list runs out.
 */
export async function attemptDelivery(
  delivery: WebhookDeliveryRow,
  { retry = true, target }: { retry?: boolean; target?: CheckedTarget } = {},
): Promise<{ outcome: AttemptOutcome; result: SendResult }> {
  const attempt = delivery.attemptCount + 1;
  const startedAt = new Date();
  const started = performance.now();
  let result: SendResult;
  try {
    const secret = await getWebhookSecret({ ownerId: delivery.ownerId });
    if (!secret) {
      result = { statusCode: null, error: "No webhook secret to sign with: create one with POST /api/v1/webhooks/secret.", durationMs: 0 };
    } else {
      const checked = target ?? (await checkWebhookTarget(delivery.url, { field: "The URL" }));
      const body = deliveryBody(delivery.payload);
      const headers = webhookHeaders({ secrets: signingSecrets(secret), id: delivery.id, timestamp: Math.floor(Date.now() / 1000), body });
      result = await postWebhook({ target: checked, body, headers, timeoutMs: env.WEBHOOK_TIMEOUT_MS });
    }
  } catch (error) {
    if (!(error instanceof WebhookAddressError)) logger.error({ err: error, deliveryId: delivery.id }, "webhooks: attempt failed unexpectedly");
    result = {
      statusCode: null,
      error: error instanceof WebhookAddressError ? `Not sent: ${error.message}` : "Not sent: an internal error occurred.",
      durationMs: Math.round(performance.now() - started),
    };
  }
  const delays = env.WEBHOOK_RETRY_DELAYS_MS;
  const outcome: AttemptOutcome =
    result.error === null
      ? { status: "delivered" }
      : retry && attempt <= delays.length
        ? { status: "pending", nextAttemptAt: new Date(Date.now() + delays[attempt - 1]!) }
        : { status: "failed" };
  await recordWebhookAttempt({
    deliveryId: delivery.id,
    attempt: { attempt, startedAt, durationMs: result.durationMs, statusCode: result.statusCode, error: result.error?.slice(0, 1000) ?? null },
    outcome,
  });
  logger.info(
    { deliveryId: delivery.id, event: delivery.event, attempt, statusCode: result.statusCode, outcome: outcome.status, durationMs: result.durationMs },
    "webhook attempt",
  );
  return { outcome, result };
}

const jobEvents = { succeeded: "job.succeeded", failed: "job.failed", cancelled: "job.cancelled" } as const;

/**
 * Queues the event of a finished job that has a webhook URL (due now); anything else is left
 * alone. Idempotent: the delivery id follows from the job and event. True when queued now.
 */
export async function queueJobEvent({ jobId }: { jobId: string }): Promise<boolean> {
  const job = await getJobForWebhook({ jobId });
  if (!job?.webhookUrl || !(job.status in jobEvents)) return false;
  const event = jobEvents[job.status as keyof typeof jobEvents];
  const payload: WebhookPayload = { type: event, timestamp: (job.finishedAt ?? new Date()).toISOString(), data: jobJson(job) };
  return insertWebhookDelivery({
    delivery: { id: jobDeliveryId(job.id, event), ownerId: job.ownerId, jobId: job.id, event, url: job.webhookUrl, payload, nextAttemptAt: new Date() },
  });
}
