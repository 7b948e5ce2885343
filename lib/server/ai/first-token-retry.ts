import "server-only";
import type { LanguageModelMiddleware } from "ai";
import { isRetryableError, retryDelayMs, sleep, type RetryPolicy } from "./retry";

export interface FirstTokenHooks {
  /** Called once, when the first token (or an empty but finished answer) has arrived. */
  onFirstToken(): void;
  /** Called when the call fails for good before any token: the route can still answer with a status. */
  onFailure(error: unknown): void;
  onRetry?(attempt: number, delayMs: number, error: unknown): void;
}

type StreamResult = Awaited<ReturnType<Parameters<NonNullable<LanguageModelMiddleware["wrapStream"]>>[0]["doStream"]>>;
type StreamPart = StreamResult["stream"] extends ReadableStream<infer P> ? P : never;

// Parts that carry something the client will see, or that end the answer.
const firstTokenParts = new Set(["text-delta", "reasoning-delta", "tool-input-start", "tool-call", "finish"]);

/** Waits before the next attempt, or rethrows when the error is final. */
async function backOffOrThrow(
  attempt: number,
  error: unknown,
  policy: RetryPolicy,
  hooks: FirstTokenHooks,
  signal: AbortSignal | undefined,
): Promise<void> {
  const delay =
    attempt < policy.maxRetries && !signal?.aborted && isRetryableError(error)
      ? retryDelayMs(attempt, error, policy)
      : undefined;
  if (delay === undefined) {
    hooks.onFailure(error);
    throw error;
  }
  hooks.onRetry?.(attempt + 1, delay, error);
  try {
    await sleep(delay, signal);
  } catch (abortReason) {
    hooks.onFailure(abortReason);
    throw abortReason;
  }
}

/**
 * Retries the model call on retryable failures, but only until the first token arrives:
 * once a token may have reached the client, a retry would duplicate or contradict it.
 * The AI SDK's own retries are switched off (maxRetries: 0) so attempts don't multiply.
 */
export function firstTokenRetry(policy: RetryPolicy, hooks: FirstTokenHooks): LanguageModelMiddleware {
  return {
    specificationVersion: "v4",
    async wrapStream({ doStream, params }) {
      for (let attempt = 0; ; attempt++) {
        try {
          const result = await doStream();
          const reader = result.stream.getReader();
          const head: StreamPart[] = [];
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            if (value.type === "error") throw value.error;
            head.push(value);
            if (firstTokenParts.has(value.type)) break;
          }
          hooks.onFirstToken();
          const stream = new ReadableStream<StreamPart>({
            start(controller) {
              for (const part of head) controller.enqueue(part);
            },
            async pull(controller) {
              try {
                const { done, value } = await reader.read();
                if (done) controller.close();
                else controller.enqueue(value);
              } catch (error) {
                // A provider stream that breaks mid-answer becomes an error part, which the
                // routes turn into an error event rather than a silently truncated answer.
                controller.enqueue({ type: "error", error });
                controller.close();
              }
            },
            cancel(reason) {
              return reader.cancel(reason);
            },
          });
          return { ...result, stream };
        } catch (error) {
          await backOffOrThrow(attempt, error, policy, hooks, params.abortSignal);
        }
      }
    },
    async wrapGenerate({ doGenerate, params }) {
      for (let attempt = 0; ; attempt++) {
        try {
          const result = await doGenerate();
          hooks.onFirstToken();
          return result;
        } catch (error) {
          await backOffOrThrow(attempt, error, policy, hooks, params.abortSignal);
        }
      }
    },
  };
}
