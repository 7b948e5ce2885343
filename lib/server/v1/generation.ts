import "server-only";
import type { TextStreamPart, ToolSet } from "ai";
import type { V1Completion, V1StreamEvent } from "@/lib/contracts/v1";
import type { AppError } from "@/lib/errors";
import { generateModelText, streamModel, type CallOutcome, type ModelCallInput } from "@/lib/server/ai/client";
import { streamingHeaders } from "@/lib/server/http";
import { textStreamResponse } from "@/lib/server/text-stream";

/** A model call with everything decided but how its answer is delivered. */
export interface PreparedCall {
  /** The answer's id (the stored message's id when the exchange is stored). */
  id: string;
  model: string;
  input: Omit<ModelCallInput, "signal" | "onSettled">;
  onSettled: (outcome: CallOutcome) => Promise<void>;
}

export type ResponseMode = "json" | "sse" | "ndjson";

/**
 * `stream` decides JSON versus a stream (its default differs per route); a streaming request
 * that accepts `application/x-ndjson` gets JSON lines instead of Server-Sent Events.
 */
export function responseMode(req: Request, stream: boolean | undefined, streamByDefault: boolean): ResponseMode {
  if (!(stream ?? streamByDefault)) return "json";
  return /application\/x-ndjson/i.test(req.headers.get("accept") ?? "") ? "ndjson" : "sse";
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export function usageJson(usage: { inputTokens?: number; outputTokens?: number }): Usage {
  const prompt = usage.inputTokens ?? 0;
  const completion = usage.outputTokens ?? 0;
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

/** The AI SDK's finish reasons in the spelling OpenAI clients know. */
export function finishReason(reason: string): string {
  return reason.replaceAll("-", "_");
}

/** What a stream format writes for each moment of a model stream. */
export interface StreamEncoder {
  contentType: string;
  start?(): string | undefined;
  delta(text: string): string;
  finish(reason: string, usage: Usage): string;
  error(error: AppError): string;
}

export const sse = (data: unknown, event?: string) => `${event ? `event: ${event}\n` : ""}data: ${JSON.stringify(data)}\n\n`;

/**
 * A model stream as a byte stream in some event format. Errors after the first token become an
 * error event and a clean end, which every SSE and JSON-lines client can read.
 */
export function encodeModelStream(
  parts: ReadableStream<TextStreamPart<ToolSet>>,
  describeError: (error: unknown) => AppError,
  encoder: StreamEncoder,
): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder();
  let ended = false;
  return parts.pipeThrough(
    new TransformStream<TextStreamPart<ToolSet>, Uint8Array>({
      start(controller) {
        const first = encoder.start?.();
        if (first) controller.enqueue(bytes.encode(first));
      },
      transform(part, controller) {
        if (ended) return;
        if (part.type === "text-delta" && part.text) controller.enqueue(bytes.encode(encoder.delta(part.text)));
        else if (part.type === "finish") {
          ended = true;
          controller.enqueue(bytes.encode(encoder.finish(finishReason(part.finishReason), usageJson(part.totalUsage))));
        } else if (part.type === "error") {
          ended = true;
          controller.enqueue(bytes.encode(encoder.error(describeError(part.error))));
        } else if (part.type === "abort") {
          // A deadline aborts the call too: say so (upstream_timeout) rather than end as if complete.
          ended = true;
          controller.enqueue(bytes.encode(encoder.error(describeError(new Error("aborted")))));
        }
      },
    }),
  );
}

/** Draftwise's own event format: `{ content, finish_reason }` per delta, usage on the last one. */
function draftwiseEncoder(mode: "sse" | "ndjson", id: string, model: string): StreamEncoder {
  const write = mode === "sse" ? (data: unknown) => sse(data) : (data: unknown) => `${JSON.stringify(data)}\n`;
  return {
    contentType: mode === "sse" ? "text/event-stream; charset=utf-8" : "application/x-ndjson; charset=utf-8",
    delta: (content) => write({ content, finish_reason: null } satisfies V1StreamEvent),
    finish: (reason, usage) => {
      const last = write({ content: "", finish_reason: reason, id, model, usage } satisfies V1StreamEvent);
      return mode === "sse" ? `${last}data: [DONE]\n\n` : last;
    },
    error: (error) => (mode === "sse" ? sse(error.toJSON(), "error") : write(error.toJSON())),
  };
}

/** Runs a prepared call and answers in the requested mode. */
export async function respond(prepared: PreparedCall, mode: ResponseMode, signal: AbortSignal): Promise<Response> {
  const headers = { "X-Draftwise-Model": prepared.model };
  if (mode === "json") return Response.json(await complete(prepared, signal), { headers });
  const { result, describeError } = await streamModel({ ...prepared.input, signal, onSettled: prepared.onSettled });
  const encoder = draftwiseEncoder(mode, prepared.id, prepared.model);
  return new Response(encodeModelStream(result.stream, describeError, encoder), {
    headers: { "Content-Type": encoder.contentType, ...streamingHeaders, ...headers },
  });
}

export async function complete(prepared: PreparedCall, signal: AbortSignal): Promise<V1Completion> {
  const answer = await generateModelText({ ...prepared.input, signal, onSettled: prepared.onSettled });
  return {
    id: prepared.id,
    content: answer.text,
    model: prepared.model,
    finish_reason: finishReason(answer.finishReason),
    usage: usageJson(answer.usage),
  };
}

/** The studio's format: the answer as a plain text stream (an error ends it abnormally). */
export async function respondText(prepared: PreparedCall, signal: AbortSignal): Promise<Response> {
  const { result, describeError } = await streamModel({ ...prepared.input, signal, onSettled: prepared.onSettled });
  return textStreamResponse(result.stream, describeError, { "X-Draftwise-Model": prepared.model });
}
