import "server-only";
import type { LanguageModelV4, LanguageModelV4CallOptions, LanguageModelV4Prompt } from "@ai-sdk/provider";
import { generateText, type ModelMessage, type Output } from "ai";
import type { ModelInfo } from "@/lib/ai/models";
import { AppError } from "@/lib/errors";
import { env } from "@/lib/server/env";
import { isDraining, ShutdownError, trackStream } from "@/lib/server/lifecycle";
import { logger, logModelCall } from "@/lib/server/log";
import { metrics } from "@/lib/server/metrics";
import { startModelSpan, telemetrySettings } from "@/lib/server/telemetry";
import type { CallContext, CallOutcome } from "./call-types";
import { ModelTimeout, toModelAppError } from "./errors";
import type { ResolvedModel } from "./providers";
import { generate, openStream, reassemble, type ChainCall, type StreamPart } from "./resilient";

export interface ModelSettings {
  temperature?: number;
  seed?: number;
  maxOutputTokens?: number;
  stopSequences?: string[];
}

export type { CallContext, CallOutcome };

export interface ModelCallInput {
  resolved: ResolvedModel;
  instructions?: string;
  messages: ModelMessage[];
  settings?: ModelSettings;
  /** Structured output (`Output.object`): the provider constrains the answer to its JSON schema. */
  output?: Output.Output;
  context: CallContext;
  /** The client's request signal: a disconnect aborts the upstream call. */
  signal: AbortSignal;
  /** Told once how the call ended (usage records, stored answers). Never throws into the call. */
  onSettled?: (outcome: CallOutcome) => void | Promise<void>;
}

/** About four characters a token: the usual estimate when a provider reports nothing. */
const estimateTokens = (chars: number) => Math.ceil(chars / 4);

function inputChars(input: ModelCallInput): number {
  let chars = input.instructions?.length ?? 0;
  for (const m of input.messages) chars += typeof m.content === "string" ? m.content.length : JSON.stringify(m.content).length;
  return chars;
}

/** Draftwise's messages are text: the provider-level prompt is a direct translation. */
function toPrompt(input: ModelCallInput): LanguageModelV4Prompt {
  const prompt: LanguageModelV4Prompt = input.instructions ? [{ role: "system", content: input.instructions }] : [];
  for (const m of input.messages) {
    const text = typeof m.content === "string" ? m.content : JSON.stringify(m.content);
    if (m.role === "system") prompt.push({ role: "system", content: text });
    else if (m.role === "assistant") prompt.push({ role: "assistant", content: [{ type: "text", text }] });
    else prompt.push({ role: "user", content: [{ type: "text", text }] });
  }
  return prompt;
}

function timeoutsFor(route: string) {
  return env.MODEL_ROUTE_TIMEOUTS[route] ?? { firstTokenMs: env.MODEL_FIRST_TOKEN_TIMEOUT_MS, totalMs: env.MODEL_TIMEOUT_MS };
}

function chainCall(input: ModelCallInput): ChainCall {
  const { route } = input.context;
  return {
    chain: [input.resolved, ...input.resolved.fallbacks],
    policy: { maxRetries: env.MODEL_MAX_RETRIES, baseDelayMs: env.MODEL_RETRY_BASE_MS, maxDelayMs: env.MODEL_RETRY_MAX_DELAY_MS },
    // The first-token deadline catches a hung remote provider. The embedded model can't hang: it is
    // reading the prompt, which takes a while on a CPU; MODEL_TIMEOUT_MS still bounds the answer.
    firstTokenMs: input.resolved.provider === "local" ? undefined : timeoutsFor(route).firstTokenMs,
    events: {
      onRetry: ({ resolved }) => metrics.retry({ provider: resolved.provider, model: resolved.info.id }),
      onFallback: ({ from, to }) => metrics.fallback({ from: from.info.id, to: to.info.id }),
    },
  };
}

/**
 * One model call's bookkeeping: its abort controller and total deadline, and the single
 * settlement (usage record, log line, metrics, span) however it ends.
 */
class CallRecord {
  readonly started = performance.now();
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  readonly signal: AbortSignal;
  readonly span;
  model: ResolvedModel;
  attempts = 0;
  ttftMs: number | undefined;
  private settled = false;

  constructor(
    private readonly input: ModelCallInput,
    operation: "stream" | "generate",
  ) {
    if (isDraining()) throw new AppError("server_draining", undefined, { retryAfter: 5 });
    this.model = input.resolved;
    this.signal = AbortSignal.any([input.signal, this.controller.signal]);
    this.timer = setTimeout(() => this.controller.abort(new ModelTimeout("total")), timeoutsFor(input.context.route).totalMs);
    this.span = startModelSpan({ route: input.context.route, provider: input.resolved.provider, model: input.resolved.info.id, operation });
  }

