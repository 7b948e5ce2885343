import "server-only";
import type { GenerationOptions } from "@/lib/contracts/generation";
import type { V1Completion, V1StreamEvent } from "@/lib/contracts/v1";
import { generateModelText, streamModel, type CallOutcome, type ModelCallInput } from "@/lib/server/ai/client";
import type { ResolvedModel } from "@/lib/server/ai/providers";
import { modelSettings } from "@/lib/server/ai/settings";
import { callContext, recordCall, type Caller } from "@/lib/server/usage";
import { plainTextFormat, sse, streamResponse, usageJson, type StreamFormat } from "@/lib/server/streaming/response";
import { plainSink } from "@/lib/server/streaming/sink";

export { sse, usageJson, type StreamFormat, type Usage } from "@/lib/server/streaming/response";

/** A model call with everything decided but how its answer is delivered. */
export interface PreparedCall {
  /** The answer's id (the stored message's id when the exchange is stored). */
  id: string;
  /** The requested model; the answer names the one that answered (a fallback may). */
  model: string;
  input: Omit<ModelCallInput, "signal" | "onSettled">;
  onSettled: (outcome: CallOutcome) => Promise<void>;
}

/** A call of one user prompt under instructions, recorded as the caller's (write, templates, draft sections). */
export function promptCall({
  kind,
  caller,
  resolved,
  prompt: { instructions, prompt },
  options,
}: {
  kind: string;
  caller: Caller;
  resolved: ResolvedModel;
  prompt: { instructions: string; prompt: string };
  options: GenerationOptions;
}): PreparedCall {
  return {
    id: `${kind}-${crypto.randomUUID()}`,
    model: resolved.info.id,
    input: {
      resolved,
      instructions,
      messages: [{ role: "user", content: prompt }],
      settings: modelSettings(options, resolved.info, instructions.length + prompt.length),
      context: callContext(caller),
    },
    onSettled: (outcome) => recordCall(caller, outcome),
  };
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

/** The AI SDK's finish reasons in the spelling OpenAI clients know. */
export function finishReason(reason: string): string {
  return reason.replaceAll("-", "_");
}

/** Draftwise's own event format: `{ content, finish_reason }` per delta, usage on the last one. */
export function draftwiseFormat(mode: "sse" | "ndjson", id: string, model: string): StreamFormat {
  const write = mode === "sse" ? (data: unknown) => sse(data) : (data: unknown) => `${JSON.stringify(data)}\n`;
  return {
    contentType: mode === "sse" ? "text/event-stream; charset=utf-8" : "application/x-ndjson; charset=utf-8",
    delta: (content) => write({ content, finish_reason: null } satisfies V1StreamEvent),
    finish: (reason, usage) => {
      const last = write({ content: "", finish_reason: finishReason(reason), id, model, usage } satisfies V1StreamEvent);
      return mode === "sse" ? `${last}data: [DONE]\n\n` : last;
    },
    error: (error) => (mode === "sse" ? sse(error.toJSON(), "error") : write(error.toJSON())),
  };
}

/** Runs a prepared call and answers in the requested mode. */
export async function respond(prepared: PreparedCall, mode: ResponseMode, signal: AbortSignal): Promise<Response> {
  if (mode === "json") {
    const completion = await complete(prepared, signal);
    return Response.json(completion, { headers: { "X-Draftwise-Model": completion.model } });
  }
  const sink = plainSink(signal);
  const stream = await streamModel({ ...prepared.input, signal: sink.signal, onSettled: prepared.onSettled });
  return streamResponse(stream, draftwiseFormat(mode, prepared.id, stream.model.id), sink);
}

export async function complete(prepared: PreparedCall, signal: AbortSignal): Promise<V1Completion> {
  const answer = await generateModelText({ ...prepared.input, signal, onSettled: prepared.onSettled });
  return {
    id: prepared.id,
    content: answer.text,
    model: answer.model.id,
    finish_reason: finishReason(answer.finishReason),
    usage: usageJson(answer.usage),
  };
}

/** The studio's format: the answer as a plain text stream (an error ends it abnormally). */
export async function respondText(prepared: PreparedCall, signal: AbortSignal): Promise<Response> {
  const sink = plainSink(signal);
  const stream = await streamModel({ ...prepared.input, signal: sink.signal, onSettled: prepared.onSettled });
  return streamResponse(stream, plainTextFormat, sink);
}
