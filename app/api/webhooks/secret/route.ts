import { webhookSecretRoute } from "@/lib/server/handlers/webhooks";
import { studio } from "@/lib/server/handlers/policy";

/** The studio's side of /api/v1/webhooks/secret (Settings). */
const handlers = webhookSecretRoute(studio);
export const GET = handlers.GET;
export const POST = handlers.POST;
export const { PUT, PATCH, DELETE } = handlers;
