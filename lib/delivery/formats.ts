import type { EditDoneEvent } from "@/lib/contracts/edits";
import type { OpenAIChatChunk, OpenAIError } from "@/lib/contracts/openai";
import type { V1StreamEvent } from "@/lib/contracts/v1";
import type { StudioVariantEvent } from "@/lib/contracts/variants";
import { createHunkStream } from "@/lib/editor/text-hunks";
import type { AppError } from "@/lib/errors";

/**
 * The wire formats a model's answer streams in: plain text, Draftwise's events (SSE or JSON
 * lines), the AI SDK UI message stream and OpenAI's chat.completion.chunk. Isomorphic (no server
 * imports): the server writes live streams with them (lib/server/delivery) and the OpenAPI
 * document renders its examples with `renderExample`, so the two cannot drift.
 */

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

/** The answer a stream is about: its id, the model that answers and when it started (Unix seconds). */
interface StreamAnswer {
  id: string;
  model: string;
  created: number;
}

/** A format for one answer: formats whose events name the answer are made once its model is known. */
export type FormatFor = (answer: StreamAnswer) => StreamFormat;

export const sse = (data: unknown, event?: string) => `${event ? `event: ${event}\n` : ""}data: ${JSON.stringify(data)}\n\n`;

/** The AI SDK's finish reasons in the spelling OpenAI clients know (`content-filter` → `content_filter`). */
export function finishReason(reason: string): string {
  return reason.replaceAll("-", "_");
}

/** OpenAI's finish reasons are a closed set; anything else reads as a normal stop. */
export function openAIFinishReason(reason: string): string {
  const spelled = finishReason(reason);
  return ["stop", "length", "content_filter", "tool_calls"].includes(spelled) ? spelled : "stop";
}

/** OpenAI's error `type` for each status; the `code` stays Draftwise's (documented, stable). */
function openAIErrorType(error: AppError): string {
  if (error.code === "insufficient_quota") return "insufficient_quota";
  if (error.code === "rate_limited") return "rate_limit_error";
  if (error.status === 401) return "authentication_error";
  if (error.status >= 500) return "server_error";
  return "invalid_request_error";
}

/** OpenAI answers an unknown model with 404; Draftwise's own routes say 400. */
export function openAIErrorStatus(error: AppError): number {
  return error.code === "model_not_found" ? 404 : error.status;
}

export function openAIErrorBody(error: AppError): OpenAIError {
  return { error: { message: error.message, type: openAIErrorType(error), param: error.param ?? null, code: error.code } };
}

/**
 * Deltas are the hot path: a format serializes the fixed parts of its delta event once and
 * splices each delta's JSON string between them.
 */
function deltaTemplate(event: (marker: string) => string): (text: string) => string {
  const [head, tail] = event("\u0000").split(JSON.stringify("\u0000"));
  return (text) => `${head}${JSON.stringify(text)}${tail}`;
}

/** The studio's plain text format: the answer's text; a failure ends the body abnormally. */
export const plainText: FormatFor = () => ({
  contentType: "text/plain; charset=utf-8",
  delta: (text) => text,
  finish: () => "",
  error: () => undefined,
});

/** Draftwise's own event format: `{ content, finish_reason }` per delta, usage on the last one. */
export const draftwiseEvents =
  (mode: "sse" | "ndjson"): FormatFor =>
  ({ id, model }) => {
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
  };

/**
 * The edits API's events (/api/v1/edits): no text deltas, but a `hunk` event for each change of
 * `original` as soon as later text can no longer change it, the remaining hunks at the end, then
 * `done` with the whole edited text. JSON lines carry the event name as `type`. Stateful: one
 * format per answer, as `FormatFor` makes it.
 */
export const editEvents =
  (original: string, mode: "sse" | "ndjson"): FormatFor =>
  ({ id, model }) => {
    const write =
      mode === "sse" ? (event: string, data: object) => sse(data, event) : (event: string, data: object) => `${JSON.stringify({ type: event, ...data })}\n`;
    const hunks = createHunkStream(original);
    return {
      contentType: mode === "sse" ? "text/event-stream; charset=utf-8" : "application/x-ndjson; charset=utf-8",
      delta: (text) => hunks.push(text).map((hunk) => write("hunk", hunk)).join(""),
      finish: (reason, usage) => {
        const { text, hunks: rest } = hunks.finish();
        const done: EditDoneEvent = { id, model, text, finish_reason: finishReason(reason), usage };
        return rest.map((hunk) => write("hunk", hunk)).join("") + write("done", done);
      },
      error: (error) => write("error", error.toJSON()),
    };
  };

