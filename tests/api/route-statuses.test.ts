import { beforeAll, describe, expect, it } from "vitest";
import { openAIErrorSchema } from "@/lib/contracts/openai";
import { expectApiError, keyOwner } from "./api-key-helpers";
import { appUrl, expectError } from "./helpers";
import { allowOf, methods, routeCases, routeFiles, routeTable, type RouteCase } from "./route-table";
import { type Session } from "./session";

// The answers every route gives before it does any work — 401 to the wrong caller, 415/400/413
// to a body it can't read, 405 with Allow to a method it doesn't serve — from one table
// (./route-table.ts) over every route file under app/api.

let owner: Session;
let key: string;
beforeAll(async () => {
  ({ session: owner, key } = await keyOwner());
});

const wrongKey = `dw_${"x".repeat(40)}`;
const cases = routeCases();
const byPolicy = (...policies: string[]) => cases.filter((c) => policies.includes(c.spec.auth.by));
const named = (list: RouteCase[]) => list.map((c) => [c.method, c.path, c] as const);

interface Call {
  cookie?: string;
  key?: string;
  contentType?: string;
  body?: string;
  /** Send the body as a stream (chunked, no Content-Length), so the route finds the size by reading. */
  streamed?: boolean;
}

/** A body as a stream of 64 KB chunks. */
function streamOf(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(at, (at += 65_536)));
    },
  });
}

/** One request to the case's route; a method that reads a body gets `{}` unless told otherwise. */
function call({ method, path, spec }: RouteCase, init: Call = {}): Promise<Response> {
  const body = init.body ?? (spec.jsonBytes ? "{}" : undefined);
  const headers: Record<string, string> = {};
  if (init.cookie) headers.cookie = init.cookie;
  if (init.key) headers.Authorization = `Bearer ${init.key}`;
  if (body !== undefined) headers["Content-Type"] = init.contentType ?? "application/json";
  if (body !== undefined && init.streamed) {
    return fetch(`${appUrl()}${path}`, { method, headers, body: streamOf(body), duplex: "half", redirect: "manual" } as RequestInit);
  }
  return fetch(`${appUrl()}${path}`, { method, headers, body, redirect: "manual" });
}

/**
 * The error in the route's own shape (OpenAI's for the Chat Completions route). Only routes that
 * take API keys may tell the caller how to send one ("Authorization: Bearer <key>").
 */
async function expectRouteError(res: Response, c: RouteCase, status: number, code: string) {
  if (!c.route.openAIErrors) return c.spec.auth.by === "key" ? expectApiError(res, status, code) : expectError(res, status, code);
  expect(res.status).toBe(status);
  const { error } = openAIErrorSchema.parse(await res.json());
  expect(error.code).toBe(code);
  return error;
}

describe("the route table", () => {
  it("has an entry for every route file under app/api, and none for a route that is gone", () => {
    expect(Object.keys(routeTable).sort()).toEqual(routeFiles());
  });
});

describe("who may call each route", () => {
  it.each(named(byPolicy("session", "key", "either", "admin")))("%s %s answers a caller without credentials 401 unauthorized", async (_m, _p, c) => {
    const error = await expectRouteError(await call(c), c, 401, "unauthorized");
    if (c.spec.auth.by === "key") expect(error.message).toMatch(/Bearer|X-API-Key/);
    if (c.route.openAIErrors) expect(error).toMatchObject({ type: "authentication_error" });
  });

  it.each(named(byPolicy("session", "admin")))("%s %s needs the session cookie: an API key alone gets 401 unauthorized", async (_m, _p, c) => {
    await expectRouteError(await call(c, { key }), c, 401, "unauthorized");
  });

  it.each(named(byPolicy("key")))("%s %s needs an API key: a session cookie alone gets 401 unauthorized", async (_m, _p, c) => {
    await expectRouteError(await call(c, { cookie: owner.cookieHeader() }), c, 401, "unauthorized");
  });

  it.each(named(byPolicy("key", "either")))("%s %s answers a wrong API key 401 invalid_api_key", async (_m, _p, c) => {
    await expectRouteError(await call(c, { key: wrongKey }), c, 401, "invalid_api_key");
  });

  it.each(named(byPolicy("admin")))("%s %s answers a guest 403 admin_only", async (_m, _p, c) => {
    await expectRouteError(await call(c, { cookie: owner.cookieHeader() }), c, 403, "admin_only");
  });

  it.each(named(byPolicy("public", "bearer")))("%s %s answers a caller without credentials as the table says", async (_m, _p, c) => {
    const auth = c.spec.auth as { anonymous: number };
    expect((await call(c)).status).toBe(auth.anonymous);
  });
});

describe("reading a JSON body (as the route's own caller)", () => {
  const readers = cases.filter((c) => c.spec.jsonBytes !== undefined);
  const asOwner = (c: RouteCase): Call => (c.spec.auth.by === "key" ? { key } : { cookie: owner.cookieHeader() });

  it.each(named(readers))("%s %s answers a body that is not JSON 415 unsupported_media_type", async (_m, _p, c) => {
    await expectRouteError(await call(c, { ...asOwner(c), contentType: "text/plain", body: "hello" }), c, 415, "unsupported_media_type");
    await expectRouteError(await call(c, { ...asOwner(c), contentType: "application/x-www-form-urlencoded", body: "name=k" }), c, 415, "unsupported_media_type");
  });

  it.each(named(readers))("%s %s answers malformed JSON 400 invalid_json", async (_m, _p, c) => {
    await expectRouteError(await call(c, { ...asOwner(c), body: '{"messages": [' }), c, 400, "invalid_json");
  });

  it.each(named(readers))("%s %s reads a body up to its byte limit and answers one byte more 413 payload_too_large", async (_m, _p, c) => {
    const bytes = c.spec.jsonBytes!;
    // `{"pad":"…"}`: within the limit it is read and parsed, and the schema refuses the unknown field.
    const padded = (size: number) => `{"pad":"${"x".repeat(size - 10)}"}`;
    expect(padded(bytes)).toHaveLength(bytes);
    // A declared Content-Length over the limit is refused before the body is read, and the
    // connection closed: past what loopback buffers hold (the 8 MB document routes) the sender
    // would still be writing and see EPIPE instead of the answer, so those send it streamed,
    // and the route counts the bytes as it reads (refusing at the last one).
    const streamed = bytes > 1_000_000;
    await expectRouteError(await call(c, { ...asOwner(c), body: padded(bytes + 1), streamed }), c, 413, "payload_too_large");
    await expectRouteError(await call(c, { ...asOwner(c), body: padded(bytes) }), c, 400, "invalid_request");
  });
});

describe("methods a route does not serve", () => {
  const others = Object.entries(routeTable)
    .filter(([, route]) => route.answersOtherMethods)
    .flatMap(([pattern, route]) =>
      methods.filter((m) => !route.methods[m]).map((method) => [method, pattern, allowOf(route)] as const),
    );

  it.each(others)("%s %s answers 405 method_not_allowed with Allow: %s", async (method, pattern, allow) => {
    const route = routeTable[pattern]!;
    const c: RouteCase = { pattern, method, path: routeCases().find((r) => r.pattern === pattern)!.path, spec: { auth: { by: "session" } }, route };
    const res = await call(c, { cookie: owner.cookieHeader() });
    expect(res.headers.get("allow")).toBe(allow);
    const error = await expectRouteError(res, c, 405, "method_not_allowed");
    if (route.openAIErrors) expect(error).toMatchObject({ type: "invalid_request_error", param: null });
  });
});
