import { editsRoute } from "@/lib/server/handlers/edits";
import { studio } from "@/lib/server/handlers/policy";

export const maxDuration = 300;

/** The studio's side of /api/v1/edits: the edited text as a plain text stream, for the editor to diff. */
const handlers = editsRoute(studio);
export const POST = handlers.POST;
export const { GET, PUT, PATCH, DELETE } = handlers;
