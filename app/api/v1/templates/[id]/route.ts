import { developerApi } from "@/lib/server/handlers/policy";
import { templateRunRoute } from "@/lib/server/handlers/templates";

export const maxDuration = 300;

/** The developer API's side (API keys only, CORS): see lib/server/handlers/templates.ts. */
const handlers = templateRunRoute(developerApi);
export const POST = handlers.POST;
export const { OPTIONS, GET, PUT, PATCH, DELETE } = handlers;
