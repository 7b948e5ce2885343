import { webhookSecretRoute } from "@/lib/server/handlers/webhooks";
import { developerApi } from "@/lib/server/handlers/policy";

/** The developer API's side (API keys only, CORS): see lib/server/handlers/webhooks.ts. */
const handlers = webhookSecretRoute(developerApi);
export const GET = handlers.GET;
export const POST = handlers.POST;
export const { OPTIONS, PUT, PATCH, DELETE } = handlers;
