import "server-only";
import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamPart,
} from "@ai-sdk/provider";
import { APICallError } from "ai";
import { AppError } from "@/lib/errors";
import { breakerFor, type CircuitBreaker } from "./breaker";
import { ModelTimeout } from "./errors";
import type { ResolvedModel } from "./providers";
import { isConnectionFailure, isRetryableError, retryDelayMs, sleep, type RetryPolicy } from "./retry";

export type StreamPart = LanguageModelV4StreamPart;

interface ChainEvents {
  onRetry?(x: { resolved: ResolvedModel; attempt: number; delayMs: number; error: unknown }): void;
  onFallback?(x: { from: ResolvedModel; to: ResolvedModel; error: unknown }): void;
}

export interface ChainCall {
  /** The requested model first, then its fallbacks. */
  chain: ResolvedModel[];
  policy: RetryPolicy;
  /** Per attempt: no first token in this time aborts the attempt (then the next model is tried); undefined: no such deadline. */
  firstTokenMs: number | undefined;
  events?: ChainEvents;
}

/** A stream whose first token has arrived: `head` holds the parts read so far, `reader` the rest. */
interface OpenedStream {
  answeredBy: ResolvedModel;
  attempts: number;
  head: StreamPart[];
  reader: ReadableStreamDefaultReader<StreamPart>;
}

// Parts that carry something the client will see, or that end the answer.
const firstTokenParts = new Set(["text-delta", "reasoning-delta", "tool-input-start", "tool-call", "finish"]);

/** Failures that say the provider or model is unwell (not the request, not the caller): they trip breakers. */
function isProviderFailure(error: unknown): boolean {
  if (error instanceof ModelTimeout) return true;
  if (APICallError.isInstance(error)) return error.statusCode === undefined || error.statusCode < 300 || error.statusCode >= 500;
  return isConnectionFailure(error);
}

/** The breaker is open: the message says when the model is tried again (the studio shows it as it is). */
const breakerOpen = (retryAfter: number) =>
  new AppError("model_unavailable", `The model is failing, retrying in ${retryAfter} s. Please try again then.`, { retryAfter });

/** Worth trying the next model of the chain: anything the provider may do better with another model. */
function worthFallingBack(error: unknown): boolean {
  return error instanceof ModelTimeout || (AppError.is(error) && error.code === "model_unavailable") || isRetryableError(error);
}

function asV4(resolved: ResolvedModel): LanguageModelV4 {
  return resolved.model as LanguageModelV4;
}

interface Attempt {
  signal: AbortSignal;
  /** The reason this attempt was aborted by its own deadline, if it was. */
  timedOut(): ModelTimeout | undefined;
  clear(): void;
}

function attemptDeadline(callSignal: AbortSignal | undefined, ms: number | undefined): Attempt {
  if (ms === undefined) return { signal: callSignal ?? new AbortController().signal, timedOut: () => undefined, clear: () => {} };
  const own = new AbortController();
  const timer = setTimeout(() => own.abort(new ModelTimeout("first-token")), ms);
  return {
    signal: callSignal ? AbortSignal.any([callSignal, own.signal]) : own.signal,
    timedOut: () => (own.signal.aborted ? (own.signal.reason as ModelTimeout) : undefined),
    clear: () => clearTimeout(timer),
  };
}

/**
 * The one retry loop: every model call goes through here. For each model of the chain (the
 * requested one, then its fallbacks) while its breaker lets calls through: attempts with
 * exponential backoff and full jitter on retryable failures, until one succeeds. Success means
 * the first token arrived (streams) or the answer did (generate); after that nothing is retried,
 * because the client may already have seen part of the answer.
 */
