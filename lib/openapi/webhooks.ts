import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { jobSchema } from "@/lib/contracts/jobs";
import {
  webhookAttemptSchema,
  webhookDeliveryListSchema,
  webhookDeliverySchema,
  webhookPayloadSchema,
  webhookSecretInfoSchema,
  webhookSecretSchema,
  webhookTestRequestSchema,
} from "@/lib/contracts/webhooks";
import { codes } from "./responses";
import { jsonResponse, named, studioAuthNote, tags, type OperationContext, type OperationGroup } from "./operation";

/**
 * The webhooks group: the secret and test-event operations, the events a receiver gets, and
 * what the API reference says about webhooks: how deliveries look, how they are retried and
 * refused, and how a receiver verifies them — with snippets in Node and Python that need
 * nothing beyond the standard library (tests/unit/openapi.test.ts runs both).
 */

export const nodeVerifySnippet = `import { createHmac, timingSafeEqual } from "node:crypto";

// secret: your whsec_… secret; headers: the request's headers (lower-case names);
// body: the raw request body as a string (verify before parsing it).
export function verifyWebhook(secret, headers, body) {
  const id = headers["webhook-id"];
  const timestamp = headers["webhook-timestamp"];
  const signatures = headers["webhook-signature"];
  if (!id || !timestamp || !signatures) throw new Error("missing webhook headers");
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) throw new Error("timestamp too old or too new");
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const expected = createHmac("sha256", key).update(\`\${id}.\${timestamp}.\${body}\`).digest();
  const valid = signatures.split(" ").some((entry) => {
    const [version, signature] = entry.split(",");
    const given = Buffer.from(signature ?? "", "base64");
    return version === "v1" && given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!valid) throw new Error("invalid signature");
  return JSON.parse(body); // { type, timestamp, data }
}`;

export const pythonVerifySnippet = `import base64, hashlib, hmac, json, time

# secret: your whsec_... secret; headers: the request's headers (lower-case names);
# body: the raw request body as bytes (verify before parsing it).
def verify_webhook(secret: str, headers: dict, body: bytes) -> dict:
    msg_id = headers["webhook-id"]
    timestamp = headers["webhook-timestamp"]
    if abs(time.time() - int(timestamp)) > 300:
        raise ValueError("timestamp too old or too new")
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{msg_id}.{timestamp}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    for entry in headers["webhook-signature"].split(" "):
        version, _, signature = entry.partition(",")
        if version == "v1" and hmac.compare_digest(signature, expected):
            return json.loads(body)  # { type, timestamp, data }
    raise ValueError("invalid signature")`;

/** The "Webhooks" section of the document's description. */
export const webhooksGuide = `## Webhooks
Give a job a \`webhook_url\` and its outcome is POSTed there when it ends: \`job.succeeded\`, \`job.failed\` or \`job.cancelled\`. Deliveries follow [Standard Webhooks](https://www.standardwebhooks.com), so its libraries (npm \`standardwebhooks\`, PyPI \`standardwebhooks\`, …) verify them too.

**Secret.** Create one first with \`POST /api/v1/webhooks/secret\` (or in the studio's settings): \`whsec_\` + base64 of 32 random bytes, shown only in that answer. A job with \`webhook_url\` and no secret is a 422 \`webhook_secret_required\`. Calling it again rotates the secret: for 24 hours (\`previous_secret_expires_at\`) deliveries are signed with both, so receivers can switch over without dropping events.

**Request.** \`POST <webhook_url>\` with \`Content-Type: application/json\`, \`User-Agent: Draftwise-Webhooks/1\` and
- \`webhook-id\`: the delivery's id (\`msg_…\`), the same on every retry of one event — use it to ignore duplicates;
- \`webhook-timestamp\`: when this attempt was sent, in Unix seconds;
- \`webhook-signature\`: \`v1,<base64 HMAC-SHA256>\` of \`<webhook-id>.<webhook-timestamp>.<body>\`, keyed with the secret's bytes (base64-decoded, without \`whsec_\`); during a rotation two signatures, space-separated (\`v1,<new> v1,<old>\`): accept the request if any matches.

The body is \`{"type", "timestamp", "data"}\`: for job events \`data\` is the job exactly as \`GET /api/v1/jobs/{id}\` returns it; \`webhook.test\` (sent by \`POST /api/v1/webhooks/test\`) carries \`{"message"}\`. See [the webhook operations](#webhooks) for the schema.

**Retries.** Any 2xx answer within the timeout (15 s by default) counts as delivered. Anything else — another status, a redirect (never followed), a timeout, a network error, a URL that is refused by the rules below — is retried after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h (the operator can change the schedule), then the delivery is \`failed\`. Every attempt (start time, duration, status code or error) is in \`GET /api/v1/jobs/{id}/deliveries\`.

**Addresses.** A webhook URL must be \`http\` or \`https\` without credentials, and every address its host resolves to must be public: loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7), link-local (169.254/16 — cloud metadata — and fe80::/10), carrier-grade NAT, unspecified, multicast, reserved ranges and IPv6 forms that embed such an address are refused with a 422 naming \`webhook_url\`, unless the operator sets \`WEBHOOK_ALLOW_PRIVATE=true\`. The check runs when the job is submitted and again before every attempt, and the connection goes to the address that was checked, so a DNS answer that changes in between can't redirect a delivery.

**Verifying** (Node, no dependencies):

\`\`\`js
${nodeVerifySnippet}
\`\`\`

Python (standard library):

\`\`\`python
${pythonVerifySnippet}
\`\`\`

Answer 2xx quickly and do the work afterwards; reject a timestamp more than 5 minutes off, and remember \`webhook-id\`s you have handled.`;

