import { v1OutlineRequestSchema, type V1OutlineResponse } from "@/lib/contracts/v1";
import { usageJson } from "@/lib/delivery/formats";
import { authenticate } from "@/lib/server/auth/principal";
import { otherMethods, readJsonBody, route, routeOf } from "@/lib/server/http";
import { estimateRequestTokens, withLimits } from "@/lib/server/limits";
import { outlineAnswer } from "@/lib/server/outline";

export const maxDuration = 300;
export const { OPTIONS, GET, PUT, PATCH, DELETE } = otherMethods("POST");

/** An article outline (a title and 3–7 sections), validated against its schema before it is returned. */
export const POST = route(async (req) => {
  const principal = await authenticate(req, { session: false });
  const body = await readJsonBody(req, v1OutlineRequestSchema);
  const caller = { ...principal, route: routeOf(req) };
  return withLimits(caller, { estimatedTokens: estimateRequestTokens(body, undefined), model: true }, async (metered) => {
    const { id, outline, model, usage } = await outlineAnswer(metered, body, req.signal, "none");
    const answer: V1OutlineResponse = { id, outline, model, usage: usageJson(usage) };
    return Response.json(answer, { headers: { "X-Draftwise-Model": model } });
  });
});
