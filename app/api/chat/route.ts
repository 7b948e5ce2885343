import { isUiChatBody, plainChatRequestSchema, uiChatRequestSchema } from "@/lib/contracts/chat";
import { completeChat, streamChat } from "@/lib/server/chat";
import { otherMethods, readJson, route, validate } from "@/lib/server/http";

export const maxDuration = 300;
export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");

/** Chat about the current document: `useChat` bodies and plain `{ role, content }` bodies. */
export const POST = route(async (req) => {
  const raw = await readJson(req);
  if (isUiChatBody(raw)) {
    return streamChat(validate(uiChatRequestSchema, raw), req.signal);
  }
  const body = validate(plainChatRequestSchema, raw);
  if (body.stream === false) return Response.json(await completeChat(body, req.signal));
  return streamChat(body, req.signal);
});
