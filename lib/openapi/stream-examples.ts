import { draftwiseEvents, editEvents, openAIChunks, renderExample, type ExampleScript } from "@/lib/delivery/formats";
import { editExampleAnswer, editExampleText } from "./examples";

/**
 * The example bodies of the stream formats, rendered by the same format code that writes live
 * streams (lib/delivery/formats.ts), so the reference can't drift from what clients receive.
 */

const fallingLeaves = (model: string, id: string): ExampleScript => ({
  deltas: ["Falling", " leaves"],
  finishReason: "stop",
  usage: { prompt_tokens: 14, completion_tokens: 3, total_tokens: 17 },
  id,
  model,
});

/** Draftwise's own events as Server-Sent Events. */
export function draftwiseStreamExample(model: string): string {
  return renderExample(draftwiseEvents("sse"), fallingLeaves(model, "chat-3f0c…"));
}

/** The same events as JSON lines. */
export function draftwiseNdjsonExample(model: string): string {
  return renderExample(draftwiseEvents("ndjson"), fallingLeaves(model, "chat-3f0c…"));
}

/** OpenAI's `chat.completion.chunk` events, with the usage chunk of `stream_options.include_usage`. */
export function openAIStreamExample(model: string): string {
  return renderExample(openAIChunks({ includeUsage: true }), {
    deltas: ["Falling leaves"],
    finishReason: "stop",
    usage: { prompt_tokens: 14, completion_tokens: 2, total_tokens: 16 },
    id: "chatcmpl-3f0c…",
    model,
    created: 1_795_219_200,
  });
}

/** An edit streamed as `hunk` events then `done` (SSE or JSON lines), diffed against the examples' text. */
export function editStreamExample(model: string, mode: "sse" | "ndjson"): string {
  return renderExample(editEvents(editExampleText, mode), {
    deltas: editExampleAnswer.match(/[^]{1,12}/g) ?? [],
    finishReason: "stop",
    usage: { prompt_tokens: 96, completion_tokens: 18, total_tokens: 114 },
    id: "edit-7b1e…",
    model,
  });
}
