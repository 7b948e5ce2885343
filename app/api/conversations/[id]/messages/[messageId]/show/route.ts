import { requireUser } from "@/lib/server/auth/session";
import { messageRouteIds, showAnswerVersion, type MessageParams } from "@/lib/server/conversations";
import { otherMethods, route } from "@/lib/server/http";
import { limitWrites } from "@/lib/server/limits";

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");

/** Shows this version of a regenerated answer (after a reload too); the conversation goes on from it. */
export const POST = route<MessageParams>(async (req, context) => {
  const { conversationId, messageId } = await messageRouteIds(context);
  const user = await requireUser(req);
  await limitWrites(user);
  await showAnswerVersion({ user, conversationId, messageId });
  return new Response(null, { status: 204 });
});
