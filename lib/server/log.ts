import "server-only";
import pino, { type DestinationStream, type Level, type Logger } from "pino";
import type { CallContext, CallOutcome } from "@/lib/server/ai/call-types";
import { env } from "@/lib/server/env";

/**
 * Structured JSON logs, one object a line on stdout. They carry who, which route, which model,
 * how many tokens and how long — never what was written: prompts, answers, documents, API keys,
 * passwords, cookies and tokens are censored wherever they appear in a logged object.
 */

const CENSOR = "[redacted]";

/**
 * Keys whose values are never logged, compared without case, `_` or `-` (`api_key` = `apiKey`).
 * Content (prompts, answers, documents) and credentials alike.
 */
const sensitiveKeys = new Set([
  "prompt", "prompts", "messages", "content", "contents", "text", "output", "outputs", "input", "inputs",
  "instructions", "system", "document", "documents", "body", "requestbody", "responsebody", "requestbodyvalues",
  "answer", "completion", "choices", "delta", "parts", "title", "email",
  "styleguide", "outline", "instruction", "selection", "example",
  "apikey", "key", "token", "accesstoken", "refreshtoken", "idtoken", "sessiontoken", "csrftoken",
  "authorization", "proxyauthorization", "cookie", "cookies", "setcookie", "password", "passwd", "secret",
  "credentials", "session", "headers",
  // A failed query's SQL and bound values (drizzle, PGlite, node-postgres): the values are the content.
  "params", "parameters", "values", "query", "queryoptions", "internalquery",
]);
/** Any key ending like this is a secret too (`clientSecret`, `newPassword`, `authToken`). */
const sensitiveSuffix = /(?:password|passwd|secret|token|apikey|authorization|cookie)$/;
/** Secret-looking values in otherwise harmless strings (an error message quoting a header or key). */
const secretValue = /\b(?:dw_[0-9A-Za-z]{16,}|sk-[0-9A-Za-z_-]{8,})|\bBearer\s+[^\s"',;]+/g;

function normalize(key: string): string {
  return key.replace(/[-_]/g, "").toLowerCase();
}

const verdicts = new Map<string, boolean>();

export function isSensitiveKey(key: string): boolean {
  let verdict = verdicts.get(key);
  if (verdict === undefined) {
    const k = normalize(key);
    verdict = sensitiveKeys.has(k) || sensitiveSuffix.test(k);
    // Keys come from code, so few; the cap only guards against logging an object with arbitrary keys.
    if (verdicts.size < 1_000) verdicts.set(key, verdict);
  }
  return verdict;
}

const MAX_DEPTH = 8;

/** A copy of `value` with every sensitive key censored, at any depth, and secret-looking strings masked. */
export function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return value.replace(secretValue, CENSOR);
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return CENSOR;
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  if (value instanceof Error) return serializeError(value, depth);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = isSensitiveKey(key) ? CENSOR : scrub(v, depth + 1);
  return out;
}

/**
 * Where an error message starts quoting data: drizzle's "Failed query: <sql>\nparams: <values>",
 * the AI SDK's "JSON parsing failed: Text: <model output>" and "… Value: <value>".
 */
const quotedData = /(?:^|\s)(?:params|parameters|Text|Value):\s/;

/** node-postgres', PGlite's and drizzle's errors: their messages may quote the values of a query. */
function isDatabaseError(error: Error & Record<string, unknown>): boolean {
  return (
    "query" in error ||
    "params" in error ||
    (typeof error.severity === "string" && typeof error.code === "string" && /^[0-9A-Z]{5}$/.test(error.code))
  );
}

/**
 * What of a message is safe to log: its first line (an interpolated value may span many), cut
 * where it starts quoting data. Postgres puts an offending value after a colon
 * (`invalid input syntax for type uuid: "…"`), so a database error keeps what comes before it;
 * drizzle's "Failed query:" keeps its SQL, which only has placeholders.
 */
function safeMessage(error: Error & Record<string, unknown>): string {
  let message = String(error.message).split("\n", 1)[0]!.slice(0, 1_000);
  const data = quotedData.exec(message);
  if (data) message = `${message.slice(0, data.index)} ${CENSOR}`;
  if (isDatabaseError(error) && !message.startsWith("Failed query: ")) message = message.split(": ", 1)[0]!;
  if (error instanceof SyntaxError) message = message.replace(/"(?:[^"\\]|\\.)*"?/g, `"${CENSOR}"`);
  return scrub(message) as string;
}

/** Only the stack's frames: its first lines repeat the message, whole, with whatever it quotes. */
function stackFrames(stack: string): string {
  return stack
    .split("\n")
    .filter((line) => /^\s+at /.test(line))
    .slice(0, 12)
    .join("\n");
}

