import "server-only";
import { usageJson, type StreamFormat } from "@/lib/delivery/formats";
import type { ModelStream } from "@/lib/server/ai/client";
import { streamingHeaders } from "@/lib/server/http";
import type { StreamSink } from "./sink";

/**
 * Copies a model stream into a sink in a format: one loop, one string per delta, no stream
 * stages. An error after the first token becomes the format's error event (or, for formats
 * without one, an abnormal end), so a clean end always means a complete answer.
 * `renderExample` (lib/delivery/formats.ts) makes the same calls for documentation examples.
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
export function streamResponse(stream: ModelStream, format: StreamFormat, sink: StreamSink): Response {
  const ended = pump(stream, format, sink).catch((error: unknown) => sink.fail?.(error) ?? sink.close());
  const response: GenerationResponse = new Response(sink.body, {
    headers: { "Content-Type": format.contentType, ...streamingHeaders, "X-Draftwise-Model": stream.model.id, ...format.headers },
  });
  response[generationEnd] = ended;
  return response;
}
