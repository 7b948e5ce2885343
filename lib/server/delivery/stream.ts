import "server-only";
import { sumUsage, usageJson, type StreamFormat, type Usage, type VariantInfo, type VariantsFormat } from "@/lib/delivery/formats";
import type { AppError } from "@/lib/errors";
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

/** One variant's stream, once open: its model stream and its format, or why it never started. */
export type OpenedVariant = { stream: ModelStream; format: StreamFormat } | { error: AppError };

/**
 * Answers with several model streams (variants) in one body: each is pumped as its first token
 * comes, into the same sink (events interleave whole), a variant that failed to start writes its
 * error, and the format's `end` follows the last. The generation ends when every variant has.
 */
export function streamVariantsResponse(
  opened: Array<Promise<OpenedVariant>>,
  format: VariantsFormat,
  { id, variants, sink }: { id: string; variants: VariantInfo[]; sink: StreamSink },
): Response {
  const usages: Usage[] = [];
  // Each variant's pump closes its sink: only the last event may close the body.
  const shared: StreamSink = { body: sink.body, write: (text) => sink.write(text), close: () => {}, signal: sink.signal };
  const start = format.start?.(variants);
  if (start) sink.write(start);
  const ended = Promise.all(
    opened.map(async (pending, i) => {
      const variant = await pending;
      if ("error" in variant) return shared.write(format.failed(i, variant.error));
      const counted: StreamFormat = {
        ...variant.format,
        finish: (reason, usage) => {
          usages.push(usage);
          return variant.format.finish(reason, usage);
        },
      };
      await pump(variant.stream, counted, shared);
    }),
  )
    .then(() => {
      sink.write(format.end(id, sumUsage(usages)));
      sink.close();
    })
    .catch((error: unknown) => sink.fail?.(error) ?? sink.close());
  const models = [...new Set(variants.map((v) => v.model))].join(",");
  const response: GenerationResponse = new Response(sink.body, {
    headers: { "Content-Type": format.contentType, ...streamingHeaders, "X-Draftwise-Model": models },
  });
  response[generationEnd] = ended;
  return response;
}
