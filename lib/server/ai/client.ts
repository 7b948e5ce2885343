import "server-only";
import {
  generateText,
  streamText,
  wrapLanguageModel,
  type ModelMessage,
  type Output,
  type StreamTextResult,
  type ToolSet,
} from "ai";
import type { ResolvedModel } from "./providers";
import { env } from "@/lib/server/env";
import { firstTokenRetry } from "./first-token-retry";
import { ModelTimeout, toModelAppError } from "./errors";
import { AppError } from "@/lib/errors";

export interface ModelSettings {
  temperature?: number;
  maxOutputTokens?: number;
  stopSequences?: string[];
}

export interface ModelCallInput<OUTPUT extends Output.Output = Output.Output<string, string, never>> {
  resolved: ResolvedModel;
  instructions?: string;
  messages: ModelMessage[];
  settings?: ModelSettings;
  output?: OUTPUT;
  /** The client's request signal: a disconnect aborts the upstream call. */
  signal: AbortSignal;
}

const retryPolicy = {
  maxRetries: env.MODEL_MAX_RETRIES,
  baseDelayMs: env.MODEL_RETRY_BASE_MS,
  maxDelayMs: env.MODEL_RETRY_MAX_DELAY_MS,
};

/** Owns the abort controller and the two deadlines of one model call. */
class CallGuard {
  private readonly controller = new AbortController();
  private readonly firstTokenTimer: NodeJS.Timeout;
  private readonly totalTimer: NodeJS.Timeout;
  readonly signal: AbortSignal;

  constructor(clientSignal: AbortSignal) {
    this.signal = AbortSignal.any([clientSignal, this.controller.signal]);
    this.firstTokenTimer = setTimeout(
      () => this.controller.abort(new ModelTimeout("first-token")),
      env.MODEL_FIRST_TOKEN_TIMEOUT_MS,
    );
    this.totalTimer = setTimeout(() => this.controller.abort(new ModelTimeout("total")), env.MODEL_TIMEOUT_MS);
  }

  firstToken() {
    clearTimeout(this.firstTokenTimer);
  }

  dispose() {
    clearTimeout(this.firstTokenTimer);
    clearTimeout(this.totalTimer);
  }

  toAppError(error: unknown): AppError {
    return toModelAppError(error, this.controller.signal.reason);
  }
}

function callSettings(input: ModelCallInput<Output.Output>) {
  const { settings = {} } = input;
  return {
    instructions: input.instructions,
    messages: input.messages,
    temperature: settings.temperature,
    maxOutputTokens: settings.maxOutputTokens,
    stopSequences: settings.stopSequences,
    maxRetries: 0,
  };
}

export interface ModelStream<OUTPUT extends Output.Output> {
  result: StreamTextResult<ToolSet, never, OUTPUT>;
  /** Maps a mid-stream error to a message that is safe to show. */
  describeError(error: unknown): AppError;
}

/**
 * Starts a streaming model call and resolves once the first token has arrived, so that
 * failures before it can still be answered with a proper HTTP status (502/503/504).
 * Failures after it reach the client as an error event in the stream.
 */
export async function streamModel<OUTPUT extends Output.Output = Output.Output<string, string, never>>(
  input: ModelCallInput<OUTPUT>,
): Promise<ModelStream<OUTPUT>> {
  const guard = new CallGuard(input.signal);
  const ready = Promise.withResolvers<void>();
  const model = wrapLanguageModel({
    model: input.resolved.model as Parameters<typeof wrapLanguageModel>[0]["model"],
    middleware: firstTokenRetry(retryPolicy, {
      onFirstToken: () => {
        guard.firstToken();
        ready.resolve();
      },
      onFailure: (error) => ready.reject(error),
    }),
  });
  const result = streamText({
    ...callSettings(input),
    model,
    output: input.output,
    abortSignal: guard.signal,
    // Errors are reported through the stream (and `ready`); don't let the SDK print them.
    onError: () => {},
    onEnd: () => guard.dispose(),
    onAbort: () => guard.dispose(),
  }) as unknown as StreamTextResult<ToolSet, never, OUTPUT>;
  try {
    await ready.promise;
  } catch (error) {
    guard.dispose();
    throw guard.toAppError(error);
  }
  return { result, describeError: (error) => guard.toAppError(error) };
}

export interface ModelText {
  text: string;
  finishReason: string;
  usage: { inputTokens: number; outputTokens: number };
  responseId?: string;
}

/** A non-streaming model call with the same retries, deadlines and error mapping. */
export async function generateModelText(input: ModelCallInput): Promise<ModelText> {
  const guard = new CallGuard(input.signal);
  try {
    const model = wrapLanguageModel({
      model: input.resolved.model as Parameters<typeof wrapLanguageModel>[0]["model"],
      middleware: firstTokenRetry(retryPolicy, { onFirstToken: () => guard.firstToken(), onFailure: () => {} }),
    });
    const result = await generateText({ ...callSettings(input), model, abortSignal: guard.signal });
    return {
      text: result.text,
      finishReason: result.finishReason,
      usage: { inputTokens: result.usage.inputTokens ?? 0, outputTokens: result.usage.outputTokens ?? 0 },
      responseId: result.response.id,
    };
  } catch (error) {
    throw guard.toAppError(error);
  } finally {
    guard.dispose();
  }
}
