import { v1WriteRequestSchema } from "@/lib/contracts/v1";
import { variantCount, wantsVariants } from "@/lib/contracts/variants";
import { authenticate } from "@/lib/server/auth/principal";
import { respond, responseMode } from "@/lib/server/delivery";
import { otherMethods, readJsonBody, route, routeOf } from "@/lib/server/http";
import { estimateRequestTokens, withLimits } from "@/lib/server/limits";
import { prepareWriteCall, respondWriteVariants } from "@/lib/server/write";

export const maxDuration = 300;
export const { OPTIONS, GET, PUT, PATCH, DELETE } = otherMethods("POST");

/** Writes or rewrites text (in up to 4 variants); streams Server-Sent Events unless `"stream": false`. */
export const POST = route(async (req) => {
  const principal = await authenticate(req, { session: false });
  const body = await readJsonBody(req, v1WriteRequestSchema);
  const caller = { ...principal, route: routeOf(req) };
  const estimatedTokens = estimateRequestTokens(body, body.max_tokens);
  const mode = responseMode(req, body.stream, true);
  return withLimits(caller, { estimatedTokens, model: true, calls: variantCount(body) }, async (metered) =>
    wantsVariants(body) ? respondWriteVariants(metered, body, mode, req.signal) : respond(await prepareWriteCall(metered, body), mode, req.signal),
  );
});
