import "server-only";
import { editRequestSchema, studioEditRequestSchema, type EditRequest } from "@/lib/contracts/edits";
import { plainText } from "@/lib/delivery/formats";
import { authenticate } from "@/lib/server/auth/principal";
import { responseMode, streamAnswer } from "@/lib/server/delivery";
import { prepareEditCall, respondEdits } from "@/lib/server/edits";
import { otherMethods, readJsonBody, route, routeOf } from "@/lib/server/http";
import { estimateRequestTokens, withLimits } from "@/lib/server/limits";
import type { RoutePolicy } from "./policy";

/**
 * /api/edits and /api/v1/edits: edits Markdown by an instruction or action. The studio gets the
 * edited text as a plain text stream (its editor diffs it with lib/editor/text-hunks as it
 * arrives); the API streams `hunk` events then `done` (JSON lines on request) unless
 * `"stream": false`, which answers the text with its hunks.
 */
export function editsRoute(policy: RoutePolicy) {
  const POST = route(async (req) => {
    const principal = await authenticate(req, policy);
    const body = policy.session ? await readJsonBody(req, studioEditRequestSchema) : await readJsonBody(req, editRequestSchema);
    const caller = { ...principal, route: routeOf(req), documentId: body.document_id };
    const estimatedTokens = estimateRequestTokens(body, body.max_tokens);
    return withLimits(caller, { estimatedTokens, model: true }, async (metered) => {
      const prepared = await prepareEditCall(metered, body, policy.styleGuide);
      return policy.answer === "text"
        ? streamAnswer(prepared, plainText, { signal: req.signal })
        : respondEdits(prepared, body.text, responseMode(req, "stream" in body ? (body as EditRequest).stream : undefined, true), req.signal);
    });
  });

  return { ...otherMethods("POST"), POST };
}
