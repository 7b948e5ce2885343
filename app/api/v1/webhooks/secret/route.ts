import { authenticate } from "@/lib/server/auth/principal";
import { otherMethods, route } from "@/lib/server/http";
import { limitWrites, withRequestLimits } from "@/lib/server/limits";
import { createOrRotateWebhookSecret, webhookSecretInfo } from "@/lib/server/webhooks";

export const { OPTIONS, PUT, PATCH, DELETE } = otherMethods("GET, POST");

/** Creates the caller's webhook signing secret, or rotates it (the old one signs beside it for 24 h). The only answer that shows it. */
export const POST = route(async (req) => {
  const principal = await authenticate(req, { session: false });
  await limitWrites(principal.user);
  return withRequestLimits({ ...principal, route: "/api/v1/webhooks/secret" }, async () =>
    Response.json(await createOrRotateWebhookSecret({ ownerId: principal.user.id }), { status: 201, headers: { "Cache-Control": "no-store" } }),
  );
});

/** Whether the caller has a secret, since when, and until when a rotated-out one still signs; never the secret. */
export const GET = route(async (req) => {
  const principal = await authenticate(req, { session: false });
  return withRequestLimits({ ...principal, route: "/api/v1/webhooks/secret" }, async () =>
    Response.json(await webhookSecretInfo({ ownerId: principal.user.id }), { headers: { "Cache-Control": "no-store" } }),
  );
});
