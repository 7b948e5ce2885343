import { isErrorBody, type ErrorCode } from "@/lib/errors";

/** Failures that happen in the browser, before or after the server could answer. */
type ClientErrorCode = "network_error" | "stream_interrupted" | "unexpected_response" | "nothing_to_send";

export interface ApiError {
  code: ErrorCode | ClientErrorCode;
  message: string;
  param?: string;
  /** Seconds until a retry makes sense (the model is paused after repeated failures, a rate limit). */
  retryAfter?: number;
  /** When that is (epoch ms, from when the answer arrived): a countdown shown again later stays right. */
  retryAt?: number;
}

export const networkError: ApiError = {
  code: "network_error",
  message: "Could not reach Draftwise. Check your connection and try again.",
};

export const interruptedError: ApiError = {
  code: "stream_interrupted",
  message: "The answer was interrupted before it finished. Please try again.",
};

function fromJsonText(text: string): ApiError | undefined {
  try {
    const body: unknown = JSON.parse(text);
    if (isErrorBody(body)) {
      const { code, message, param, retry_after: retryAfter } = body.error;
      return {
        code,
        message,
        ...(param ? { param } : {}),
        ...(typeof retryAfter === "number" ? { retryAfter, retryAt: Date.now() + retryAfter * 1_000 } : {}),
      };
    }
  } catch {
    // Not JSON: the caller falls back to a generic message.
  }
  return undefined;
}

/** The `{ error: { code, message } }` body of a failed Draftwise response. */
export async function readApiError(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => "");
  return (
    fromJsonText(text) ?? {
      code: "unexpected_response",
      message: `The request failed (HTTP ${response.status}). Please try again.`,
    }
  );
}

/**
 * The AI SDK hooks throw errors whose message is the failed response's body (JSON), or,
 * for a failure mid-stream, the server's already safe-to-show message.
 */
export function toApiError(error: unknown): ApiError {
  if (!(error instanceof Error)) return { code: "unexpected_response", message: "Something went wrong. Please try again." };
  const parsed = fromJsonText(error.message);
  if (parsed) return parsed;
  // fetch() failing, or a response body cut off: the browser only says "network error".
  if (error instanceof TypeError) return interruptedError;
  return { code: "unexpected_response", message: error.message || "Something went wrong. Please try again." };
}

export function isModelNotConfigured(error: ApiError | null | undefined): boolean {
  return error?.code === "model_not_configured";
}
