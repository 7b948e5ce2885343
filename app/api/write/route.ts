import { variantCount } from "@/lib/contracts/variants";
import { writeRequestSchema } from "@/lib/contracts/write";
import { authenticate } from "@/lib/server/auth/principal";
import { otherMethods, readJsonBody, route, routeOf } from "@/lib/server/http";
import { estimateRequestTokens, withLimits } from "@/lib/server/limits";
import { streamWriting } from "@/lib/server/write";

export const maxDuration = 300;
export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");

/** Writing actions on a selection, with a session or an API key; answers a plain text stream (JSON lines of variants). */
export const POST = route(async (req) => {
  const principal = await authenticate(req, { session: true });
  const body = await readJsonBody(req, writeRequestSchema);
  const caller = { ...principal, route: routeOf(req), documentId: body.document_id };
  const estimatedTokens = estimateRequestTokens(body, body.max_tokens);
  return withLimits(caller, { estimatedTokens, model: true, calls: variantCount(body) }, (metered) => streamWriting(metered, body, req.signal));
});
