import { openAIChatRequestSchema } from "@/lib/contracts/openai";
import { authenticate } from "@/lib/server/auth/principal";
import { readJsonBody, routeOf } from "@/lib/server/http";
import { estimateRequestTokens, withLimits } from "@/lib/server/limits";
import { openAIOtherMethods, openAIRoute, prepareCompletion, respondCompletion } from "@/lib/server/v1/openai";

export const maxDuration = 300;
export const { OPTIONS, GET, PUT, PATCH, DELETE } = openAIOtherMethods("POST");

/** OpenAI's Chat Completions protocol, so the official SDKs and any OpenAI client work with a Draftwise key. */
export const POST = openAIRoute(async (req) => {
  const principal = await authenticate(req, { session: false });
  const body = await readJsonBody(req, openAIChatRequestSchema);
  const caller = { ...principal, route: routeOf(req) };
  const maxTokens = body.max_completion_tokens ?? body.max_tokens ?? undefined;
  return withLimits(caller, { estimatedTokens: estimateRequestTokens(body, maxTokens), model: true }, async (metered) =>
    respondCompletion(await prepareCompletion(metered, body), body, req.signal),
  );
});
