import "server-only";
import { editRequestSchema, studioEditRequestSchema, type EditRequest } from "@/lib/contracts/edits";
import { variantCount, variantSpecs, wantsVariants } from "@/lib/contracts/variants";
import { plainText, studioVariantLines } from "@/lib/delivery/formats";
import { authenticate } from "@/lib/server/auth/principal";
import { responseMode, streamAnswer, streamVariants } from "@/lib/server/delivery";
import { prepareEditCall, prepareEditVariants, respondEditVariants, respondEdits } from "@/lib/server/edits";
import { otherMethods, readJsonBody, route, routeOf } from "@/lib/server/http";
import { estimateRequestTokens, withLimits } from "@/lib/server/limits";
import { variantOptions } from "@/lib/server/variants";
import type { RoutePolicy } from "./policy";

/**
 * /api/edits and /api/v1/edits: edits Markdown by an instruction or action. The studio gets the
 * edited text as a plain text stream (its editor diffs it with lib/editor/text-hunks as it
 * arrives); the API streams `hunk` events then `done` (JSON lines on request) unless
 * `"stream": false`, which answers the text with its hunks. With variants (`n`, `models`,
 * `temperatures`) each is its own call, all at once: the studio gets JSON lines of them (for
 * more than one), the API its events and answers with `variant`.
 */
export function editsRoute(policy: RoutePolicy) {
  const POST = route(async (req) => {
    const principal = await authenticate(req, policy);
    const body = policy.session ? await readJsonBody(req, studioEditRequestSchema) : await readJsonBody(req, editRequestSchema);
    const caller = { ...principal, route: routeOf(req), documentId: body.document_id };
    const estimatedTokens = estimateRequestTokens(body, body.max_tokens);
    const calls = variantCount(body);
    return withLimits(caller, { estimatedTokens, model: true, calls }, async (metered) => {
      const mode = responseMode(req, "stream" in body ? (body as EditRequest).stream : undefined, true);
      if (policy.answer === "text" ? calls > 1 : wantsVariants(body)) {
        const variants = await prepareEditVariants(metered, body, policy.styleGuide);
        return policy.answer === "text"
          ? streamVariants(`edit-${crypto.randomUUID()}`, variants, studioVariantLines, { signal: req.signal })
          : respondEditVariants(variants, body.text, mode, req.signal);
      }
      // One answer, as without variants (the studio's `models: [id]` is its model).
      const prepared = await prepareEditCall(metered, variantOptions(body, variantSpecs(body)[0]!), policy.styleGuide);
      return policy.answer === "text" ? streamAnswer(prepared, plainText, { signal: req.signal }) : respondEdits(prepared, body.text, mode, req.signal);
    });
  });

  return { ...otherMethods("POST"), POST };
}
