import "server-only";
import { APICallError } from "ai";

export interface RetryPolicy {
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** A dropped or refused connection, anywhere in the cause chain (undici wraps them in layers). */
export function isConnectionFailure(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; depth++) {
    if (e instanceof TypeError || /socket|terminated|fetch failed|ECONN|EPIPE|other side closed/i.test(e.message)) {
      return true;
    }
    e = e.cause;
  }
  return false;
}

/** Connection errors, 408, 409, 429 and 5xx are worth another try; anything else is final. */
export function isRetryableError(error: unknown): boolean {
  if (error instanceof Error && error.name === "AbortError") return false;
  if (APICallError.isInstance(error)) {
    const status = error.statusCode;
    // No status, or a 2xx whose body broke off: the connection failed, not the request.
    if (status === undefined || status < 300) return true;
    return status === 408 || status === 409 || status === 429 || status >= 500;
  }
  return isConnectionFailure(error);
}

/** The delay the provider asked for, in ms, from `retry-after-ms` or `retry-after` (seconds or HTTP date). */
export function retryAfterMs(error: unknown, now = Date.now()): number | undefined {
  if (!APICallError.isInstance(error) || !error.responseHeaders) return undefined;
  const headers = Object.fromEntries(Object.entries(error.responseHeaders).map(([k, v]) => [k.toLowerCase(), v]));
  const ms = Number(headers["retry-after-ms"]);
  if (headers["retry-after-ms"] !== undefined && Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers["retry-after"];
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Exponential backoff with full jitter; a provider's Retry-After wins when it is longer.
 * Returns undefined when the provider asks us to wait longer than the policy allows.
 */
export function retryDelayMs(
  attempt: number,
  error: unknown,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number | undefined {
  const backoff = random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  const asked = retryAfterMs(error);
  if (asked !== undefined && asked > policy.maxDelayMs) return undefined;
  return Math.max(backoff, asked ?? 0);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
