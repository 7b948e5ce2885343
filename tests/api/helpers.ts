import { expect, inject } from "vitest";
import type { RequestRecord } from "../fixtures/fake-upstream/server";

export const appUrl = () => inject("appUrl");

/** The shared guest session of an app instance (made in global setup). */
export const sessionCookie = (base: string = appUrl()) => inject("sessionCookies")[base] ?? "";

/** POSTs JSON as the instance's guest user; `anonymous: true` sends no cookie. */
export function postJson(path: string, body: unknown, init: RequestInit & { base?: string; anonymous?: boolean } = {}) {
  const { base = appUrl(), headers, anonymous = false, ...rest } = init;
  return fetch(`${base}${path}`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      ...(anonymous ? {} : { cookie: sessionCookie(base) }),
      ...(headers as Record<string, string>),
    },
    body: JSON.stringify(body),
    ...rest,
  });
}

/** A unique tag so a test finds its own request in the upstream's log. */
export function uniqueTag(name: string) {
  return `${name}-${Math.random().toString(36).slice(2, 10)}`;
}

export async function upstreamRequests(tag: string): Promise<RequestRecord[]> {
  const base = inject("upstreamUrl").replace(/\/v1$/, "");
  const all = (await (await fetch(`${base}/__requests`)).json()) as RequestRecord[];
  return all.filter((r) => r.tag === tag);
}

export async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 3_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function expectError(res: Response, status: number, code: string, param?: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/application\/json/);
  const body = (await res.json()) as { error: { code: string; message: string; param?: string } };
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(5);
  if (param !== undefined) expect(body.error.param).toBe(param);
  // Never a stack trace, an upstream address or a key.
  const text = JSON.stringify(body);
  expect(text).not.toMatch(/127\.0\.0\.1|localhost|\bat .+\(|sk-|Bearer/);
  return body.error;
}

/** Parses an SSE body (the AI SDK UI message stream) into its JSON events. */
export function sseEvents(text: string): Array<Record<string, unknown>> {
  return text
    .split("\n\n")
    .map((block) => block.split("\n").find((line) => line.startsWith("data: "))?.slice(6))
    .filter((data): data is string => data !== undefined && data !== "[DONE]")
    .map((data) => JSON.parse(data) as Record<string, unknown>);
}

export function streamedText(events: Array<Record<string, unknown>>): string {
  return events
    .filter((e) => e.type === "text-delta")
    .map((e) => e.delta as string)
    .join("");
}

export function userMessage(text: string, id = "m1") {
  return { id, role: "user", parts: [{ type: "text", text }] };
}
