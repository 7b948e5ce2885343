import "server-only";
import type { ChatCompletionJson } from "@/lib/contracts/chat";
import type { OpenAIChatCompletion } from "@/lib/contracts/openai";
import type { V1Completion } from "@/lib/contracts/v1";
import { draftwiseEvents, finishReason, openAIFinishReason, sumUsage, usageJson, type FormatFor, type Usage, type VariantsFormat } from "@/lib/delivery/formats";
import { AppError } from "@/lib/errors";
import { generateModelText, streamModel, type ModelText } from "@/lib/server/ai/client";
import type { PreparedCall } from "./call";
import { plainSink, type StreamSink } from "./sink";
import { streamResponse, streamVariantsResponse, type OpenedVariant } from "./stream";

export { prepareCall, promptCall, type PreparedCall } from "./call";

/** Unix seconds, as OpenAI's `created` counts them. */
const now = () => Math.floor(Date.now() / 1000);

/**
 * Runs a prepared call and streams its answer in a format. The sink is the response body
 * (plain: the client leaving aborts the call) unless one is given (the studio's resumable chat).
 * A failure before the first token is thrown, for the route to answer with its status.
 */
export async function streamAnswer(
  prepared: PreparedCall,
  format: FormatFor,
  { signal, sink = plainSink(signal) }: { signal: AbortSignal; sink?: StreamSink },
): Promise<Response> {
  const created = now();
  let stream;
  try {
    stream = await streamModel({ ...prepared.input, signal: sink.signal, onSettled: prepared.onSettled });
  } catch (error) {
    // Nothing will be written: a client reattaching to a resumable sink must not wait for it.
    sink.close();
    throw error;
  }
  return streamResponse(stream, format({ id: prepared.id, model: stream.model.id, created }), sink);
}

/** One variant of a request: its prepared call and the temperature it asked for (null: the model's default). */
export interface VariantCall {
  prepared: PreparedCall;
  temperature: number | null;
}

const asAppError = (error: unknown) => (error instanceof AppError ? error : new AppError("upstream_error", undefined, { cause: error }));

/**
 * Runs the variants' calls at once and streams them in one body (`VariantsFormat`), sharing the
 * client's signal; a variant failing doesn't stop the others. The response starts with the first
 * variant's first token; only when every variant fails before its first is the first failure thrown,
 * for the route to answer with its status.
 */
export async function streamVariants(
  id: string,
  calls: VariantCall[],
  format: VariantsFormat,
  { signal, sink = plainSink(signal) }: { signal: AbortSignal; sink?: StreamSink },
): Promise<Response> {
  const created = now();
  const streams = calls.map(({ prepared }) => streamModel({ ...prepared.input, signal: sink.signal, onSettled: prepared.onSettled }));
  try {
    await Promise.any(streams);
  } catch (error) {
    sink.close();
    throw error instanceof AggregateError ? error.errors[0] : error;
  }
  const opened = streams.map(
    (stream, i): Promise<OpenedVariant> =>
      stream.then(
        (s) => ({ stream: s, format: format.variant(i)({ id: calls[i]!.prepared.id, model: s.model.id, created }) }),
        (error: unknown) => ({ error: asAppError(error) }),
      ),
  );
  const variants = calls.map(({ prepared, temperature }, variant) => ({ variant, model: prepared.model, temperature }));
  return streamVariantsResponse(opened, format, { id, variants, sink });
}

/** A variant's JSON answer: its text (with what `extra` adds, e.g. hunks), or its error. */
type VariantJson<T> =
  | ({ variant: number; model: string; temperature: number | null; text: string; finish_reason: string; usage: Usage } & T)
  | { variant: number; model: string; error: { code: string; message: string } };

/**
 * The variants' JSON answer (`"stream": false`): every variant's whole answer or its error, and
 * their usage summed; only when all fail is the first failure thrown, for its status.
 */
export async function completeVariants<T extends object>(
  id: string,
  calls: VariantCall[],
  signal: AbortSignal,
  extra: (answer: ModelText) => T,
): Promise<{ id: string; variants: Array<VariantJson<T>>; usage: Usage }> {
  const settled = await Promise.allSettled(calls.map(({ prepared }) => generateAnswer(prepared, signal)));
  if (settled.every((s) => s.status === "rejected")) throw (settled[0] as PromiseRejectedResult).reason;
  const variants = settled.map((result, variant): VariantJson<T> => {
    const { prepared, temperature } = calls[variant]!;
    if (result.status === "rejected") {
      const error = asAppError(result.reason);
      return { variant, model: prepared.model, error: { code: error.code, message: error.message } };
    }
    const answer = result.value;
    const usage = usageJson(answer.usage);
    return { variant, model: answer.model.id, temperature, text: answer.text, ...extra(answer), finish_reason: finishReason(answer.finishReason), usage };
  });
  return { id, variants, usage: sumUsage(variants.flatMap((v) => ("usage" in v ? [v.usage] : []))) };
}

/** Runs a prepared call to its whole answer (no stream): text, parsed output, model, finish reason, usage. */
export function generateAnswer(prepared: PreparedCall, signal: AbortSignal): Promise<ModelText> {
  return generateModelText({ ...prepared.input, signal, onSettled: prepared.onSettled });
}

/** Draftwise's JSON answer (`"stream": false` on /api/v1, and jobs' results). */
export async function complete(prepared: PreparedCall, signal: AbortSignal): Promise<V1Completion> {
  const answer = await generateAnswer(prepared, signal);
  return {
    id: prepared.id,
    content: answer.text,
    model: answer.model.id,
    finish_reason: finishReason(answer.finishReason),
    usage: usageJson(answer.usage),
  };
}

/** The studio chat's deprecated `"stream": false` answer; its id is the provider's response id when there is one. */
export async function completeChatJson(prepared: PreparedCall, signal: AbortSignal): Promise<ChatCompletionJson> {
  const answer = await generateAnswer(prepared, signal);
  return {
    id: answer.responseId ?? `chat-${crypto.randomUUID()}`,
    text: answer.text,
    model: answer.model.id,
    finish_reason: finishReason(answer.finishReason),
    usage: usageJson(answer.usage),
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

/** The developer API's answer: Draftwise's JSON completion, or its events as SSE or JSON lines. */
export async function respond(prepared: PreparedCall, mode: ResponseMode, signal: AbortSignal): Promise<Response> {
  if (mode !== "json") return streamAnswer(prepared, draftwiseEvents(mode), { signal });
  const completion = await complete(prepared, signal);
  return Response.json(completion, { headers: { "X-Draftwise-Model": completion.model } });
}

/** OpenAI's `chat.completion` (non-streaming Chat Completions). */
export async function respondOpenAICompletion(prepared: PreparedCall, signal: AbortSignal): Promise<Response> {
  const created = now();
  const answer = await generateAnswer(prepared, signal);
  const completion: OpenAIChatCompletion = {
    id: prepared.id,
    object: "chat.completion",
    created,
    model: answer.model.id,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: answer.text, refusal: null },
        finish_reason: openAIFinishReason(answer.finishReason),
        logprobs: null,
      },
    ],
    usage: usageJson(answer.usage),
  };
  return Response.json(completion, { headers: { "X-Draftwise-Model": answer.model.id } });
}
