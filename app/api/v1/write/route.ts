import { v1WriteRequestSchema } from "@/lib/contracts/v1";
import { authenticate } from "@/lib/server/auth/principal";
import { respond, responseMode } from "@/lib/server/delivery";
import { otherMethods, readJsonBody, route, routeOf } from "@/lib/server/http";
import { estimateRequestTokens, withLimits } from "@/lib/server/limits";
import { prepareWriteCall } from "@/lib/server/write";

export const maxDuration = 300;
export const { OPTIONS, GET, PUT, PATCH, DELETE } = otherMethods("POST");

/** Writes or rewrites text; streams Server-Sent Events unless `"stream": false`. */
export const POST = route(async (req) => {
  const principal = await authenticate(req, { session: false });
  const body = await readJsonBody(req, v1WriteRequestSchema);
  const caller = { ...principal, route: routeOf(req) };
  const estimatedTokens = estimateRequestTokens(body, body.max_tokens);
  return withLimits(caller, { estimatedTokens, model: true }, async (metered) =>
    respond(await prepareWriteCall(metered, body), responseMode(req, body.stream, true), req.signal),
  );
});