/** The UI message stream's content type and marker header, for live and resumed streams alike. */
export const uiMessageStreamType = { contentType: "text/event-stream", headers: { "x-vercel-ai-ui-message-stream": "v1" } } as const;

/**
 * The AI SDK UI message stream (what `useChat` reads), written directly: the same events
 * `toUIMessageStreamResponse` sends for a text answer, without its stream stages. `id` is the
 * stored answer's id, so "continue" can find it after a stop.
 */
export const uiMessageStream: FormatFor = ({ id, model }) => {
  const event = (chunk: unknown) => `data: ${JSON.stringify(chunk)}\n\n`;
  return {
    contentType: uiMessageStreamType.contentType,
    headers: { ...uiMessageStreamType.headers },
    start: () => event({ type: "start", messageId: id, messageMetadata: { model } }) + event({ type: "start-step" }) + event({ type: "text-start", id: "0" }),
    delta: deltaTemplate((marker) => event({ type: "text-delta", id: "0", delta: marker })),
    finish: (reason, usage) =>
      event({ type: "text-end", id: "0" }) +
      event({ type: "finish-step" }) +
      event({
        type: "finish",
        finishReason: reason,
        messageMetadata: {
          model,
          finishReason: reason,
          usage: { inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens, totalTokens: usage.total_tokens },
        },
      }) +
      "data: [DONE]\n\n",
    error: (error) => event({ type: "error", errorText: error.message }) + "data: [DONE]\n\n",
  };
};

/**
 * OpenAI's stream of `chat.completion.chunk`s ending in `[DONE]`; with `includeUsage` a last chunk
 * with empty `choices` carries the usage (and `usage` is null on the others).
 */
export const openAIChunks =
  ({ includeUsage }: { includeUsage: boolean }): FormatFor =>
  ({ id, model, created }) => {
    const chunk = (choices: OpenAIChatChunk["choices"], usage?: Usage): string =>
      sse({ id, object: "chat.completion.chunk", created, model, choices, ...(includeUsage ? { usage: usage ?? null } : {}) } satisfies OpenAIChatChunk);
    const choice = (delta: OpenAIChatChunk["choices"][number]["delta"], finish: string | null) => [
      { index: 0, delta, finish_reason: finish, logprobs: null },
    ];
    return {
      contentType: "text/event-stream; charset=utf-8",
      start: () => chunk(choice({ role: "assistant", content: "" }, null)),
      delta: deltaTemplate((marker) => chunk(choice({ content: marker }, null))),
      finish: (reason, usage) => chunk(choice({}, openAIFinishReason(reason))) + (includeUsage ? chunk([], usage) : "") + "data: [DONE]\n\n",
      error: (error) => sse(openAIErrorBody(error)),
    };
  };

/** A scripted answer for documentation: the deltas a model sent, how it finished, what it used. */
export interface ExampleScript extends Omit<StreamAnswer, "created"> {
  deltas: string[];
  /** In the AI SDK's spelling, as a live stream reports it (`stop`, `length`, `content-filter`). */
  finishReason: string;
  usage: Usage;
  created?: number;
}

/**
 * The bytes a live stream of these deltas sends in `format`: the same calls, in the same order,
 * as the server's pump (lib/server/delivery/stream.ts) makes for a model stream.
 */
export function renderExample(format: FormatFor, script: ExampleScript): string {
  const f = format({ id: script.id, model: script.model, created: script.created ?? 0 });
  const deltas = script.deltas.filter((text) => text !== "").map((text) => f.delta(text));
  return (f.start?.() ?? "") + deltas.join("") + f.finish(script.finishReason, script.usage);
}

/** One variant as a variants stream announces it: the model asked for and its temperature (null: the model's default). */
export interface VariantInfo {
  variant: number;
  model: string;
  temperature: number | null;
}

/**
 * Several answers to one request (variants) in one body. Each variant's answer is written in its
 * own `StreamFormat`, whose every event names the variant, and ends with its own `done` (or
 * `error`); `end` follows the last of them. The variants' events interleave, each event whole.
 */
export interface VariantsFormat {
  contentType: string;
  start?(variants: VariantInfo[]): string;
  /** Variant `index`'s format; its `finish` is the variant's `done`. */
  variant(index: number): FormatFor;
  /** A variant that failed before its first token. */
  failed(index: number, error: AppError): string;
  /** After every variant ended; `usage` sums theirs. */
  end(id: string, usage: Usage): string;
}

