import "server-only";
import { APICallError, NoObjectGeneratedError, TypeValidationError } from "ai";
import { AppError } from "@/lib/errors";
import { isConnectionFailure, retryAfterMs } from "./retry";

/** Why Draftwise itself aborted a model call. */
export class ModelTimeout extends Error {
  constructor(readonly phase: "first-token" | "total") {
    super(phase === "first-token" ? "No first token in time" : "The answer took too long");
    this.name = "ModelTimeout";
  }
}

function findTimeout(error: unknown): ModelTimeout | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    if (e instanceof ModelTimeout) return e;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Maps anything a model call can throw to an AppError whose message is safe to show:
 * never an upstream URL, a key, a stack trace or the provider's raw body.
 */
export function toModelAppError(error: unknown, abortReason?: unknown): AppError {
  if (AppError.is(error)) return error;
  if (findTimeout(abortReason) ?? findTimeout(error)) return new AppError("upstream_timeout", undefined, { cause: error });
  if (NoObjectGeneratedError.isInstance(error) || TypeValidationError.isInstance(error)) {
    return new AppError("upstream_error", "The model's answer did not match the expected format. Please try again.", {
      cause: error,
    });
  }
  if (APICallError.isInstance(error)) {
    const status = error.statusCode;
    const asked = retryAfterMs(error);
    const retryAfter = asked === undefined ? undefined : Math.max(1, Math.ceil(asked / 1000));
    if (status === undefined || status < 300) {
      return new AppError("upstream_unavailable", "Could not reach the model provider. Please try again shortly.", {
        cause: error,
      });
    }
    if (status === 429) return new AppError("upstream_rate_limited", undefined, { retryAfter: retryAfter ?? 5, cause: error });
    if (status === 503) return new AppError("upstream_unavailable", undefined, { retryAfter, cause: error });
    if (status === 401 || status === 403) {
      return new AppError("upstream_error", "The model provider rejected the configured credentials.", { cause: error });
    }
    if (status === 404) {
      return new AppError("upstream_error", "The model provider does not offer the selected model.", { cause: error });
    }
    if (status === 408 || status === 504) return new AppError("upstream_timeout", undefined, { cause: error });
    if (status < 500) {
      return new AppError("upstream_error", "The model provider rejected the request.", { cause: error });
    }
    return new AppError("upstream_error", undefined, { cause: error });
  }
  if (isConnectionFailure(error)) {
    return new AppError("upstream_unavailable", "The connection to the model provider failed. Please try again.", {
      cause: error,
    });
  }
  return new AppError("internal_error", undefined, { cause: error });
}
