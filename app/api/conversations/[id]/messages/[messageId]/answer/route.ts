import { answerRequestSchema } from "@/lib/contracts/conversations";
import { requireUser } from "@/lib/server/auth/session";
import { answerInPlace } from "@/lib/server/chat";
import { messageRouteIds, type MessageParams } from "@/lib/server/conversations";
import { otherMethods, readJsonBody, route, routeOf } from "@/lib/server/http";
import { estimateRequestTokens, withLimits } from "@/lib/server/limits";

export const maxDuration = 300;
export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");

/** Answers a question whose answer failed, in place (later turns stay); streams the answer as plain text. */
export const POST = route<MessageParams>(async (req, context) => {
  const ids = await messageRouteIds(context);
  const user = await requireUser(req);
  const { answer_id: answerId, ...body } = await readJsonBody(req, answerRequestSchema);
  const caller = { user, route: routeOf(req) };
  return withLimits(caller, { estimatedTokens: estimateRequestTokens(body, undefined), model: true }, (metered) =>
    answerInPlace(metered, { ...ids, answerId, ...body }, req.signal),
  );
});
