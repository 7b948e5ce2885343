import { continueRequestSchema } from "@/lib/contracts/conversations";
import { requireUser } from "@/lib/server/auth/session";
import { continueAnswer } from "@/lib/server/chat";
import { messageRouteIds, type MessageParams } from "@/lib/server/conversations";
import { otherMethods, readJsonBody, route, routeOf } from "@/lib/server/http";
import { estimateRequestTokens, withLimits } from "@/lib/server/limits";

export const maxDuration = 300;
export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");

/** Continues an answer that was stopped mid-way; streams the rest as plain text. */
export const POST = route<MessageParams>(async (req, context) => {
  const ids = await messageRouteIds(context);
  const user = await requireUser(req);
  const body = await readJsonBody(req, continueRequestSchema);
  const caller = { user, route: routeOf(req) };
  return withLimits(caller, { estimatedTokens: estimateRequestTokens(body, undefined), model: true }, (metered) =>
    continueAnswer(metered, { ...ids, ...body }, req.signal),
  );
});
