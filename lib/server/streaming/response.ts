import "server-only";
import type { AppError } from "@/lib/errors";
import type { ModelStream } from "@/lib/server/ai/client";
import { streamingHeaders } from "@/lib/server/http";
import type { StreamSink } from "./sink";

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

/** What a stream format writes for each moment of a model stream. */
export interface StreamFormat {
  contentType: string;
  /** Extra response headers the format needs (e.g. the UI message stream's marker). */
  headers?: Record<string, string>;
  start?(): string;
  delta(text: string): string;
  /** `reason` in the AI SDK's spelling (`stop`, `length`, `content-filter`, …). */
  finish(reason: string, usage: Usage): string;
  /** An error after the first token: its event, or undefined to end the body abnormally (plain text). */
  error(error: AppError): string | undefined;
}

export const sse = (data: unknown, event?: string) => `${event ? `event: ${event}\n` : ""}data: ${JSON.stringify(data)}\n\n`;

/**
 * Copies a model stream into a sink in a format: one loop, one string per delta, no stream
 * stages. An error after the first token becomes the format's error event (or, for formats
 * without one, an abnormal end), so a clean end always means a complete answer.
 */
export async function pump(stream: ModelStream, format: StreamFormat, sink: StreamSink): Promise<void> {
  const start = format.start?.();
  if (start) sink.write(start);
  for (;;) {
    const part = await stream.next();
    if (!part) break;
    if (part.type === "text-delta") {
      if (part.delta) sink.write(format.delta(part.delta));
    } else if (part.type === "finish") {
      const { inputTokens, outputTokens } = part.usage;
      sink.write(format.finish(part.finishReason.unified, usageJson({ inputTokens: inputTokens.total, outputTokens: outputTokens.total })));
      break;
    } else if (part.type === "error") {
      const event = format.error(stream.describeError(part.error));
      if (event === undefined) return sink.fail?.(stream.describeError(part.error));
      sink.write(event);
      break;
    }
  }
  sink.close();
}

// A symbol from the global registry: route bundles may each hold a copy of this module.
const generationEnd = Symbol.for("draftwise.generationEnd");
type GenerationResponse = Response & { [generationEnd]?: Promise<void> };

/**
 * When the generation behind a streamed response has ended: its model call is over and its
 * sink closed. For a resumable answer that can be long after the first client stopped reading,
 * so this, not the body, is what a concurrency slot is held until. Undefined for other responses.
 */
export function generationEnded(response: Response): Promise<void> | undefined {
  return (response as GenerationResponse)[generationEnd];
}

/** Answers with a model stream in a format, written through the sink (plain or resumable). */
export function streamResponse(stream: ModelStream, format: StreamFormat, sink: StreamSink, headers: Record<string, string> = {}): Response {
  const ended = pump(stream, format, sink).catch((error: unknown) => sink.fail?.(error) ?? sink.close());
  const response: GenerationResponse = new Response(sink.body, {
    headers: { "Content-Type": format.contentType, ...streamingHeaders, "X-Draftwise-Model": stream.model.id, ...format.headers, ...headers },
  });
  response[generationEnd] = ended;
  return response;
}

/** The studio's plain text format: the answer's text; a failure ends the body abnormally. */
export const plainTextFormat: StreamFormat = {
  contentType: "text/plain; charset=utf-8",
  delta: (text) => text,
  finish: () => "",
  error: () => undefined,
};
