import { outlineRequestSchema } from "@/lib/contracts/outline";
import { authenticate } from "@/lib/server/auth/principal";
import { otherMethods, readJsonBody, route, routeOf } from "@/lib/server/http";
import { estimateRequestTokens, withLimits } from "@/lib/server/limits";
import { generateOutline, streamOutline } from "@/lib/server/outline";

export const maxDuration = 300;
export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");

/** An outline by structured output: streamed partial JSON, or the whole object for `Accept: application/json`. */
export const POST = route(async (req) => {
  const principal = await authenticate(req, { session: true });
  const body = await readJsonBody(req, outlineRequestSchema);
  const caller = { ...principal, route: routeOf(req), documentId: body.document_id };
  const wantsJson = (req.headers.get("accept") ?? "").includes("application/json");
  return withLimits(caller, { estimatedTokens: estimateRequestTokens(body, undefined), model: true }, async (metered) => {
    if (wantsJson) return Response.json(await generateOutline(metered, body, req.signal));
    return streamOutline(metered, body, req.signal);
  });
});