named("WebhookAttempt", webhookAttemptSchema);

/** The schemas of webhook deliveries; the jobs' delivery log shows them too. */
export const webhookSchemas = {
  webhookSecret: named("WebhookSecret", webhookSecretSchema),
  webhookSecretInfo: named("WebhookSecretInfo", webhookSecretInfoSchema),
  webhookTestRequest: named("WebhookTestRequest", webhookTestRequestSchema),
  webhookDelivery: named("WebhookDelivery", webhookDeliverySchema),
  webhookDeliveryList: named("WebhookDeliveryList", webhookDeliveryListSchema),
  jobWebhookEvent: named(
    "JobWebhookEvent",
    webhookPayloadSchema.extend({
      type: z.enum(["job.succeeded", "job.failed", "job.cancelled"]),
      data: jobSchema.describe("The job exactly as `GET /api/v1/jobs/{id}` returns it."),
    }),
  ),
  testWebhookEvent: named(
    "TestWebhookEvent",
    webhookPayloadSchema.extend({ type: z.literal("webhook.test"), data: z.object({ message: z.string() }) }),
  ),
};

/** The Standard Webhooks headers of every delivery. */
const webhookRequestHeaders = z.object({
  "webhook-id": z.string().describe("The delivery's id (`msg_…`): the same on every retry of this event. Use it to ignore duplicates."),
  "webhook-timestamp": z.string().describe("When this attempt was sent, in Unix seconds. Reject one more than 5 minutes off."),
  "webhook-signature": z
    .string()
    .describe("`v1,<base64 HMAC-SHA256 of \"<webhook-id>.<webhook-timestamp>.<body>\">` keyed with your secret; during a rotation two, space-separated."),
});

