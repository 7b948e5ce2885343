/**
 * Mock models for the resilience tests (tests/unit/resilience-*.test.ts): streams built from
 * parts, streams that never produce a token (but honour the abort signal as a real fetch does),
 * and provider errors shaped like the AI SDK's.
 */
import type { LanguageModelV4StreamPart, LanguageModelV4StreamResult } from "@ai-sdk/provider";
import { APICallError } from "ai";
import { MockLanguageModelV4 } from "ai/test";
import type { ResolvedModel } from "@/lib/server/ai/providers";

export type Part = LanguageModelV4StreamPart;

export const usage = {
  inputTokens: { total: 3, noCache: 3, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 2, text: 2, reasoning: 0 },
};
export const finish = { type: "finish", finishReason: { unified: "stop", raw: "stop" }, usage } as Part;
export const text = (delta: string): Part[] => [
  { type: "stream-start", warnings: [] } as Part,
  { type: "text-start", id: "t" },
  { type: "text-delta", id: "t", delta },
];
export const answer = (delta: string): Part[] => [...text(delta), { type: "text-end", id: "t" }, finish];

export function apiError(statusCode: number | undefined, headers: Record<string, string> = {}) {
  return new APICallError({
    message: `upstream ${statusCode}`,
    url: "http://upstream.invalid/v1/chat/completions",
    requestBodyValues: {},
    statusCode,
    responseHeaders: headers,
  });
}

/** A stream of `parts` that ends (or, with `hold`, stays open until the call is aborted). */
export function streamOf(parts: Part[], signal?: AbortSignal, hold = false): LanguageModelV4StreamResult {
  const stream = new ReadableStream<Part>({
    start(controller) {
      for (const part of parts) controller.enqueue(part);
      if (!hold) return controller.close();
      const onAbort = () => {
        try {
          controller.error(signal?.reason ?? new DOMException("aborted", "AbortError"));
        } catch {
          // already cancelled
        }
      };
      if (signal?.aborted) onAbort();
      else signal?.addEventListener("abort", onAbort, { once: true });
    },
  });
  return { stream };
}

/** A stream that sends its start and then nothing, until the call is aborted (a silent provider). */
export const silentStream = (options: CallOptions) =>
  streamOf([{ type: "stream-start", warnings: [] } as Part], options.abortSignal, true);

/** What the scripts look at of a call's options (ai/test's mock names its own copy of the provider types). */
export interface CallOptions {
  abortSignal?: AbortSignal;
}

let serial = 0;
/** A unique model id: breakers live on globalThis per provider and model. */
export const uniqueId = (name: string) => `${name}-${++serial}-${Math.random().toString(36).slice(2, 8)}`;

export interface Scripted {
  resolved: ResolvedModel;
  mock: MockLanguageModelV4;
  /** doStream / doGenerate calls so far. */
  calls(): number;
  /** The abort signal each call got. */
  signals: AbortSignal[];
}

/**
 * A resolved model whose `doStream` runs `script(call, options)` for its n-th call (1-based).
 * `doGenerate` runs `generate(call)` the same way.
 */
export function scripted(
  name: string,
  script: (call: number, options: CallOptions) => LanguageModelV4StreamResult | Promise<LanguageModelV4StreamResult>,
  generate?: (call: number, options: CallOptions) => unknown,
  provider = "mock",
): Scripted {
  const id = uniqueId(name);
  let count = 0;
  const signals: AbortSignal[] = [];
  const mock = new MockLanguageModelV4({
    provider,
    modelId: id,
    doStream: (async (options: CallOptions) => {
      count++;
      signals.push(options.abortSignal!);
      return script(count, options);
    }) as unknown as MockLanguageModelV4["doStream"],
    doGenerate: (async (options: CallOptions) => {
      count++;
      signals.push(options.abortSignal!);
      if (!generate) throw new Error("no doGenerate scripted");
      return generate(count, options);
    }) as unknown as MockLanguageModelV4["doGenerate"],
  });
  const resolved: ResolvedModel = {
    model: mock,
    info: { id, label: id, provider: "openai-compatible", contextWindow: 8192, maxOutputTokens: 1024 },
    provider,
    fallbacks: [],
  };
  return { resolved, mock, calls: () => count, signals };
}

export const generated = (textOut: string) => ({
  content: [{ type: "text", text: textOut }],
  finishReason: { unified: "stop", raw: "stop" },
  usage,
  warnings: [],
});

/** Reads the rest of an opened stream's reader. */
export async function rest(reader: ReadableStreamDefaultReader<Part>): Promise<Part[]> {
  const parts: Part[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return parts;
    parts.push(value);
  }
}

/** What a promise rejected with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}
