import "server-only";
import { templateRunSchema } from "@/lib/contracts/templates";
import { plainText } from "@/lib/delivery/formats";
import { authenticate } from "@/lib/server/auth/principal";
import { respond, responseMode, streamAnswer } from "@/lib/server/delivery";
import { otherMethods, readJsonBody, route, routeOf, type IdParams } from "@/lib/server/http";
import { estimateRequestTokens, withLimits } from "@/lib/server/limits";
import { prepareTemplateCall } from "@/lib/server/templates";
import type { RoutePolicy } from "./policy";

/**
 * /api/templates/{id} and /api/v1/templates/{id}: runs a template on typed inputs. The studio
 * gets a plain text stream; the API streams Server-Sent Events (JSON lines on request) unless
 * `"stream": false`.
 */
export function templateRunRoute(policy: RoutePolicy) {
  const POST = route<IdParams>(async (req, { params }) => {
    const { id } = await params;
    const principal = await authenticate(req, policy);
    const body = await readJsonBody(req, templateRunSchema);
    const caller = { ...principal, route: routeOf(req), documentId: body.document_id };
    const estimatedTokens = estimateRequestTokens(body, body.max_tokens);
    return withLimits(caller, { estimatedTokens, model: true }, async (metered) => {
      const prepared = await prepareTemplateCall(metered, id, body, policy.styleGuide);
      return policy.answer === "text"
        ? streamAnswer(prepared, plainText, { signal: req.signal })
        : respond(prepared, responseMode(req, body.stream, true), req.signal);
    });
  });

  return { ...otherMethods("POST"), POST };
}
