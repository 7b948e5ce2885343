import "server-only";
import type { ModelMessage } from "ai";
import type { OpenAIChatChunk, OpenAIChatCompletion, OpenAIChatRequest, OpenAIError } from "@/lib/contracts/openai";
import { AppError } from "@/lib/errors";
import { generateModelText, streamModel } from "@/lib/server/ai/client";
import { resolveModel } from "@/lib/server/ai/providers";
import { modelSettings } from "@/lib/server/ai/settings";
import { errorResponse, otherMethods, route } from "@/lib/server/http";
import { callContext, recordCall, type Caller } from "@/lib/server/usage";
import { streamResponse } from "@/lib/server/streaming/response";
import { plainSink } from "@/lib/server/streaming/sink";
import { finishReason, sse, usageJson, type PreparedCall, type StreamFormat, type Usage } from "./generation";

/** OpenAI's error `type` for each status; the `code` stays Draftwise's (documented, stable). */
function errorType(error: AppError): string {
  if (error.code === "insufficient_quota") return "insufficient_quota";
  if (error.code === "rate_limited") return "rate_limit_error";
  if (error.status === 401) return "authentication_error";
  if (error.status >= 500) return "server_error";
  return "invalid_request_error";
}

export function openAIErrorBody(error: AppError): OpenAIError {
  return { error: { message: error.message, type: errorType(error), param: error.param ?? null, code: error.code } };
}

/** OpenAI answers an unknown model with 404; Draftwise's own routes say 400. */
function openAIStatus(error: AppError): number {
  return error.code === "model_not_found" ? 404 : error.status;
}

export function openAIErrorResponse(error: AppError): Response {
  return errorResponse(error, { body: openAIErrorBody(error), status: openAIStatus(error) });
}

/** Like `route`, with errors in OpenAI's shape so OpenAI clients raise their usual exceptions. */
export const openAIRoute = (handler: (req: Request) => Promise<Response>) => route(handler, openAIErrorResponse);

export const openAIOtherMethods = (allow: string) => otherMethods(allow, openAIErrorResponse);

const contentText = (content: OpenAIChatRequest["messages"][number]["content"]): string =>
  typeof content === "string" ? content : (content ?? []).map((p) => p.text ?? "").join("");

/** OpenAI's finish reasons are a closed set; anything else reads as a normal stop. */
function openAIFinish(reason: string): string {
  return ["stop", "length", "content_filter", "tool_calls"].includes(reason) ? reason : "stop";
}

/**
 * System and developer messages become the instructions, as given: this endpoint passes the
 * client's prompt through rather than adding Draftwise's chat persona.
 */
export async function prepareCompletion(caller: Caller, body: OpenAIChatRequest): Promise<PreparedCall> {
  const resolved = await resolveModel(body.model);
  const system = body.messages.filter((m) => m.role === "system" || m.role === "developer").map((m) => contentText(m.content));
  const messages: ModelMessage[] = body.messages
    .filter((m) => m.role === "user" || m.role === "assistant")
    .map((m) => ({ role: m.role as "user" | "assistant", content: contentText(m.content) }))
    .filter((m) => m.content !== "");
  const instructions = system.length ? system.join("\n\n") : undefined;
  const inputChars = (instructions?.length ?? 0) + messages.reduce((n, m) => n + String(m.content).length, 0);
  const options = {
    temperature: body.temperature ?? undefined,
    seed: body.seed ?? undefined,
    max_tokens: body.max_completion_tokens ?? body.max_tokens ?? undefined,
    stop: body.stop ?? undefined,
  };
  const model = resolved.info.id;
  return {
    id: `chatcmpl-${crypto.randomUUID().replaceAll("-", "")}`,
    model,
    input: { resolved, instructions, messages, settings: modelSettings(options, resolved.info, inputChars), context: callContext(caller) },
    onSettled: (outcome) => recordCall(caller, outcome),
  };
}

function chunkFormat(prepared: PreparedCall, model: string, created: number, includeUsage: boolean): StreamFormat {
  const chunk = (choices: OpenAIChatChunk["choices"], usage?: Usage): string =>
    sse({
      id: prepared.id,
      object: "chat.completion.chunk",
      created,
      model,
      choices,
      ...(includeUsage ? { usage: usage ?? null } : {}),
    } satisfies OpenAIChatChunk);
  const choice = (delta: OpenAIChatChunk["choices"][number]["delta"], finish: string | null) => [
    { index: 0, delta, finish_reason: finish, logprobs: null },
  ];
  // Deltas are the hot path: the fixed parts of their chunk are serialized once.
  const [deltaHead, deltaTail] = chunk(choice({ content: "\u0000" }, null)).split(JSON.stringify("\u0000"));
  return {
    contentType: "text/event-stream; charset=utf-8",
    start: () => chunk(choice({ role: "assistant", content: "" }, null)),
    delta: (text) => `${deltaHead}${JSON.stringify(text)}${deltaTail}`,
    finish: (reason, usage) =>
      chunk(choice({}, openAIFinish(finishReason(reason)))) + (includeUsage ? chunk([], usage) : "") + "data: [DONE]\n\n",
    error: (error) => sse(openAIErrorBody(error)),
  };
}

/** A `chat.completion`, or with `stream: true` a stream of `chat.completion.chunk`s ending in `[DONE]`. */
export async function respondCompletion(prepared: PreparedCall, body: OpenAIChatRequest, signal: AbortSignal): Promise<Response> {
  const created = Math.floor(Date.now() / 1000);
  if (!body.stream) {
    const answer = await generateModelText({ ...prepared.input, signal, onSettled: prepared.onSettled });
    const completion: OpenAIChatCompletion = {
      id: prepared.id,
      object: "chat.completion",
      created,
      model: answer.model.id,
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: answer.text, refusal: null },
          finish_reason: openAIFinish(answer.finishReason.replaceAll("-", "_")),
          logprobs: null,
        },
      ],
      usage: usageJson(answer.usage),
    };
    return Response.json(completion, { headers: { "X-Draftwise-Model": answer.model.id } });
  }
  const sink = plainSink(signal);
  const stream = await streamModel({ ...prepared.input, signal: sink.signal, onSettled: prepared.onSettled });
  return streamResponse(stream, chunkFormat(prepared, stream.model.id, created, body.stream_options?.include_usage === true), sink);
}
