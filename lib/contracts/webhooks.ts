import { z } from "zod";
import { safeJson, safeRecord, safeString } from "./strings";

/**
 * Webhooks per the Standard Webhooks specification (standardwebhooks.com): each delivery
 * carries `webhook-id`, `webhook-timestamp` and `webhook-signature: v1,<base64 HMAC-SHA256 of
 * "id.timestamp.body">`, keyed with the user's `whsec_…` secret.
 */
const webhookEventTypes = ["job.succeeded", "job.failed", "job.cancelled", "webhook.test"] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

/** Syntax only; whether the host may be called (SSRF rules) is checked by the server after parsing. */
export const webhookUrlSchema = safeString()
  .trim()
  .max(2000)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "https:" || url.protocol === "http:") && url.username === "" && url.password === "";
    } catch {
      return false;
    }
  }, "webhook_url must be an absolute http(s) URL without credentials.")
  .describe("Where to POST the job's outcome (job.succeeded, job.failed, job.cancelled), signed with your webhook secret.");

/** The body of every delivery: the Standard Webhooks envelope. */
export const webhookPayloadSchema = z.object({
  type: z.enum(webhookEventTypes),
  timestamp: safeString().describe("When the event happened (ISO 8601)."),
  data: safeRecord(safeJson()).describe("job.*: the job as GET /api/v1/jobs/{id} returns it; webhook.test: { message }."),
});
export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;

/** POST /api/v1/webhooks/secret: the only time the secret is shown. */
export const webhookSecretSchema = z.object({
  object: z.literal("webhook_secret"),
  secret: safeString().describe("whsec_ followed by base64 of 32 random bytes. Shown once: store it now."),
  created_at: safeString(),
  previous_secret_expires_at: safeString()
    .nullable()
    .describe("After a rotation, deliveries are also signed with the previous secret until this time, so receivers can switch over."),
});
export type WebhookSecretJson = z.infer<typeof webhookSecretSchema>;

/** GET of the secret's state (the studio's settings): never the secret itself. */
export const webhookSecretInfoSchema = z.object({
  object: z.literal("webhook_secret_info"),
  exists: z.boolean(),
  created_at: safeString().nullable(),
  previous_secret_expires_at: safeString().nullable(),
});
export type WebhookSecretInfoJson = z.infer<typeof webhookSecretInfoSchema>;

export const webhookTestRequestSchema = z.strictObject({ url: webhookUrlSchema });

export const webhookAttemptSchema = z.object({
  attempt: z.int().describe("1 for the first try."),
  started_at: safeString(),
  duration_ms: z.int(),
  status_code: z.int().nullable().describe("The receiver's HTTP status; null when no answer came (timeout, refused, network error)."),
  error: safeString().nullable().describe("Why the attempt failed, when it did."),
});

const webhookDeliveryStatuses = ["pending", "delivered", "failed"] as const;

/** One event sent to one URL, with every attempt at it. */
export const webhookDeliverySchema = z.object({
  id: safeString().describe("The webhook-id header: the same on every retry of this event."),
  object: z.literal("webhook_delivery"),
  event: z.enum(webhookEventTypes),
  url: safeString(),
  job_id: safeString().nullable(),
  status: z.enum(webhookDeliveryStatuses).describe("pending while attempts remain; delivered on a 2xx; failed when retries ran out."),
  attempts: z.array(webhookAttemptSchema),
  next_attempt_at: safeString().nullable(),
  created_at: safeString(),
});
export type WebhookDeliveryJson = z.infer<typeof webhookDeliverySchema>;

export const webhookDeliveryListSchema = z.object({ object: z.literal("list"), data: z.array(webhookDeliverySchema) });
export type WebhookDeliveryListJson = z.infer<typeof webhookDeliveryListSchema>;
