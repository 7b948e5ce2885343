import "server-only";
import type { WebhookDeliveryJson, WebhookDeliveryListJson, WebhookPayload } from "@/lib/contracts/webhooks";
import { AppError } from "@/lib/errors";
import { getWebhookDelivery, getWebhookSecret, insertWebhookDelivery, listJobWebhookDeliveries } from "@/lib/server/db/queries/webhooks";
import { checkWebhookTarget, WebhookAddressError, type CheckedTarget } from "./address";
import { attemptDelivery, deliveryJson, queueJobEvent, randomDeliveryId } from "./deliveries";
import { deliverDue, startSender, stopSender, wakeWebhookSender } from "./sender";

export { createOrRotateWebhookSecret, webhookSecretInfo } from "./secrets";

/**
 * Standard Webhooks for jobs (docs/jobs-and-webhooks.md#webhooks): signed deliveries of job.succeeded,
 * job.failed and job.cancelled to the job's webhook_url, retried on the WEBHOOK_RETRY_DELAYS_MS
 * schedule, with every attempt logged; URLs are held to the SSRF rules of address.ts.
 */

const secretRequired = (param?: string) =>
  new AppError(
    "webhook_secret_required",
    "Create a webhook secret first (POST /api/v1/webhooks/secret, or Settings in the studio): every delivery is signed with it.",
    param ? { param } : {},
  );

async function checkedTarget(url: string, param: string): Promise<CheckedTarget> {
  try {
    return await checkWebhookTarget(url, { field: param });
  } catch (error) {
    if (error instanceof WebhookAddressError) throw new AppError("unprocessable_request", error.message, { param });
    throw error;
  }
}

/**
 * Checks a job's webhook_url at submission: the user needs a secret, and the URL must pass the
 * SSRF rules (every address its host resolves to is public). Returns the normalized URL.
 */
export async function prepareJobWebhook({ ownerId, url }: { ownerId: string; url: string }): Promise<string> {
  if (!(await getWebhookSecret({ ownerId }))) throw secretRequired("webhook_url");
  const target = await checkedTarget(url, "webhook_url");
  return target.url.toString();
}

/** Queues the event of a job that has just ended (if it has a webhook_url) and wakes the sender. Idempotent. */
export async function enqueueJobEvent({ jobId }: { jobId: string }): Promise<void> {
  if (await queueJobEvent({ jobId })) wakeWebhookSender();
}

/** Starts this process's sender loop (instrumentation, worker). Idempotent. */
export function startWebhookSender(): void {
  startSender();
}

/** Stops sending in a process that has no drain of its own (the worker); waits for attempts in flight. */
export function stopWebhookSender(): Promise<void> {
  return stopSender();
}

/** One sweep for the cron route: returns how many deliveries were attempted. */
export function deliverDueWebhooks({ deadline }: { deadline: number }): Promise<number> {
  return deliverDue({ deadline });
}

/**
 * Sends a `webhook.test` event to `url` once, now, and answers with the delivery and its one
 * attempt (a receiver's error is reported there, not as an error of this call). Not retried.
 */
export async function sendTestEvent({ ownerId, url }: { ownerId: string; url: string }): Promise<WebhookDeliveryJson> {
  if (!(await getWebhookSecret({ ownerId }))) throw secretRequired();
  const target = await checkedTarget(url, "url");
  const payload: WebhookPayload = {
    type: "webhook.test",
    timestamp: new Date().toISOString(),
    data: { message: "A test event from Draftwise: your endpoint is reachable and can check signatures." },
  };
  const id = randomDeliveryId();
  await insertWebhookDelivery({ delivery: { id, ownerId, jobId: null, event: "webhook.test", url: target.url.toString(), payload, nextAttemptAt: null } });
  const delivery = (await getWebhookDelivery({ ownerId, deliveryId: id }))!;
  await attemptDelivery(delivery.delivery, { retry: false, target });
  return deliveryJson((await getWebhookDelivery({ ownerId, deliveryId: id }))!);
}

/** The deliveries of a job (the caller has checked it is the owner's), newest first, each with its attempts. */
export async function jobDeliveriesJson({ ownerId, jobId }: { ownerId: string; jobId: string }): Promise<WebhookDeliveryListJson> {
  const deliveries = await listJobWebhookDeliveries({ ownerId, jobId });
  return { object: "list", data: deliveries.map(deliveryJson) };
}