  /** Ends the call from outside (server shutdown). */
  abort(reason: Error) {
    this.controller.abort(reason);
  }

  firstToken() {
    this.ttftMs = performance.now() - this.started;
    metrics.firstToken({ route: this.input.context.route, model: this.model.info.id, seconds: this.ttftMs / 1000 });
    this.span.firstToken();
  }

  /** Maps what a call threw to a safe AppError, knowing why Draftwise itself aborted it. */
  toAppError(error: unknown): AppError {
    const reason: unknown = this.controller.signal.reason;
    // By name: drain() runs in the instrumentation bundle's copy of lifecycle.ts, whose ShutdownError
    // class is not this bundle's (Next loads the module once per bundle), so instanceof fails there.
    if (reason instanceof Error && reason.name === new ShutdownError().name) {
      return new AppError("server_draining", undefined, { retryAfter: 5 });
    }
    return toModelAppError(error, reason);
  }

  /** Aborted by the client (not by a deadline or shutdown): not a failure. */
  clientLeft(): boolean {
    return this.input.signal.aborted && !this.controller.signal.aborted;
  }

  settle(outcome: { status: CallOutcome["status"]; text: string; usage?: { inputTokens?: number; outputTokens?: number }; errorCode?: string }) {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    const { usage } = outcome;
    const reported = usage?.inputTokens !== undefined && usage.outputTokens !== undefined;
    const nothing = outcome.status === "error" && !outcome.text;
    const full: CallOutcome = {
      status: outcome.status,
      model: this.model.info.id,
      text: outcome.text,
      inputTokens: reported ? usage.inputTokens! : nothing ? 0 : estimateTokens(inputChars(this.input)),
      outputTokens: reported ? usage.outputTokens! : estimateTokens(outcome.text.length),
      estimated: !reported,
      latencyMs: Math.round(performance.now() - this.started),
      ttftMs: this.ttftMs === undefined ? undefined : Math.round(this.ttftMs),
      attempts: this.attempts,
      errorCode: outcome.errorCode,
    };
    const { context } = this.input;
    const requested = this.input.resolved.info.id;
    logModelCall({
      ...context,
      provider: this.model.provider,
      model: full.model,
      ...(full.model !== requested ? { requestedModel: requested, fallbackFrom: requested } : {}),
      inputTokens: full.inputTokens,
      outputTokens: full.outputTokens,
      estimated: full.estimated,
      latencyMs: full.latencyMs,
      ttftMs: full.ttftMs,
      attempts: full.attempts,
      outcome: full.status,
      errorCode: full.errorCode,
    });
    metrics.modelCall({
      provider: this.model.provider,
      model: full.model,
      outcome: full.status,
      seconds: full.latencyMs / 1000,
      inputTokens: full.inputTokens,
      outputTokens: full.outputTokens,
    });
    this.span.end({ ...full, status: full.status });
    if (this.input.onSettled) {
      Promise.resolve(this.input.onSettled(full)).catch((error: unknown) => logger.error({ err: error }, "recording a model call failed"));
    }
  }
}

async function callOptions(input: ModelCallInput, signal: AbortSignal): Promise<LanguageModelV4CallOptions> {
  const { settings = {} } = input;
  return {
    prompt: toPrompt(input),
    temperature: settings.temperature,
    seed: settings.seed,
    maxOutputTokens: settings.maxOutputTokens,
    stopSequences: settings.stopSequences,
    ...(input.output ? { responseFormat: await input.output.responseFormat } : {}),
    abortSignal: signal,
  };
}

export type { StreamPart };

/** A model stream whose first token has arrived. Read it with `next()` until it returns undefined. */
export interface ModelStream {
  /** The model that is answering (a fallback's when the requested one failed). */
  model: ModelInfo;
  /** The next part of the answer; `error` parts carry failures after the first token. */
  next(): Promise<StreamPart | undefined>;
  /** Maps a mid-stream error to a message that is safe to show. */
  describeError(error: unknown): AppError;
}

/**
 * Starts a streaming model call and resolves once the first token has arrived, so that
 * failures before it can still be answered with a proper HTTP status (502/503/504).
 * Failures after it come out of `next()` as an `error` part.
 *
 * This reads the provider's stream (the AI SDK provider's `doStream`) directly, without
 * `streamText`: one read per part and no extra stream stages, which is what lets a
 * server carry hundreds of concurrent streams (bench/README.md).
 */
