import { expect } from "vitest";
import type { CreateApiKeyInput, CreatedApiKeyJson } from "@/lib/contracts/api-keys";
import { appUrl } from "./helpers";
import { guestSession, type Session } from "./session";

/** Creates an API key through POST /api/keys as the session's user. */
export async function createKey(session: Session, input: Partial<CreateApiKeyInput> = {}): Promise<CreatedApiKeyJson> {
  const res = await session.json("/api/keys", { name: "test key", ...input });
  if (res.status !== 201) throw new Error(`creating an API key failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { key: CreatedApiKeyJson }).key;
}

/** A new guest on `base` and one API key of theirs: what most developer-API tests start from. */
export async function keyOwner(base: string = appUrl(), input: Partial<CreateApiKeyInput> = {}) {
  const session = await guestSession(base);
  const created = await createKey(session, input);
  return { session, key: created.key, created };
}

export interface V1Init {
  /** Sent as `Authorization: Bearer`; omit for an anonymous call. */
  key?: string;
  base?: string;
  method?: string;
  /** JSON-encoded with Content-Type: application/json (POST unless `method` says otherwise). */
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** One call to the developer API, the way a developer's code makes it: a key, never a cookie. */
export function v1(path: string, init: V1Init = {}): Promise<Response> {
  const { key, base = appUrl(), body, headers = {}, signal } = init;
  const method = init.method ?? (body === undefined ? "GET" : "POST");
  return fetch(`${base}${path}`, {
    method,
    headers: {
      ...(key ? { Authorization: `Bearer ${key}` } : {}),
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
}

export interface SseBlock {
  event?: string;
  data: string;
}

/** Splits a Server-Sent Events body into its events, keeping the raw `data:` text ([DONE] included). */
export function sseBlocks(text: string): SseBlock[] {
  return text
    .split("\n\n")
    .filter((block) => block.trim() !== "")
    .map((block) => {
      const lines = block.split("\n");
      const event = lines.find((l) => l.startsWith("event: "))?.slice(7);
      const data = lines
        .filter((l) => l.startsWith("data: "))
        .map((l) => l.slice(6))
        .join("\n");
      return event === undefined ? { data } : { event, data };
    });
}

/** The JSON lines of an application/x-ndjson body. */
export function ndjsonLines(text: string): Array<Record<string, unknown>> {
  expect(text.endsWith("\n")).toBe(true);
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

export interface V1StreamEvent {
  content: string;
  finish_reason: string | null;
  id?: string;
  model?: string;
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

/**
 * Checks a complete Draftwise event stream (SSE or JSON lines, already parsed): deltas with
 * `finish_reason: null`, then one last event with the finish reason, the id, model and usage.
 * Returns the streamed text.
 */
export function expectCompleteEvents(events: V1StreamEvent[], model = "fake-model"): string {
  expect(events.length).toBeGreaterThan(1);
  const last = events.at(-1)!;
  const deltas = events.slice(0, -1);
  for (const delta of deltas) {
    expect(delta).toEqual({ content: expect.any(String), finish_reason: null });
    expect(delta.content.length).toBeGreaterThan(0);
  }
  expect(last).toMatchObject({ content: "", finish_reason: "stop", id: expect.any(String), model });
  expect(last.usage!.completion_tokens).toBeGreaterThan(0);
  expect(last.usage!.total_tokens).toBe(last.usage!.prompt_tokens + last.usage!.completion_tokens);
  return deltas.map((d) => d.content).join("");
}

/**
 * Like helpers' `expectError`, for routes whose messages may tell the caller how to send a key
 * ("Authorization: Bearer <key>"): no stack trace, upstream address or secret (an upstream
 * `sk-` key or a whole Draftwise key) in the body.
 */
export async function expectApiError(res: Response, status: number, code: string, param?: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/application\/json/);
  const body = (await res.json()) as { error: { code: string; message: string; param?: string } };
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(5);
  if (param !== undefined) expect(body.error.param).toBe(param);
  expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|localhost|\bat .+\(|sk-|dw_[0-9A-Za-z]{40}/);
  return body.error;
}

export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
