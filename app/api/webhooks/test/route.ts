import { webhookTestRequestSchema } from "@/lib/contracts/webhooks";
import { authenticate } from "@/lib/server/auth/principal";
import { otherMethods, readJsonBody, route } from "@/lib/server/http";
import { limitWrites, withRequestLimits } from "@/lib/server/limits";
import { sendTestEvent } from "@/lib/server/webhooks";

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");

/** The studio's "send test event": one signed `webhook.test` to `url` now, and how the attempt went. */
export const POST = route(async (req) => {
  const principal = await authenticate(req, { session: true });
  await limitWrites(principal.user);
  const { url } = await readJsonBody(req, webhookTestRequestSchema);
  return withRequestLimits({ ...principal, route: "/api/webhooks/test" }, async () =>
    Response.json(await sendTestEvent({ ownerId: principal.user.id, url }), { headers: { "Cache-Control": "no-store" } }),
  );
});
