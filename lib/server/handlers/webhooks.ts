import "server-only";
import { webhookTestRequestSchema } from "@/lib/contracts/webhooks";
import { authenticate } from "@/lib/server/auth/principal";
import { otherMethods, readJsonBody, route, routeOf } from "@/lib/server/http";
import { limitWrites, withRequestLimits } from "@/lib/server/limits";
import { createOrRotateWebhookSecret, sendTestEvent, webhookSecretInfo } from "@/lib/server/webhooks";
import { noStore, type RoutePolicy } from "./policy";

/**
 * /api/webhooks/secret and /api/v1/webhooks/secret: GET says whether the caller has a secret,
 * since when, and until when a rotated-out one still signs (never the secret); POST creates or
 * rotates it (the old one signs beside it for 24 h), the only answer that shows it.
 */
export function webhookSecretRoute(policy: RoutePolicy) {
  const GET = route(async (req) => {
    const principal = await authenticate(req, policy);
    return withRequestLimits({ ...principal, route: routeOf(req) }, async () =>
      Response.json(await webhookSecretInfo({ ownerId: principal.user.id }), { headers: noStore }),
    );
  });

  const POST = route(async (req) => {
    const principal = await authenticate(req, policy);
    await limitWrites(principal.user);
    return withRequestLimits({ ...principal, route: routeOf(req) }, async () =>
      Response.json(await createOrRotateWebhookSecret({ ownerId: principal.user.id }), { status: 201, headers: noStore }),
    );
  });

  return { ...otherMethods("GET, POST"), GET, POST };
}

/** /api/webhooks/test and /api/v1/webhooks/test: one signed `webhook.test` to `url` now, and how the attempt went. */
export function webhookTestRoute(policy: RoutePolicy) {
  const POST = route(async (req) => {
    const principal = await authenticate(req, policy);
    await limitWrites(principal.user);
    const { url } = await readJsonBody(req, webhookTestRequestSchema);
    return withRequestLimits({ ...principal, route: routeOf(req) }, async () =>
      Response.json(await sendTestEvent({ ownerId: principal.user.id, url }), { headers: noStore }),
    );
  });

  return { ...otherMethods("POST"), POST };
}
