import { studio } from "@/lib/server/handlers/policy";
import { templateRunRoute } from "@/lib/server/handlers/templates";

export const maxDuration = 300;

/** The studio's side of /api/v1/templates/{id}: the same templates, as a plain text stream. */
const handlers = templateRunRoute(studio);
export const POST = handlers.POST;
export const { GET, PUT, PATCH, DELETE } = handlers;
