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
  /** Told once how the call ended (usage records, stored answers). Never throws into the call. */
  onSettled?: (outcome: CallOutcome) => void | Promise<void>;
}

export interface CallOutcome {
  status: "ok" | "error" | "aborted";
  /** The text produced, complete or up to where it stopped. */
  text: string;
  inputTokens: number;
  outputTokens: number;
  /** True when the provider sent no usage (a cut-off answer) and the counts are estimates. */
  estimated: boolean;
  latencyMs: number;
  errorCode?: string;
}

/** About four characters a token: the usual estimate when a provider reports nothing. */
const estimateTokens = (chars: number) => Math.ceil(chars / 4);

function inputChars(input: ModelCallInput<Output.Output>): number {
  const content = input.messages.map((m) => (typeof m.content === "string" ? m.content : JSON.stringify(m.content)));
  return (input.instructions?.length ?? 0) + content.join("").length;
}

/** Settles an outcome at most once: end, abort and error can all fire for one call. */
function settler(input: ModelCallInput<Output.Output>) {
  const started = Date.now();
  let done = false;
  return (outcome: Omit<CallOutcome, "latencyMs" | "inputTokens" | "outputTokens" | "estimated"> & {
    usage?: { inputTokens?: number; outputTokens?: number };
  }) => {
    if (done || !input.onSettled) return;
    done = true;
    const reported = outcome.usage?.inputTokens !== undefined && outcome.usage.outputTokens !== undefined;
    const { usage, ...rest } = outcome;
    Promise.resolve(
      input.onSettled({
        ...rest,
        inputTokens: reported ? usage!.inputTokens! : outcome.status === "error" && !outcome.text ? 0 : estimateTokens(inputChars(input)),
        outputTokens: reported ? usage!.outputTokens! : estimateTokens(outcome.text.length),
        estimated: !reported,
        latencyMs: Date.now() - started,
      }),
    ).catch((error: unknown) => console.error("Recording a model call failed:", error));
  };
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

  timedOut(): boolean {
    return this.controller.signal.aborted;
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
  const settle = settler(input);
  let text = "";
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
    onChunk: ({ chunk }) => {
      if (chunk.type === "text-delta") text += chunk.text;
    },
    // Errors are reported through the stream (and `ready`); don't let the SDK print them.
    onError: ({ error }) => settle({ status: "error", text, errorCode: guard.toAppError(error).code }),
    onEnd: (event) => {
      guard.dispose();
      settle({ status: "ok", text: event.text || text, usage: event.totalUsage });
    },
    onAbort: () => {
      guard.dispose();
      // A deadline is a failure; the client going away is not.
      const timedOut = guard.timedOut();
      settle({ status: timedOut ? "error" : "aborted", text, errorCode: timedOut ? "upstream_timeout" : undefined });
    },
  }) as unknown as StreamTextResult<ToolSet, never, OUTPUT>;
  try {
    await ready.promise;
  } catch (error) {
    guard.dispose();
    const appError = guard.toAppError(error);
    settle({ status: input.signal.aborted ? "aborted" : "error", text: "", errorCode: appError.code });
    throw appError;
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
  const settle = settler(input);
  try {
    const model = wrapLanguageModel({
      model: input.resolved.model as Parameters<typeof wrapLanguageModel>[0]["model"],
      middleware: firstTokenRetry(retryPolicy, { onFirstToken: () => guard.firstToken(), onFailure: () => {} }),
    });
    const result = await generateText({ ...callSettings(input), model, abortSignal: guard.signal });
    settle({ status: "ok", text: result.text, usage: result.usage });
    return {
      text: result.text,
      finishReason: result.finishReason,
      usage: { inputTokens: result.usage.inputTokens ?? 0, outputTokens: result.usage.outputTokens ?? 0 },
      responseId: result.response.id,
    };
  } catch (error) {
    const appError = guard.toAppError(error);
    settle({ status: input.signal.aborted ? "aborted" : "error", text: "", errorCode: appError.code });
    throw appError;
  } finally {
    guard.dispose();
  }
}