/**
 * Errors keep their type, a safe part of their message, code, status and stack frames — not
 * pino's default "every own property", which for a provider error includes the request body
 * (the prompt) and the response body, and for a failed query its values (a whole document).
 * Causes and an AggregateError's errors get the same treatment.
 */
function serializeError(error: Error, depth = 0): Record<string, unknown> {
  const e = error as Error & Record<string, unknown>;
  const out: Record<string, unknown> = { type: e.name, message: safeMessage(e) };
  if (typeof e.code === "string" || typeof e.code === "number") out.code = e.code;
  const status = e.statusCode ?? e.status;
  if (typeof status === "number") out.status = status;
  if (typeof e.stack === "string") out.stack = stackFrames(e.stack);
  if (depth >= 3) return out;
  if (e.cause instanceof Error) out.cause = serializeError(e.cause, depth + 1);
  else if (e.cause !== undefined) out.cause = typeof e.cause === "object" ? scrub(e.cause, depth + 1) : CENSOR;
  if (Array.isArray(e.errors)) {
    out.errors = e.errors.slice(0, 5).map((inner: unknown) => (inner instanceof Error ? serializeError(inner, depth + 1) : CENSOR));
  }
  return out;
}

/**
 * pino's own redaction of the top-level keys (compiled; costs nothing when the key is absent) as a
 * second line behind `scrub`, which already censored them at every depth. No `*.` wildcards: those
 * would run on every key of every line.
 */
const redactPaths = [
  ...sensitiveKeys,
  "apiKey", "api_key", "x-api-key", "set-cookie", "clientSecret", "client_secret",
  "req.headers.authorization", "req.headers.cookie", "res.headers[\"set-cookie\"]",
].map((k) => (/^[A-Za-z_$][\w$.]*$/.test(k) || k.includes("[") ? k : `["${k}"]`));

export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? env.LOG_LEVEL,
      base: { service: "draftwise" },
      timestamp: pino.stdTimeFunctions.isoTime,
      messageKey: "msg",
      redact: { paths: redactPaths, censor: CENSOR },
      serializers: { err: (e: unknown) => (e instanceof Error ? serializeError(e) : scrub(e)) },
      hooks: {
        // Without a message, pino would write the error's whole message as the line's `msg`.
        logMethod(args, method) {
          const first: unknown = args[0];
          const error = first instanceof Error ? first : (first as { err?: unknown } | null)?.err;
          if (args.length === 1 && error instanceof Error) return method.call(this, first as object, safeMessage(error as Error & Record<string, unknown>));
          return method.apply(this, args);
        },
      },
      formatters: {
        level: (label) => ({ level: label }),
        bindings: (bindings) => scrub(bindings) as Record<string, unknown>,
        log: (object) => scrub(object) as Record<string, unknown>,
      },
    },
    options.destination ?? pino.destination({ dest: 1, sync: false, minLength: 0 }),
  );
}

const holder = globalThis as typeof globalThis & { draftwiseLogger?: Logger };

/** The one logger of this process (JSON lines on stdout; `LOG_LEVEL`, default `info`). */
export const logger: Logger = (holder.draftwiseLogger ??= createLogger());

export interface RequestLog {
  requestId?: string;
  route: string;
  method: string;
  status: number;
  latencyMs: number;
  userId?: string;
  keyId?: string;
  /** The error code of a failed request. */
  code?: string;
}

/** A settled model call as logged: who and where, then its outcome's counts (never its text). */
export type ModelCallLog = CallContext &
  Pick<CallOutcome, "inputTokens" | "outputTokens" | "estimated" | "latencyMs" | "ttftMs" | "attempts" | "errorCode"> & {
    provider: string;
    /** The model that answered. */
    model: string;
    /** With a fallback: the model that was asked for. */
    requestedModel?: string;
    fallbackFrom?: string;
    outcome: CallOutcome["status"];
  };

function levelOfStatus(status: number): Level {
  if (status >= 500) return "error";
  if (status >= 400 && status !== 404 && status !== 499) return "warn";
  return "info";
}

/** One line per answered request: `{"msg":"request", requestId, route, method, status, latencyMs, …}`. */
export function logRequest(fields: RequestLog): void {
  const level = levelOfStatus(fields.status);
  if (!logger.isLevelEnabled(level)) return;
  logger[level](fields, "request");
}

/** One line per model call (after retries and fallbacks): model, tokens, latency, TTFT, attempts, outcome. */
export function logModelCall(fields: ModelCallLog): void {
  const level: Level = fields.outcome === "error" ? "warn" : "info";
  if (!logger.isLevelEnabled(level)) return;
  logger[level](fields, "model call");
}
