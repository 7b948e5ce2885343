import "server-only";
import type { TextStreamPart, ToolSet } from "ai";
import type { AppError } from "@/lib/errors";
import { streamingHeaders } from "@/lib/server/http";

/**
 * A plain-text response from a model stream. A failure after the first token errors the
 * body, so the connection ends abnormally and the client sees an error instead of a
 * silently shorter text (a clean end always means a complete answer).
 */
export function textStreamResponse(
  parts: ReadableStream<TextStreamPart<ToolSet>>,
  describeError: (error: unknown) => AppError,
  headers: Record<string, string> = {},
): Response {
  const encoder = new TextEncoder();
  const body = parts.pipeThrough(
    new TransformStream<TextStreamPart<ToolSet>, Uint8Array>({
      transform(part, controller) {
        if (part.type === "text-delta") controller.enqueue(encoder.encode(part.text));
        else if (part.type === "error") controller.error(describeError(part.error));
        else if (part.type === "abort") controller.error(describeError(new Error("aborted")));
      },
    }),
  );
  return new Response(body, {
    headers: { "Content-Type": "text/plain; charset=utf-8", ...streamingHeaders, ...headers },
  });
}
