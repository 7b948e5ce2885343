import "server-only";
import type { ModelMessage } from "ai";
import type { OpenAIChatRequest } from "@/lib/contracts/openai";
import { openAIChunks, openAIErrorBody, openAIErrorStatus } from "@/lib/delivery/formats";
import type { AppError } from "@/lib/errors";
import { resolveModel } from "@/lib/server/ai/providers";
import { prepareCall, respondOpenAICompletion, streamAnswer, type PreparedCall } from "@/lib/server/delivery";
import { errorResponse, otherMethods, route } from "@/lib/server/http";
import { resolveStyleGuide } from "@/lib/server/style-guide";
import type { Caller } from "@/lib/server/usage";

function openAIErrorResponse(error: AppError): Response {
  return errorResponse(error, { body: openAIErrorBody(error), status: openAIErrorStatus(error) });
}

/** Like `route`, with errors in OpenAI's shape so OpenAI clients raise their usual exceptions. */
export const openAIRoute = (handler: (req: Request) => Promise<Response>) => route(handler, openAIErrorResponse);

export const openAIOtherMethods = (allow: string) => otherMethods(allow, openAIErrorResponse);

const contentText = (content: OpenAIChatRequest["messages"][number]["content"]): string =>
  typeof content === "string" ? content : (content ?? []).map((p) => p.text ?? "").join("");

/**
 * System and developer messages become the instructions, as given: this endpoint passes the
 * client's prompt through rather than adding Draftwise's chat persona (only the style guide
 * it asks for with `style_guide`).
 */
export async function prepareCompletion(caller: Caller, body: OpenAIChatRequest): Promise<PreparedCall> {
  const styleGuide = await resolveStyleGuide({ user: caller.user, requested: body.style_guide, fallback: "none" });
  const resolved = await resolveModel(body.model);
  const system = body.messages.filter((m) => m.role === "system" || m.role === "developer").map((m) => contentText(m.content));
  const messages: ModelMessage[] = body.messages
    .filter((m) => m.role === "user" || m.role === "assistant")
    .map((m) => ({ role: m.role as "user" | "assistant", content: contentText(m.content) }))
    .filter((m) => m.content !== "");
  const options = {
    temperature: body.temperature ?? undefined,
    seed: body.seed ?? undefined,
    max_tokens: body.max_completion_tokens ?? body.max_tokens ?? undefined,
    stop: body.stop ?? undefined,
  };
  const id = `chatcmpl-${crypto.randomUUID().replaceAll("-", "")}`;
  return prepareCall({ id, caller, resolved, instructions: system.length ? system.join("\n\n") : undefined, styleGuide, messages, options });
}

/** A `chat.completion`, or with `stream: true` a stream of `chat.completion.chunk`s ending in `[DONE]`. */
export function respondCompletion(prepared: PreparedCall, body: OpenAIChatRequest, signal: AbortSignal): Promise<Response> {
  if (!body.stream) return respondOpenAICompletion(prepared, signal);
  return streamAnswer(prepared, openAIChunks({ includeUsage: body.stream_options?.include_usage === true }), { signal });
}
