/**
 * What the API reference says about webhooks: how deliveries look, how they are retried and
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