async function runChain<T>(
  call: ChainCall,
  callSignal: AbortSignal | undefined,
  deadlineMs: number | undefined,
  attemptOnce: (resolved: ResolvedModel, signal: AbortSignal) => Promise<T>,
): Promise<{ value: T; answeredBy: ResolvedModel; attempts: number }> {
  let lastError: unknown;
  let attempts = 0;
  let breakerWait: number | undefined;
  for (const [index, resolved] of call.chain.entries()) {
    const breaker: CircuitBreaker = breakerFor(resolved.provider, resolved.info.id);
    // One request is one verdict on the model, however many attempts it takes: retries would
    // otherwise let two failing requests open the breaker for every user of the model.
    if (!breaker.tryAcquire()) {
      breakerWait = Math.min(breakerWait ?? Infinity, breaker.retryAfterSeconds());
      lastError ??= breakerOpen(breaker.retryAfterSeconds());
    } else {
      let providerFailed = false;
      const judge = () => (providerFailed ? breaker.failure() : breaker.release());
      for (let attempt = 0; ; attempt++) {
        attempts++;
        const deadline = attemptDeadline(callSignal, deadlineMs);
        try {
          const value = await attemptOnce(resolved, deadline.signal);
          deadline.clear();
          breaker.success();
          return { value, answeredBy: resolved, attempts };
        } catch (thrown) {
          deadline.clear();
          if (callSignal?.aborted) {
            judge();
            throw thrown;
          }
          const error = deadline.timedOut() ?? thrown;
          providerFailed ||= isProviderFailure(error);
          lastError = error;
          // Other requests' failures may have opened the breaker meanwhile: stop retrying then.
          if (!isRetryableError(error) || attempt >= call.policy.maxRetries || breaker.state === "open") break;
          const delay = retryDelayMs(attempt, error, call.policy);
          if (delay === undefined) break;
          call.events?.onRetry?.({ resolved, attempt: attempt + 1, delayMs: delay, error });
          breaker.retrying();
          try {
            await sleep(delay, callSignal);
          } catch (aborted) {
            judge();
            throw aborted;
          }
        }
      }
      judge();
    }
    const next = call.chain[index + 1];
    if (!next || !worthFallingBack(lastError)) break;
    call.events?.onFallback?.({ from: resolved, to: next, error: lastError });
  }
  if (AppError.is(lastError) && lastError.code === "model_unavailable" && breakerWait !== undefined) {
    throw breakerOpen(Math.max(1, breakerWait));
  }
  throw lastError;
}

/** Starts a streaming call through the chain and resolves once its first token has arrived. */
export async function openStream(call: ChainCall, options: LanguageModelV4CallOptions): Promise<OpenedStream> {
  const { value, answeredBy, attempts } = await runChain(call, options.abortSignal, call.firstTokenMs, async (resolved, signal) => {
    const result = await asV4(resolved).doStream({ ...options, abortSignal: signal });
    const reader = result.stream.getReader();
    const head: StreamPart[] = [];
    try {
      for (;;) {
        const { done, value: part } = await reader.read();
        if (done) break;
        if (part.type === "error") throw part.error;
        head.push(part);
        if (firstTokenParts.has(part.type)) break;
      }
    } catch (error) {
      void reader.cancel().catch(() => {});
      throw error;
    }
    return { head, reader };
  });
  return { answeredBy, attempts, ...value };
}

/** A non-streaming call through the chain (bounded by the caller's total deadline only). */
export async function generate(
  call: ChainCall,
  options: LanguageModelV4CallOptions,
): Promise<{ result: LanguageModelV4GenerateResult; answeredBy: ResolvedModel; attempts: number }> {
  const { value, answeredBy, attempts } = await runChain(call, options.abortSignal, undefined, (resolved, signal) =>
    Promise.resolve(asV4(resolved).doGenerate({ ...options, abortSignal: signal })),
  );
  return { result: value, answeredBy, attempts };
}

/** The opened stream as one ReadableStream again (for the AI SDK's own functions). */
export function reassemble(opened: OpenedStream): ReadableStream<StreamPart> {
  const { head, reader } = opened;
  return new ReadableStream<StreamPart>({
    start(controller) {
      for (const part of head) controller.enqueue(part);
    },
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        controller.enqueue({ type: "error", error });
        controller.close();
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });
}