const zeroUsage = (): Usage => ({ prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 });

/** Adds up the variants' usage. */
export function sumUsage(usages: Usage[]): Usage {
  return usages.reduce(
    (sum, u) => ({
      prompt_tokens: sum.prompt_tokens + u.prompt_tokens,
      completion_tokens: sum.completion_tokens + u.completion_tokens,
      total_tokens: sum.total_tokens + u.total_tokens,
    }),
    zeroUsage(),
  );
}

/** SSE with named events, or JSON lines carrying the name as `type` (unnamed events: no `type`). */
function eventWriter(mode: "sse" | "ndjson") {
  return mode === "sse"
    ? (event: string | undefined, data: object) => sse(data, event)
    : (event: string | undefined, data: object) => `${JSON.stringify(event ? { type: event, ...data } : data)}\n`;
}

type EventWriter = ReturnType<typeof eventWriter>;

/**
 * A variants format of named events (SSE, or JSON lines with `type`): each variant's own events
 * from `answerEvents`, its errors as `error` with `variant`, and `end` (then `trailer`) after all.
 */
function eventVariants(
  mode: "sse" | "ndjson",
  answerEvents: (write: EventWriter, variant: number, answer: StreamAnswer) => Pick<StreamFormat, "delta" | "finish">,
  trailer = "",
): VariantsFormat {
  const write = eventWriter(mode);
  const contentType = mode === "sse" ? "text/event-stream; charset=utf-8" : "application/x-ndjson; charset=utf-8";
  const failed = (variant: number, error: AppError) => write("error", { variant, ...error.toJSON() });
  return {
    contentType,
    variant: (variant) => (answer) => ({ contentType, ...answerEvents(write, variant, answer), error: (error) => failed(variant, error) }),
    failed,
    end: (id, usage) => write("end", { id, usage }) + trailer,
  };
}

/**
 * Draftwise's events with variants (/api/v1/write): the deltas as without, with `variant`; each
 * variant's last event `done` (its finish reason, id, model and usage), then `end` with the
 * summed usage (and `data: [DONE]` in SSE).
 */
export const draftwiseVariantEvents = (mode: "sse" | "ndjson"): VariantsFormat =>
  eventVariants(
    mode,
    (write, variant, { id, model }) => ({
      delta: (content) => write(undefined, { variant, content, finish_reason: null }),
      finish: (reason, usage) => write("done", { variant, content: "", finish_reason: finishReason(reason), id, model, usage }),
    }),
    mode === "sse" ? "data: [DONE]\n\n" : "",
  );

/** The edits API's events with variants (/api/v1/edits): `hunk` and `done` as without, each with `variant`, then `end`. */
export const editVariantEvents = (original: string, mode: "sse" | "ndjson"): VariantsFormat =>
  eventVariants(mode, (write, variant, { id, model }) => {
    const hunks = createHunkStream(original);
    return {
      delta: (text) => hunks.push(text).map((hunk) => write("hunk", { variant, ...hunk })).join(""),
      finish: (reason, usage) => {
        const { text, hunks: rest } = hunks.finish();
        const done: EditDoneEvent & { variant: number } = { variant, id, model, text, finish_reason: finishReason(reason), usage };
        return rest.map((hunk) => write("hunk", { variant, ...hunk })).join("") + write("done", done);
      },
    };
  });

/**
 * The studio's variants (/api/edits with more than one): JSON lines of `StudioVariantEvent`
 * (lib/contracts/variants.ts) — `start` naming the variants, their text `delta`s, each one's
 * `done` or `error`, then `end`. The editor diffs each variant's text as it arrives.
 */
export const studioVariantLines: VariantsFormat = {
  contentType: "application/x-ndjson; charset=utf-8",
  start: (variants) => `${JSON.stringify({ type: "start", variants } satisfies StudioVariantEvent)}\n`,
  variant: (variant) => () => {
    const line = (event: StudioVariantEvent) => `${JSON.stringify(event)}\n`;
    return {
      contentType: studioVariantLines.contentType,
      delta: (text) => line({ type: "delta", variant, text }),
      finish: (reason) => line({ type: "done", variant, finish_reason: finishReason(reason) }),
      error: (error) => line({ type: "error", variant, code: error.code, message: error.message }),
    };
  },
  failed: (variant, error) =>
    `${JSON.stringify({ type: "error", variant, code: error.code, message: error.message } satisfies StudioVariantEvent)}\n`,
  end: () => `${JSON.stringify({ type: "end" } satisfies StudioVariantEvent)}\n`,
};
