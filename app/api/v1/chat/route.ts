import { v1ChatRequestSchema } from "@/lib/contracts/v1";
import { authenticate } from "@/lib/server/auth/principal";
import { prepareChatCall } from "@/lib/server/chat";
import { respond, responseMode } from "@/lib/server/delivery";
import { otherMethods, readJsonBody, route, routeOf } from "@/lib/server/http";
import { estimateRequestTokens, withLimits } from "@/lib/server/limits";

export const maxDuration = 300;
export const { OPTIONS, GET, PUT, PATCH, DELETE } = otherMethods("POST");

/** Chat: one JSON answer by default; `"stream": true` → SSE, or JSON lines with Accept: application/x-ndjson. */
export const POST = route(async (req) => {
  const principal = await authenticate(req, { session: false });
  const body = await readJsonBody(req, v1ChatRequestSchema);
  const caller = { ...principal, route: routeOf(req) };
  const estimatedTokens = estimateRequestTokens(body, body.max_tokens);
  return withLimits(caller, { estimatedTokens, model: true }, async (metered) =>
    respond(await prepareChatCall(metered, body, "none"), responseMode(req, body.stream, false), req.signal),
  );
});
