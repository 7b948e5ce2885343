/**
 * The one error type of Draftwise. Every route answers failures as
 * `{ error: { code, message, param? } }` with the status that belongs to the code.
 * Isomorphic: the UI reads the same codes.
 */
export const errorStatus = {
  invalid_request: 400,
  invalid_json: 400,
  context_length_exceeded: 400,
  model_not_found: 400,
  unauthorized: 401,
  invalid_credentials: 401,
  invalid_api_key: 401,
  expired_api_key: 401,
  document_limit_reached: 403,
  cross_origin_request: 403,
  limit_reached: 403,
  admin_only: 403,
  not_found: 404,
  method_not_allowed: 405,
  version_conflict: 409,
  email_taken: 409,
  not_a_finished_draft: 409,
  request_in_progress: 409,
  model_already_configured: 409,
  payload_too_large: 413,
  document_too_large: 413,
  storage_quota_exceeded: 413,
  unsupported_media_type: 415,
  unprocessable_request: 422,
  content_storage_disabled: 422,
  webhook_secret_required: 422,
  rate_limited: 429,
  insufficient_quota: 429,
  internal_error: 500,
  upstream_error: 502,
  model_not_configured: 503,
  limits_unavailable: 503,
  upstream_unavailable: 503,
  upstream_rate_limited: 503,
  model_unavailable: 503,
  model_busy: 503,
  local_model_invalid: 503,
  server_draining: 503,
  upstream_timeout: 504,
} as const;

export type ErrorCode = keyof typeof errorStatus;

const defaultMessages: Record<ErrorCode, string> = {
  invalid_request: "The request is not valid.",
  invalid_json: "The request body is not valid JSON.",
  context_length_exceeded: "The input is too long for the selected model.",
  model_not_found: "The requested model is not available.",
  unauthorized: "Sign in to continue.",
  invalid_credentials: "The email or password is not correct.",
  invalid_api_key: "The API key is not valid: it is malformed, unknown or revoked.",
  expired_api_key: "The API key has expired. Create a new one in Settings → API keys.",
  document_limit_reached: "You have reached the maximum number of documents.",
  cross_origin_request: "This request came from another site and is refused. Call the API with an API key instead of a session cookie.",
  limit_reached: "You have reached the maximum number of these for your account.",
  admin_only: "Only this server's administrators can do this.",
  not_found: "Not found.",
  method_not_allowed: "This method is not allowed on this route.",
  version_conflict: "The document changed since this edit was based on it.",
  email_taken: "An account with this email already exists.",
  not_a_finished_draft: "Only a draft job that has succeeded opens as a document.",
  request_in_progress: "A request with this Idempotency-Key is still being processed. Retry in a moment.",
  model_already_configured: "A language model is already configured: there is no model to download.",
  payload_too_large: "The request body is too large.",
  document_too_large: "The document is too large.",
  storage_quota_exceeded: "Storage full: delete documents you no longer need (empty the trash too) to make room.",
  unsupported_media_type: "Send the request body as application/json.",
  unprocessable_request: "The request is well-formed but cannot be carried out.",
  content_storage_disabled: "This account does not store the text it sends, and this needs it stored.",
  webhook_secret_required: "Create a webhook secret first (POST /api/v1/webhooks/secret): every delivery is signed with it.",
  rate_limited: "Too many attempts. Please wait and try again.",
  insufficient_quota: "The token budget of this API key is used up for now.",
  internal_error: "Something went wrong on our side. Please try again.",
  upstream_error: "The model provider returned an error. Please try again.",
  model_not_configured: "No language model is configured.",
  limits_unavailable: "Rate limits can't be checked right now. Please try again shortly.",
  upstream_unavailable: "The model provider is unavailable right now. Please try again shortly.",
  upstream_rate_limited: "The model provider is busy right now. Please try again shortly.",
  model_unavailable: "The model is failing right now, so requests to it are paused briefly. Please try again shortly.",
  model_busy: "The local model is busy with other requests. Please try again shortly.",
  local_model_invalid: "The local model file can't be used. Replace it with a valid GGUF model.",
  server_draining: "This server is restarting and takes no new answers. Please try again in a moment.",
  upstream_timeout: "The model provider took too long to answer. Please try again.",
};

interface ErrorBody {
  error: { code: ErrorCode; message: string; param?: string; retry_after?: number };
  /** Context that helps the client recover, such as the current document on a 409. */
  [extra: string]: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly param?: string;
  /** Seconds after which a retry makes sense (sent as Retry-After). */
  readonly retryAfter?: number;
  /** Sent beside `error` in the body. */
  readonly extra?: Record<string, unknown>;
  /** Response headers that explain the error (rate-limit state on a 429). */
  readonly headers?: Record<string, string>;

  constructor(
    code: ErrorCode,
    message?: string,
    options: {
      param?: string;
      retryAfter?: number;
      cause?: unknown;
      extra?: Record<string, unknown>;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(message ?? defaultMessages[code], { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.param = options.param;
    this.retryAfter = options.retryAfter;
    this.extra = options.extra;
    this.headers = options.headers;
  }

  get status(): number {
    return errorStatus[this.code];
  }

  toJSON(): ErrorBody {
    return {
      ...this.extra,
      // `retry_after` repeats Retry-After where clients can't read headers (a failed stream's body).
      error: {
        code: this.code,
        message: this.message,
        ...(this.param ? { param: this.param } : {}),
        ...(this.retryAfter !== undefined ? { retry_after: this.retryAfter } : {}),
      },
    };
  }

  static is(value: unknown): value is AppError {
    return value instanceof AppError;
  }
}

/** Reads an error body from any Draftwise response (client side). */
export function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== "object" || value === null || !("error" in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === "object" && error !== null && "code" in error && "message" in error;
}
