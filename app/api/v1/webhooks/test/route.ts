import { webhookTestRoute } from "@/lib/server/handlers/webhooks";
import { developerApi } from "@/lib/server/handlers/policy";

/** The developer API's side (API keys only, CORS): see lib/server/handlers/webhooks.ts. */
const handlers = webhookTestRoute(developerApi);
export const POST = handlers.POST;
export const { OPTIONS, GET, PUT, PATCH, DELETE } = handlers;
