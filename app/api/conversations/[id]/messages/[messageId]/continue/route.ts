import { continueRequestSchema } from "@/lib/contracts/conversations";
import { requireUser } from "@/lib/server/auth/session";
import { continueAnswer } from "@/lib/server/chat";
import { otherMethods, parseId, readJsonBody, route, routeOf } from "@/lib/server/http";
import { estimateRequestTokens, withLimits } from "@/lib/server/limits";
import { conversationNotFound } from "@/lib/server/conversations";

export const maxDuration = 300;
export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");

interface Params {
  params: Promise<{ id: string; messageId: string }>;
}

/** Continues an answer that was stopped mid-way; streams the rest as plain text. */
export const POST = route<Params>(async (req, { params }) => {
  const { id, messageId } = await params;
  const conversationId = parseId(id, conversationNotFound);
  const user = await requireUser(req);
  const body = await readJsonBody(req, continueRequestSchema);
  const caller = { user, route: routeOf(req) };
  return withLimits(caller, { estimatedTokens: estimateRequestTokens(body, undefined), model: true }, (metered) =>
    continueAnswer(metered, { conversationId, messageId, ...body }, req.signal),
  );
});
