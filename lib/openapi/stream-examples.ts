import type { OpenAIChatChunk } from "@/lib/contracts/openai";
import type { V1StreamEvent } from "@/lib/contracts/v1";

/**
 * The example bodies of the stream formats, rendered by hand here (and only here) until the
 * delivery layer's renderer can produce them.
 */

const sse = (data: unknown, event?: string) => `${event ? `event: ${event}\n` : ""}data: ${JSON.stringify(data)}\n\n`;

/** Draftwise's own events as Server-Sent Events. */
export function draftwiseStreamExample(model: string): string {
  const usage = { prompt_tokens: 14, completion_tokens: 3, total_tokens: 17 };
  const events: V1StreamEvent[] = [
    { content: "Falling", finish_reason: null },
    { content: " leaves", finish_reason: null },
    { content: "", finish_reason: "stop", id: "chat-3f0c…", model, usage },
  ];
  return `${events.map((e) => sse(e)).join("")}data: [DONE]\n\n`;
}

/** The same events as JSON lines. */
export function draftwiseNdjsonExample(model: string): string {
  return draftwiseStreamExample(model)
    .split("\n\n")
    .filter((block) => block.startsWith("data: {"))
    .map((block) => block.slice(6))
    .join("\n");
}

/** OpenAI's `chat.completion.chunk` events, with the usage chunk of `stream_options.include_usage`. */
export function openAIStreamExample(model: string): string {
  const base = { id: "chatcmpl-3f0c…", object: "chat.completion.chunk" as const, created: 1_795_219_200, model };
  const chunk = (delta: OpenAIChatChunk["choices"][number]["delta"], finish: string | null): OpenAIChatChunk => ({
    ...base,
    choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
    usage: null,
  });
  const chunks: OpenAIChatChunk[] = [
    chunk({ role: "assistant", content: "" }, null),
    chunk({ content: "Falling leaves" }, null),
    chunk({}, "stop"),
    { ...base, choices: [], usage: { prompt_tokens: 14, completion_tokens: 2, total_tokens: 16 } },
  ];
  return `${chunks.map((c) => sse(c)).join("")}data: [DONE]\n\n`;
}
