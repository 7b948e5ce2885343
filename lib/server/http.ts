import "server-only";
import type { z } from "zod";
import { AppError } from "@/lib/errors";
import { limits } from "@/lib/contracts/limits";
import { corsHeaders, preflightHeaders } from "@/lib/server/cors";
import { isCrossOriginWrite, securityHeaders } from "@/lib/server/security";
import { idSchema } from "@/lib/contracts/documents";
import { trackRequest } from "@/lib/server/lifecycle";
import { logger, logRequest } from "@/lib/server/log";
import { metrics } from "@/lib/server/metrics";
import { routeTemplate, type RouteLabel } from "@/lib/server/route-table";

/** Headers that keep proxies (nginx, Vercel, CDNs) from buffering or rewriting a stream. */
export const streamingHeaders = {
  "Cache-Control": "no-cache, no-transform",
  "X-Accel-Buffering": "no",
} as const;

/** An error as a response: Draftwise's body and status unless a protocol (OpenAI's) wants its own. */
export function errorResponse(error: AppError, shape: { body?: unknown; status?: number } = {}): Response {
  const headers: Record<string, string> = { ...error.headers, "Cache-Control": "no-store" };
  if (error.retryAfter !== undefined) headers["Retry-After"] = String(error.retryAfter);
  // The unread rest of a refused body would poison a reused connection.
  if (error.code === "payload_too_large") headers.Connection = "close";
  return Response.json(shape.body ?? error.toJSON(), { status: shape.status ?? error.status, headers });
}

type ErrorResponder = (error: AppError) => Response;

/** Reads the body with a hard byte cap, so a huge body is refused without being buffered whole. */
async function readCapped(req: Request, maxBytes: number): Promise<string> {
  const declared = Number(req.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  if (!req.body) return "";
  const reader = req.body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

function tooLarge(maxBytes: number) {
  return new AppError("payload_too_large", `The request body is larger than ${maxBytes} bytes.`);
}

function issueParam(issue: z.core.$ZodIssue): string | undefined {
  if (issue.code === "unrecognized_keys") {
    const base = issue.path.map(String);
    return [...base, issue.keys[0] ?? ""].filter(Boolean).join(".");
  }
  return issue.path.length ? issue.path.map(String).join(".") : undefined;
}

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") return `Unknown field${issue.keys.length > 1 ? "s" : ""}: ${issue.keys.join(", ")}.`;
  const where = issue.path.length ? `${issue.path.map(String).join(".")}: ` : "";
  return `${where}${issue.message}`;
}

/**
 * Validates a value with a contract schema; the first problem becomes a 400 naming the field.
 * `at` names where the value sits in the request body (e.g. "input"), for nested checks.
 */
export function validate<S extends z.ZodType>(schema: S, value: unknown, at?: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = at ? { ...result.error.issues[0]!, path: [at, ...result.error.issues[0]!.path] } : result.error.issues[0]!;
  throw new AppError("invalid_request", issueMessage(issue), { param: issueParam(issue) });
}

/** Who made a request, once authenticated: the request log names them (by id). */
const requestPrincipals = new WeakMap<Request, { userId: string; keyId?: string }>();

export function notePrincipal(req: Request, principal: { user: { id: string }; apiKey?: { id: string } }): void {
  requestPrincipals.set(req, { userId: principal.user.id, keyId: principal.apiKey?.id });
}

/**
 * Content type → size → JSON syntax: the order in which a body can be wrong. Only for an
 * authenticated caller (authenticate() or requireUser(req) first): an anonymous body costs
 * reading and parsing, so it must get its 401 before (tests/api/security/auth-before-body.test.ts).
 */
export async function readJson(req: Request, maxBytes: number = limits.bodyBytes): Promise<unknown> {
  if (!requestPrincipals.has(req)) throw new Error("A route read its request body before authenticating the caller.");
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type.trim())) {
    throw new AppError("unsupported_media_type", "Send the request body as JSON with Content-Type: application/json.");
  }
  const text = await readCapped(req, maxBytes);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError("invalid_json", "The request body is not valid JSON.");
  }
}

export async function readJsonBody<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  return validate(schema, await readJson(req));
}

type Handler<C> = (req: Request, context: C) => Promise<Response>;

/** A client's own id is echoed when it is a sane token, so its logs and ours line up. */
const clientRequestId = /^[\w.:@/+=-]{1,128}$/;
const requestIds = new WeakMap<Request, string>();

/** The request's X-Request-Id: the client's own when sane, else a new UUID; the same for one request throughout. */
export function requestIdOf(req: Request): string {
  let id = requestIds.get(req);
  if (!id) {
    const sent = req.headers.get("x-request-id");
    id = sent && clientRequestId.test(sent) ? sent : crypto.randomUUID();
    requestIds.set(req, id);
  }
  return id;
}

