import { isUiChatBody, plainChatRequestSchema, uiChatRequestSchema } from "@/lib/contracts/chat";
import { requireUser } from "@/lib/server/auth/session";
import { completeChat, streamChat } from "@/lib/server/chat";
import { otherMethods, readJson, route, validate } from "@/lib/server/http";

export const maxDuration = 300;
export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");

/**
 * Chat about the current document: `useChat` bodies and plain `{ role, content }` bodies.
 * With `conversation_id` the exchange is stored (unless the user's privacy setting says not to).
 */
export const POST = route(async (req) => {
  const raw = await readJson(req);
  const body = isUiChatBody(raw) ? validate(uiChatRequestSchema, raw) : validate(plainChatRequestSchema, raw);
  const user = await requireUser();
  const caller = { user, route: "/api/chat", documentId: body.document_id };
  if ("stream" in body && body.stream === false) return Response.json(await completeChat(caller, body, req.signal));
  return streamChat(caller, body, req.signal);
});
