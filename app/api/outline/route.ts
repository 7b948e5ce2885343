import { outlineRequestSchema } from "@/lib/contracts/outline";
import { requireUser } from "@/lib/server/auth/session";
import { otherMethods, readJsonBody, route } from "@/lib/server/http";
import { generateOutline, streamOutline } from "@/lib/server/outline";

export const maxDuration = 300;
export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");

/** An outline by structured output: streamed partial JSON, or the whole object for `Accept: application/json`. */
export const POST = route(async (req) => {
  const body = await readJsonBody(req, outlineRequestSchema);
  const user = await requireUser();
  const caller = { user, route: "/api/outline", documentId: body.document_id };
  const wantsJson = (req.headers.get("accept") ?? "").includes("application/json");
  if (wantsJson) return Response.json(await generateOutline(caller, body, req.signal));
  return streamOutline(caller, body, req.signal);
});
