import { isErrorBody } from "@/lib/errors";
import { networkError, type ApiError } from "./error";

export type JsonResult<T> =
  | { ok: true; status: number; data: T }
  /** `body` is the parsed error body: some errors carry context, like `current` on a 409. */
  | { ok: false; status: number; error: ApiError; body: unknown };

interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown;
  signal?: AbortSignal;
}

/**
 * One JSON call to a Draftwise route. Failures come back as values, with the server's
 * safe-to-show message, so every page can show them the same way. An aborted call also
 * resolves (as a network error): callers check their signal before using the result.
 */
export async function requestJson<T>(path: string, { method, body, signal }: RequestOptions = {}): Promise<JsonResult<T>> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: method ?? (body === undefined ? "GET" : "POST"),
      headers: body === undefined ? undefined : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
      signal,
    });
  } catch {
    return { ok: false, status: 0, error: networkError, body: undefined };
  }
  const text = await response.text().catch(() => "");
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (response.ok) return { ok: true, status: response.status, data: parsed as T };
  const error: ApiError = isErrorBody(parsed)
    ? { code: parsed.error.code, message: parsed.error.message, ...(parsed.error.param ? { param: parsed.error.param } : {}) }
    : { code: "unexpected_response", message: `The request failed (HTTP ${response.status}). Please try again.` };
  return { ok: false, status: response.status, error, body: parsed };
}
