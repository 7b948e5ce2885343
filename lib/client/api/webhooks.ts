import type { WebhookDeliveryJson, WebhookSecretInfoJson, WebhookSecretJson } from "@/lib/contracts/webhooks";
import { requestJson } from "./request-json";

/** The settings page's webhook calls (session routes beside /api/v1/webhooks). */
export const getWebhookSecretInfo = (signal?: AbortSignal) => requestJson<WebhookSecretInfoJson>("/api/webhooks/secret", { signal });

/** Creates the secret, or rotates it: the answer is the only time the secret is shown. */
export const createOrRotateWebhookSecret = () => requestJson<WebhookSecretJson>("/api/webhooks/secret", { method: "POST" });

/** One signed `webhook.test` event, sent now: the delivery with its single attempt. */
export const sendWebhookTest = (url: string) => requestJson<WebhookDeliveryJson>("/api/webhooks/test", { body: { url } });
