import { webhookTestRequestSchema } from "@/lib/contracts/webhooks";
import { authenticate } from "@/lib/server/auth/principal";
import { otherMethods, readJsonBody, route } from "@/lib/server/http";
import { limitWrites, withRequestLimits } from "@/lib/server/limits";
import { sendTestEvent } from "@/lib/server/webhooks";

export const { OPTIONS, GET, PUT, PATCH, DELETE } = otherMethods("POST");

/** Sends one signed `webhook.test` event to `url` now; answers with the delivery and how the attempt went. */
export const POST = route(async (req) => {
  const principal = await authenticate(req, { session: false });
  await limitWrites(principal.user);
  const { url } = await readJsonBody(req, webhookTestRequestSchema);
  return withRequestLimits({ ...principal, route: "/api/v1/webhooks/test" }, async () =>
    Response.json(await sendTestEvent({ ownerId: principal.user.id, url })),
  );
});