const isApiV1 = (req: Request) => new URL(req.url).pathname.startsWith("/api/v1/");

/**
 * Headers every API answer carries: its request id and, for the developer API, CORS. Set here
 * rather than in proxy.ts, because Next holds a request until its whole body has arrived
 * before it runs the proxy's next step, and an anonymous body must get its 401 before that.
 */
function withApiHeaders(req: Request, response: Response): Response {
  const url = new URL(req.url);
  const headers: Record<string, string> = {
    ...securityHeaders({ pathname: url.pathname, https: url.protocol === "https:" }),
    "X-Request-Id": requestIdOf(req),
    ...(isApiV1(req) ? corsHeaders(req.headers.get("origin")) : {}),
  };
  try {
    for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
    return response;
  } catch {
    // A response with immutable headers (one passed through from fetch): copy it.
    const copy = new Response(response.body, response);
    for (const [name, value] of Object.entries(headers)) copy.headers.set(name, value);
    return copy;
  }
}

const routes = new WeakMap<Request, RouteLabel>();

/**
 * The template of the route serving this request (`/api/jobs/[id]`, never the raw path): the
 * label its log line, metrics and model calls carry (lib/server/route-table.ts).
 */
export function routeOf(req: Request): RouteLabel {
  let template = routes.get(req);
  if (!template) {
    template = routeTemplate(new URL(req.url).pathname);
    routes.set(req, template);
  }
  return template;
}

async function answer<C>(
  handler: Handler<C>,
  respondError: ErrorResponder,
  req: Request,
  context: C,
): Promise<{ response: Response; code?: string }> {
  try {
    // Before anything else: a cross-site write riding the session cookie is refused unread.
    if (isCrossOriginWrite({ method: req.method, url: new URL(req.url), headers: req.headers })) throw new AppError("cross_origin_request");
    return { response: await handler(req, context) };
  } catch (error) {
    if (AppError.is(error)) return { response: respondError(error), code: error.code };
    if (req.signal.aborted) return { response: new Response(null, { status: 499 }), code: "client_closed" };
    logger.error({ err: error }, "unhandled route error");
    return { response: respondError(new AppError("internal_error")), code: "internal_error" };
  }
}

/**
 * Every route answers failures the same way (unknown errors are logged and never leak
 * details), and every answer is logged and counted: one JSON line and one metrics sample.
 */
export function route<C = unknown>(handler: Handler<C>, respondError: ErrorResponder = errorResponse): Handler<C> {
  return async (req, context) => {
    const started = performance.now();
    const done = trackRequest();
    try {
      const { response, code } = await answer(handler, respondError, req, context);
      const latency = performance.now() - started;
      const path = routeOf(req);
      const who = requestPrincipals.get(req);
      logRequest({
        requestId: requestIdOf(req),
        route: path,
        method: req.method,
        status: response.status,
        latencyMs: Math.round(latency),
        ...who,
        ...(code ? { code } : {}),
      });
      metrics.httpRequest({ route: path, method: req.method, status: response.status, seconds: latency / 1000 });
      return withApiHeaders(req, response);
    } finally {
      done();
    }
  };
}

/**
 * A route id that is not a UUID names nothing: the same 404 as a missing id, never a 400
 * that would tell ids apart.
 */
export function parseId(value: string, notFound: () => AppError): string {
  const result = idSchema.safeParse(value);
  if (!result.success) throw notFound();
  return result.data;
}

/** Route params as Next passes them (a promise), for `[id]` segments. */
export interface IdParams {
  params: Promise<{ id: string }>;
}

/** A CORS preflight to the developer API: the allowed origins (CORS_ORIGINS) get the methods and headers they ask for. */
export async function preflight(req: Request): Promise<Response> {
  const headers = isApiV1(req) ? preflightHeaders(req.headers.get("origin"), req.headers.get("access-control-request-headers")) : {};
  const url = new URL(req.url);
  const security = securityHeaders({ pathname: url.pathname, https: url.protocol === "https:" });
  return new Response(null, { status: 204, headers: { ...security, ...headers, "X-Request-Id": requestIdOf(req) } });
}

/** Handlers for the methods a route does not serve: 405 in the one error format, with `Allow`; and the CORS preflight. */
export function otherMethods(allow: string, respondError: ErrorResponder = errorResponse) {
  const handler = async (req: Request) => {
    const response = respondError(new AppError("method_not_allowed", `Use ${allow} on this route.`));
    response.headers.set("Allow", allow);
    return withApiHeaders(req, response);
  };
  return { GET: handler, POST: handler, PUT: handler, PATCH: handler, DELETE: handler, OPTIONS: preflight };
}
