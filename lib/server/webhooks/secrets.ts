import "server-only";
import type { WebhookSecretInfoJson, WebhookSecretJson } from "@/lib/contracts/webhooks";
import { getWebhookSecret, rotateWebhookSecret, type WebhookSecretRow } from "@/lib/server/db/queries/webhooks";
import { newWebhookSecret } from "./sign";

/** How long a rotated-out secret keeps signing beside the new one. */
const SECRET_OVERLAP_MS = 24 * 60 * 60 * 1000;

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** While the overlap lasts, the previous secret still counts. */
const previousActive = (row: WebhookSecretRow, now: number) =>
  row.previousSecret !== null && row.previousExpiresAt !== null && row.previousExpiresAt.getTime() > now;

/** The secrets a delivery is signed with now: the current one, and the previous one during its overlap. */
export function signingSecrets(row: WebhookSecretRow, now = Date.now()): string[] {
  return previousActive(row, now) ? [row.secret, row.previousSecret!] : [row.secret];
}

/** Creates the user's secret, or rotates it; the only answer that shows it. */
export async function createOrRotateWebhookSecret({ ownerId }: { ownerId: string }): Promise<WebhookSecretJson> {
  const row = await rotateWebhookSecret({ ownerId, secret: newWebhookSecret(), overlapMs: SECRET_OVERLAP_MS });
  return {
    object: "webhook_secret",
    secret: row.secret,
    created_at: row.createdAt.toISOString(),
    previous_secret_expires_at: previousActive(row, Date.now()) ? iso(row.previousExpiresAt) : null,
  };
}

export async function webhookSecretInfo({ ownerId }: { ownerId: string }): Promise<WebhookSecretInfoJson> {
  const row = await getWebhookSecret({ ownerId });
  return {
    object: "webhook_secret_info",
    exists: row !== undefined,
    created_at: iso(row?.createdAt ?? null),
    previous_secret_expires_at: row && previousActive(row, Date.now()) ? iso(row.previousExpiresAt) : null,
  };
}
