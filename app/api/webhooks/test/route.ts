import { webhookTestRoute } from "@/lib/server/handlers/webhooks";
import { studio } from "@/lib/server/handlers/policy";

/** The studio's side of /api/v1/webhooks/test (Settings' "send test event"). */
const handlers = webhookTestRoute(studio);
export const POST = handlers.POST;
export const { GET, PUT, PATCH, DELETE } = handlers;
