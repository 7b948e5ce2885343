import "server-only";
import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Content,
  LanguageModelV4FinishReason,
  LanguageModelV4GenerateResult,
  LanguageModelV4Prompt,
  LanguageModelV4StreamPart,
  LanguageModelV4StreamResult,
  LanguageModelV4Usage,
  SharedV4Warning,
} from "@ai-sdk/provider";
import { randomInt } from "node:crypto";
import type { ChatHistoryItem, GenerateOptions, LocalEngine, TokenMeterState } from "./runtime";

/** Without a temperature from the caller: a writing default (llama.cpp's own is greedy, 0). */
const DEFAULT_TEMPERATURE = 0.7;

/** The AI SDK prompt as node-llama-cpp chat history, ending in the model turn to be written. */
export function toChatHistory(prompt: LanguageModelV4Prompt, warnings: SharedV4Warning[]): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = [];
  let droppedFiles = false;
  let droppedTools = false;
  for (const message of prompt) {
    if (message.role === "system") {
      history.push({ type: "system", text: message.content });
    } else if (message.role === "user") {
      const text = message.content.map((part) => (part.type === "text" ? part.text : ((droppedFiles = true), ""))).join("");
      history.push({ type: "user", text });
    } else if (message.role === "assistant") {
      const text = message.content.map((part) => (part.type === "text" ? part.text : "")).join("");
      history.push({ type: "model", response: [text] });
    } else {
      droppedTools = true;
    }
  }
  if (droppedFiles) warnings.push({ type: "unsupported", feature: "files", details: "The embedded model reads text only." });
  if (droppedTools) warnings.push({ type: "unsupported", feature: "tool results" });
  if (history.at(-1)?.type !== "model") history.push({ type: "model", response: [] });
  return history;
}

/** JSON Schema keywords the grammar builder knows; the rest (patterns, number ranges) is checked after, by the caller. */
const grammarKeys = new Set([
  "type", "properties", "required", "additionalProperties", "items", "prefixItems", "minItems", "maxItems",
  "enum", "const", "oneOf", "description", "minLength", "maxLength", "format", "$ref", "$defs", "minProperties", "maxProperties",
]);
const grammarFormats = new Set(["date-time", "time", "date"]);

/** Narrows a JSON Schema (draft 7 / 2020-12, as zod writes it) to what node-llama-cpp turns into a grammar. */
export function grammarSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(grammarSchema);
  if (!schema || typeof schema !== "object") return schema;
  const source = schema as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === "anyOf") out.oneOf = grammarSchema(value);
    else if (key === "definitions") out.$defs = grammarSchema(value);
    else if (key === "$ref" && typeof value === "string") out.$ref = value.replace("#/definitions/", "#/$defs/");
    else if (key === "format") {
      if (typeof value === "string" && grammarFormats.has(value)) out.format = value;
    } else if (key === "properties" || key === "$defs") {
      out[key] = Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, grammarSchema(v)]));
    } else if (grammarKeys.has(key)) out[key] = grammarSchema(value);
  }
  // A property list without `required` would make every property optional; the SDK's schemas list them.
  return out;
}

function usageOf(before: TokenMeterState, after: TokenMeterState): LanguageModelV4Usage {
  const input = after.usedInputTokens - before.usedInputTokens;
  const output = after.usedOutputTokens - before.usedOutputTokens;
  return {
    inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: undefined },
    outputTokens: { total: output, text: output, reasoning: 0 },
  };
}

function finishReason(stopReason: string): LanguageModelV4FinishReason {
  if (stopReason === "maxTokens") return { unified: "length", raw: stopReason };
  return { unified: "stop", raw: stopReason };
}

/**
 * An AI SDK language model answered by the embedded engine: the same interface as the HTTP
 * providers, so routes, limits, usage records and the OpenAI-compatible endpoint need nothing else.
 */
export class LocalLanguageModel implements LanguageModelV4 {
  readonly specificationVersion = "v4";
  readonly provider = "local";
  readonly supportedUrls = {};

  constructor(
    readonly modelId: string,
    private readonly engine: () => LocalEngine,
    private readonly defaultMaxTokens: number,
  ) {}

