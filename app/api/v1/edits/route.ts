import { editsRoute } from "@/lib/server/handlers/edits";
import { developerApi } from "@/lib/server/handlers/policy";

export const maxDuration = 300;

/** The developer API's side (API keys only, CORS): see lib/server/handlers/edits.ts. */
const handlers = editsRoute(developerApi);
export const POST = handlers.POST;
export const { OPTIONS, GET, PUT, PATCH, DELETE } = handlers;
