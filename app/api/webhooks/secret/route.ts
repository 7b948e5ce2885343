import { authenticate } from "@/lib/server/auth/principal";
import { otherMethods, route } from "@/lib/server/http";
import { limitWrites, withRequestLimits } from "@/lib/server/limits";
import { createOrRotateWebhookSecret, webhookSecretInfo } from "@/lib/server/webhooks";

export const { PUT, PATCH, DELETE } = otherMethods("GET, POST");

/** The studio's side of /api/v1/webhooks/secret (session cookie, or an API key): the secret's state, never the secret. */
export const GET = route(async (req) => {
  const principal = await authenticate(req, { session: true });
  return withRequestLimits({ ...principal, route: "/api/webhooks/secret" }, async () =>
    Response.json(await webhookSecretInfo({ ownerId: principal.user.id }), { headers: { "Cache-Control": "no-store" } }),
  );
});

/** Creates or rotates the secret; this answer is the only one that shows it. */
export const POST = route(async (req) => {
  const principal = await authenticate(req, { session: true });
  await limitWrites(principal.user);
  return withRequestLimits({ ...principal, route: "/api/webhooks/secret" }, async () =>
    Response.json(await createOrRotateWebhookSecret({ ownerId: principal.user.id }), { status: 201, headers: { "Cache-Control": "no-store" } }),
  );
});