export async function streamModel(input: ModelCallInput): Promise<ModelStream> {
  const call = new CallRecord(input, "stream");
  const release = trackStream((reason) => call.abort(reason));
  metrics.streamOpened(input.context.route);
  const finish = () => {
    release();
    metrics.streamClosed(input.context.route);
  };
  let opened;
  try {
    opened = await openStream(chainCall(input), await callOptions(input, call.signal));
  } catch (error) {
    const appError = call.toAppError(error);
    call.settle({ status: call.clientLeft() ? "aborted" : "error", text: "", errorCode: appError.code });
    finish();
    throw appError;
  }
  call.model = opened.answeredBy;
  call.attempts = opened.attempts;
  call.firstToken();
  const { head, reader } = opened;
  let headIndex = 0;
  let text = "";
  let done = false;
  const end = (outcome: Parameters<CallRecord["settle"]>[0]) => {
    done = true;
    call.settle(outcome);
    finish();
  };
  const account = (part: StreamPart): StreamPart => {
    if (part.type === "text-delta") text += part.delta;
    else if (part.type === "finish") {
      end({ status: "ok", text, usage: { inputTokens: part.usage.inputTokens.total, outputTokens: part.usage.outputTokens.total } });
    } else if (part.type === "error") {
      end({ status: "error", text, errorCode: call.toAppError(part.error).code });
    }
    return part;
  };
  return {
    model: opened.answeredBy.info,
    describeError: (error) => call.toAppError(error),
    async next() {
      if (headIndex < head.length) return account(head[headIndex++]!);
      if (done) return undefined;
      try {
        const { done: ended, value } = await reader.read();
        if (!ended) return account(value);
        // The provider ended without a finish part: a cut-off answer.
        end({ status: "error", text, errorCode: "upstream_error" });
        return { type: "error", error: new AppError("upstream_error", "The model's answer broke off.") };
      } catch (error) {
        const status = call.clientLeft() ? "aborted" : "error";
        end({ status, text, errorCode: status === "error" ? call.toAppError(error).code : undefined });
        return { type: "error", error };
      }
    },
  };
}

/**
 * The chain (retries, breakers, fallbacks) as one AI SDK language model, for the AI SDK's own
 * `generateText` (non-streaming answers and structured output, with its telemetry).
 */
function resilientModel(input: ModelCallInput, call: CallRecord): LanguageModelV4 {
  const chain = chainCall(input);
  const primary = input.resolved.model as LanguageModelV4;
  return {
    specificationVersion: "v4",
    provider: primary.provider,
    modelId: primary.modelId,
    supportedUrls: {},
    async doGenerate(options) {
      const { result, answeredBy, attempts } = await generate(chain, options);
      call.model = answeredBy;
      call.attempts = attempts;
      return result;
    },
    async doStream(options) {
      const opened = await openStream(chain, options);
      call.model = opened.answeredBy;
      call.attempts = opened.attempts;
      return { stream: reassemble(opened) };
    },
  };
}

export interface ModelText {
  text: string;
  /** The parsed, schema-checked object when the call asked for JSON. */
  output?: unknown;
  model: ModelInfo;
  finishReason: string;
  usage: { inputTokens: number; outputTokens: number };
  responseId?: string;
}

/** A non-streaming model call with the same chain, deadlines, accounting and error mapping. */
export async function generateModelText(input: ModelCallInput): Promise<ModelText> {
  const call = new CallRecord(input, "generate");
  try {
    const { settings = {} } = input;
    const result = await generateText({
      model: resilientModel(input, call),
      instructions: input.instructions,
      messages: input.messages,
      temperature: settings.temperature,
      seed: settings.seed,
      maxOutputTokens: settings.maxOutputTokens,
      stopSequences: settings.stopSequences,
      maxRetries: 0,
      abortSignal: call.signal,
      ...(input.output ? { output: input.output } : {}),
      telemetry: telemetrySettings(input.context.route),
    });
    call.ttftMs = performance.now() - call.started;
    call.settle({ status: "ok", text: result.text, usage: result.usage });
    return {
      text: result.text,
      output: input.output ? result.output : undefined,
      model: call.model.info,
      finishReason: result.finishReason,
      usage: { inputTokens: result.usage.inputTokens ?? 0, outputTokens: result.usage.outputTokens ?? 0 },
      responseId: result.response.id,
    };
  } catch (error) {
    const appError = call.toAppError(error);
    call.settle({ status: call.clientLeft() ? "aborted" : "error", text: "", errorCode: appError.code });
    throw appError;
  }
}
