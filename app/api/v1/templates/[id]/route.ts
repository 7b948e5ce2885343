import { templateRunSchema } from "@/lib/contracts/templates";
import { authenticate } from "@/lib/server/auth/principal";
import { respond, responseMode } from "@/lib/server/delivery";
import { otherMethods, readJsonBody, route, type IdParams } from "@/lib/server/http";
import { estimateRequestTokens, withLimits } from "@/lib/server/limits";
import { prepareTemplateCall } from "@/lib/server/templates";

export const maxDuration = 300;
export const { OPTIONS, GET, PUT, PATCH, DELETE } = otherMethods("POST");

/** Runs a template on typed inputs; streams Server-Sent Events unless `"stream": false`. */
export const POST = route<IdParams>(async (req, { params }) => {
  const { id } = await params;
  const principal = await authenticate(req, { session: false });
  const body = await readJsonBody(req, templateRunSchema);
  const caller = { ...principal, route: "/api/v1/templates" };
  const estimatedTokens = estimateRequestTokens(body, body.max_tokens);
  return withLimits(caller, { estimatedTokens, model: true }, async (metered) =>
    respond(await prepareTemplateCall(metered, id, body), responseMode(req, body.stream, true), req.signal),
  );
});
