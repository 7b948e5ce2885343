import { authorshipRoute } from "@/lib/server/handlers/authorship";
import { studio } from "@/lib/server/handlers/policy";

/** The studio's side (session cookie only; a download): see lib/server/handlers/authorship.ts. */
const handlers = authorshipRoute(studio);
export const GET = handlers.GET;
export const { OPTIONS, POST, PUT, PATCH, DELETE } = handlers;
