import "server-only";
import { createHmac, randomBytes } from "node:crypto";

/** Standard Webhooks signing (https://www.standardwebhooks.com). */

const prefix = "whsec_";

/** A new signing secret: `whsec_` + base64 of 32 random bytes. */
export function newWebhookSecret(): string {
  return `${prefix}${randomBytes(32).toString("base64")}`;
}

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, keyed with the secret's decoded bytes. */
export function signPayload({ secret, id, timestamp, body }: { secret: string; id: string; timestamp: number; body: string }): string {
  const key = Buffer.from(secret.startsWith(prefix) ? secret.slice(prefix.length) : secret, "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

/**
 * The three Standard Webhooks headers. With more than one secret (a rotation's overlap) the
 * signature header carries one signature per secret, space-separated; a receiver accepts the
 * message when any of them matches.
 */
export function webhookHeaders({ secrets, id, timestamp, body }: { secrets: string[]; id: string; timestamp: number; body: string }): Record<string, string> {
  return {
    "webhook-id": id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": secrets.map((secret) => signPayload({ secret, id, timestamp, body })).join(" "),
  };
}
