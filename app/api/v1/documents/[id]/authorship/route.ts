import { authorshipRoute } from "@/lib/server/handlers/authorship";
import { developerApi } from "@/lib/server/handlers/policy";

/** The developer API's side (API keys only, CORS): see lib/server/handlers/authorship.ts. */
const handlers = authorshipRoute(developerApi);
export const GET = handlers.GET;
export const { OPTIONS, POST, PUT, PATCH, DELETE } = handlers;
