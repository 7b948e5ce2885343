import { templateRunSchema } from "@/lib/contracts/templates";
import { plainText } from "@/lib/delivery/formats";
import { authenticate } from "@/lib/server/auth/principal";
import { streamAnswer } from "@/lib/server/delivery";
import { otherMethods, readJsonBody, route, type IdParams } from "@/lib/server/http";
import { estimateRequestTokens, withLimits } from "@/lib/server/limits";
import { prepareTemplateCall } from "@/lib/server/templates";

export const maxDuration = 300;
export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");

/** The studio's templates: the same templates as /api/v1/templates/{id}, as a plain text stream. */
export const POST = route<IdParams>(async (req, { params }) => {
  const { id } = await params;
  const principal = await authenticate(req, { session: true });
  const body = await readJsonBody(req, templateRunSchema);
  const caller = { ...principal, route: "/api/templates" };
  const estimatedTokens = estimateRequestTokens(body, body.max_tokens);
  return withLimits(caller, { estimatedTokens, model: true }, async (metered) =>
    streamAnswer(await prepareTemplateCall(metered, id, body), plainText, { signal: req.signal }),
  );
});
