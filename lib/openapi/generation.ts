import { usageSchema, v1CompletionSchema, v1StreamEventSchema } from "@/lib/contracts/v1";
import { named } from "./operation";
import { draftwiseNdjsonExample, draftwiseStreamExample } from "./stream-examples";

/** The answer of Draftwise's generation routes (chat, write, templates): one JSON completion or a stream of events. */

named("Usage", usageSchema);

export const generationSchemas = {
  completion: named("Completion", v1CompletionSchema),
  streamEvent: named("StreamEvent", v1StreamEventSchema),
};

export const streamingNote =
  "Streams are sent with `Cache-Control: no-cache, no-transform` and `X-Accel-Buffering: no`, so proxies pass every event on at once.";

export const draftwiseStreamFormat = `**Server-Sent Events** (\`text/event-stream\`): one event per delta, \`data: {"content": "…", "finish_reason": null}\`; the last event carries \`finish_reason\`, \`usage\`, \`id\` and \`model\` and is followed by \`data: [DONE]\`. An error after the stream has started is sent as \`event: error\` with \`data: {"error": {"code": "…", "message": "…"}}\`, and no \`[DONE]\` follows.

**JSON lines** (\`application/x-ndjson\`, when the request sends \`Accept: application/x-ndjson\`): the same objects, one per line, without \`[DONE]\`; an error is a line \`{"error": {…}}\`.

${streamingNote} Each event is a [StreamEvent](#model/streamevent).`;

export function draftwiseStreamContent(model: string, ndjson: boolean) {
  return {
    "text/event-stream": { schema: generationSchemas.streamEvent, example: draftwiseStreamExample(model) },
    ...(ndjson
      ? {
          "application/x-ndjson": {
            schema: generationSchemas.streamEvent,
            example: draftwiseNdjsonExample(model),
          },
        }
      : {}),
  };
}
