import { jobRoute } from "@/lib/server/handlers/jobs";
import { developerApi } from "@/lib/server/handlers/policy";

/** The developer API's side (API keys only, CORS): see lib/server/handlers/jobs.ts. */
const handlers = jobRoute(developerApi);
export const GET = handlers.GET;
export const DELETE = handlers.DELETE;
export const { OPTIONS, POST, PUT, PATCH } = handlers;