/** The webhook signing secret and the test event. */
export function webhookOperations({ samples }: OperationContext): OperationGroup {
  return {
    api: [
      {
        method: "post",
        path: "/api/v1/webhooks/secret",
        tag: tags.webhooks,
        operationId: "createWebhookSecret",
        summary: "Create or rotate the webhook secret",
        description:
          "Creates your webhook signing secret (`whsec_` + base64 of 32 random bytes), or rotates it. **The secret is in this answer only**: store it now. After a rotation, deliveries are signed with the new and the previous secret until `previous_secret_expires_at` (24 hours), so your receiver can switch over without dropping events.",
        auth: "key",
        responses: { 201: jsonResponse("The new secret.", webhookSchemas.webhookSecret, true) },
        errors: [...codes.credentials, ...codes.limited, ...codes.always],
        samples: samples({ method: "POST", path: "/api/v1/webhooks/secret", auth: "key", response: "json" }),
      },
      {
        method: "get",
        path: "/api/v1/webhooks/secret",
        tag: tags.webhooks,
        operationId: "getWebhookSecretInfo",
        summary: "Get the webhook secret's state",
        description: "Whether you have a webhook secret, when it was made, and until when a rotated-out one still signs. Never the secret itself.",
        auth: "key",
        responses: { 200: jsonResponse("The secret's state.", webhookSchemas.webhookSecretInfo, true) },
        errors: [...codes.credentials, ...codes.limited, ...codes.always],
        samples: samples({ method: "GET", path: "/api/v1/webhooks/secret", auth: "key", response: "json" }),
      },
      {
        method: "post",
        path: "/api/v1/webhooks/test",
        tag: tags.webhooks,
        operationId: "sendWebhookTest",
        summary: "Send a test event",
        description:
          "Sends one signed `webhook.test` event to `url` now (once, no retries) and answers **200** with the delivery and its attempt — a receiver that answers 500 or can't be reached is reported in `attempts[0]` (`status_code`, `error`), not as an error of this call. Needs a webhook secret (422 `webhook_secret_required`); `url` is held to the same address rules as a job's `webhook_url` (422 naming `url`).",
        auth: "key",
        body: { schema: webhookSchemas.webhookTestRequest, example: { url: "https://example.com/hooks/draftwise" } },
        responses: { 200: jsonResponse("The delivery and how its attempt went.", webhookSchemas.webhookDelivery, true) },
        errors: [...codes.jsonBody, ...codes.credentials, "unprocessable_request", "webhook_secret_required", ...codes.limited, ...codes.always],
        errorParams: { invalid_request: "url", unprocessable_request: "url" },
        samples: samples({ method: "POST", path: "/api/v1/webhooks/test", body: { url: "https://example.com/hooks/draftwise" }, auth: "key", response: "json" }),
      },
    ],
    studio: [
      {
        method: "get",
        path: "/api/webhooks/secret",
        tag: tags.studio,
        operationId: "studioGetWebhookSecretInfo",
        summary: "Webhook secret state (studio)",
        description: `${studioAuthNote}\n\nAs \`GET /api/v1/webhooks/secret\`, for the studio's settings.`,
        auth: "sessionOrKey",
        responses: { 200: jsonResponse("The secret's state.", webhookSchemas.webhookSecretInfo, true) },
        errors: [...codes.credentials, ...codes.limited, ...codes.always],
        samples: samples({ method: "GET", path: "/api/webhooks/secret", auth: "key", response: "json" }),
      },
      {
        method: "post",
        path: "/api/webhooks/secret",
        tag: tags.studio,
        operationId: "studioRotateWebhookSecret",
        summary: "Create or rotate the webhook secret (studio)",
        description: `${studioAuthNote}\n\nAs \`POST /api/v1/webhooks/secret\`: the only answer that shows the secret.`,
        auth: "sessionOrKey",
        responses: { 201: jsonResponse("The new secret.", webhookSchemas.webhookSecret, true) },
        errors: [...codes.credentials, ...codes.limited, ...codes.always],
        samples: samples({ method: "POST", path: "/api/webhooks/secret", auth: "key", response: "json" }),
      },
      {
        method: "post",
        path: "/api/webhooks/test",
        tag: tags.studio,
        operationId: "studioSendWebhookTest",
        summary: "Send a test event (studio)",
        description: `${studioAuthNote}\n\nAs \`POST /api/v1/webhooks/test\`: the studio's "send test event".`,
        auth: "sessionOrKey",
        body: { schema: webhookSchemas.webhookTestRequest, example: { url: "https://example.com/hooks/draftwise" } },
        responses: { 200: jsonResponse("The delivery and how its attempt went.", webhookSchemas.webhookDelivery, true) },
        errors: [...codes.jsonBody, ...codes.credentials, "unprocessable_request", "webhook_secret_required", ...codes.limited, ...codes.always],
        errorParams: { invalid_request: "url", unprocessable_request: "url" },
        samples: samples({ method: "POST", path: "/api/webhooks/test", body: { url: "https://example.com/hooks/draftwise" }, auth: "key", response: "json" }),
      },
    ],
  };
}

/** The events a receiver gets, as OpenAPI webhooks. */
export function registerWebhookEvents(registry: OpenAPIRegistry): void {
  for (const event of ["job.succeeded", "job.failed", "job.cancelled", "webhook.test"] as const) {
    const job = event !== "webhook.test";
    registry.registerWebhook({
      method: "post",
      path: event,
      tags: [tags.webhooks],
      operationId: `webhook.${event}`,
      summary: job ? `${event}: a job ${event.slice(4)}` : "webhook.test: a test event",
      description: job
        ? `POSTed to the job's \`webhook_url\` when it ends ${event === "job.succeeded" ? "with a result" : event === "job.failed" ? "with an error" : "because it was cancelled"}; \`data\` is the job as \`GET /api/v1/jobs/{id}\` returns it. Signed per Standard Webhooks: verify \`webhook-signature\` over the raw body before parsing it (see Webhooks in the introduction). Answer 2xx; anything else is retried.`
        : "Sent by `POST /api/v1/webhooks/test`, once, to check that your endpoint is reachable and verifies signatures.",
      request: {
        headers: webhookRequestHeaders,
        body: { required: true, content: { "application/json": { schema: job ? webhookSchemas.jobWebhookEvent : webhookSchemas.testWebhookEvent } } },
      },
      responses: {
        "2XX": { description: "Delivered. Any other answer, a redirect, or none within the timeout is retried on the schedule." },
      },
    });
  }
}
