import { isUiChatBody, plainChatRequestSchema, uiChatRequestSchema } from "@/lib/contracts/chat";
import { authenticate } from "@/lib/server/auth/principal";
import { completeChat, streamChat } from "@/lib/server/chat";
import { deprecated, deprecations } from "@/lib/server/deprecation";
import { otherMethods, readJson, route, routeOf, validate } from "@/lib/server/http";
import { estimateRequestTokens, withLimits } from "@/lib/server/limits";

export const maxDuration = 300;
export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");

/**
 * Chat about the current document: `useChat` bodies and plain `{ role, content }` bodies
 * (deprecated), with a session or an API key.
 * With `conversation_id` the exchange is stored (unless the user's privacy setting says not to).
 */
export const POST = route(async (req) => {
  const principal = await authenticate(req, { session: true });
  const raw = await readJson(req);
  const answer = async () => {
    const body = isUiChatBody(raw) ? validate(uiChatRequestSchema, raw) : validate(plainChatRequestSchema, raw);
    const caller = { ...principal, route: routeOf(req), documentId: body.document_id };
    return withLimits(caller, { estimatedTokens: estimateRequestTokens(body, body.max_tokens), model: true }, async (metered) => {
      if ("stream" in body && body.stream === false) return Response.json(await completeChat(metered, body, req.signal));
      return streamChat(metered, body, req.signal);
    });
  };
  // Plain bodies are superseded by /api/v1/chat: their answers carry Deprecation, Sunset and Link.
  return isUiChatBody(raw) ? answer() : deprecated(deprecations.plainChatBody, answer);
});