  private async generateOptions(options: LanguageModelV4CallOptions, warnings: SharedV4Warning[]): Promise<GenerateOptions> {
    if (options.tools?.length) warnings.push({ type: "unsupported", feature: "tools", details: "The embedded model answers in text only." });
    const penalties =
      options.presencePenalty || options.frequencyPenalty
        ? { presencePenalty: options.presencePenalty, frequencyPenalty: options.frequencyPenalty }
        : undefined;
    const format = options.responseFormat;
    return {
      maxTokens: options.maxOutputTokens ?? this.defaultMaxTokens,
      temperature: options.temperature ?? DEFAULT_TEMPERATURE,
      topK: options.topK,
      topP: options.topP,
      // llama.cpp's sampler repeats itself without a seed: a fresh one gives fresh variants.
      seed: options.seed ?? randomInt(2 ** 31),
      customStopTriggers: options.stopSequences?.length ? options.stopSequences : undefined,
      ...(penalties ? { repeatPenalty: penalties } : {}),
      ...(format?.type === "json" ? { grammar: await this.engine().jsonGrammar(format.schema ? (grammarSchema(format.schema) as object) : undefined) } : {}),
    };
  }

  async doStream(options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    const warnings: SharedV4Warning[] = [];
    const history = toChatHistory(options.prompt, warnings);
    const engine = this.engine();
    const generate = await this.generateOptions(options, warnings);
    // The stream's consumer going away stops generation as a disconnect does.
    const stop = new AbortController();
    const signal = options.abortSignal ? AbortSignal.any([options.abortSignal, stop.signal]) : stop.signal;
    const lease = await engine.acquire(signal);
    const before = lease.sequence.tokenMeter.getState();
    const id = "text-0";
    const modelId = this.modelId;

    let cancelled = false;
    const stream = new ReadableStream<LanguageModelV4StreamPart>({
      start(controller) {
        // After the consumer cancels, generation winds down in the background: nothing more is sent.
        const send = (part: LanguageModelV4StreamPart) => {
          if (!cancelled) controller.enqueue(part);
        };
        const end = () => {
          if (!cancelled) controller.close();
        };
        send({ type: "stream-start", warnings });
        send({ type: "response-metadata", id: `local-${crypto.randomUUID()}`, modelId, timestamp: new Date() });
        let started = false;
        const write = (delta: string) => {
          if (!delta || signal.aborted) return;
          if (!started) send({ type: "text-start", id });
          started = true;
          send({ type: "text-delta", id, delta });
        };
        engine
          .prefill(lease, history, generate.maxTokens ?? 0, signal)
          .then(() => lease.chat.generateResponse(history, { ...generate, onTextChunk: write, signal, stopOnAbortSignal: true }))
          .then(
            (result) => {
              // Stopped by the caller (a deadline, a drain): an error, never a short answer that looks finished.
              if (signal.aborted) {
                send({ type: "error", error: signal.reason });
                return end();
              }
              if (started) send({ type: "text-end", id });
              send({ type: "finish", usage: usageOf(before, lease.sequence.tokenMeter.getState()), finishReason: finishReason(result.metadata.stopReason) });
              end();
            },
            (error: unknown) => {
              send({ type: "error", error: signal.aborted ? (signal.reason ?? error) : error });
              end();
            },
          )
          .finally(() => lease.release());
      },
      cancel() {
        cancelled = true;
        stop.abort(new DOMException("The stream was cancelled", "AbortError"));
      },
    });
    return { stream };
  }

  async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    const { stream } = await this.doStream(options);
    let text = "";
    let warnings: SharedV4Warning[] = [];
    let usage: LanguageModelV4Usage | undefined;
    let reason: LanguageModelV4FinishReason = { unified: "other", raw: undefined };
    const reader = stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (value.type === "stream-start") warnings = value.warnings;
      else if (value.type === "text-delta") text += value.delta;
      else if (value.type === "error") throw value.error;
      else if (value.type === "finish") {
        usage = value.usage;
        reason = value.finishReason;
      }
    }
    const content: LanguageModelV4Content[] = text ? [{ type: "text", text }] : [];
    return {
      content,
      finishReason: reason,
      usage: usage ?? usageOf({ usedInputTokens: 0, usedOutputTokens: 0 }, { usedInputTokens: 0, usedOutputTokens: 0 }),
      warnings,
    };
  }
}
