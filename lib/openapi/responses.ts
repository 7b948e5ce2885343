import type { ResponseConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { budgetHeaderNames, deprecationHeaderNames, rateLimitHeaderNames } from "@/lib/contracts/headers";
import { openAIErrorSchema } from "@/lib/contracts/openai";
import { openAIErrorBody, openAIErrorStatus } from "@/lib/delivery/formats";
import { AppError, errorStatus, type ErrorCode } from "@/lib/errors";

/**
 * What every operation can answer besides its success: the one error body, grouped by status,
 * with the headers that explain it. Built from lib/errors.ts so a new code shows up here.
 */

const errorCodes = Object.keys(errorStatus) as [ErrorCode, ...ErrorCode[]];

export const errorSchema = z.object({
  error: z.object({
    code: z.enum(errorCodes).describe("Stable and machine-readable; the HTTP status follows from it."),
    message: z.string().describe("What went wrong, safe to show to a person."),
    param: z
      .string()
      .optional()
      .describe("The field at fault as a dotted path (`messages.0.content`, `inputs.brand`), or the limit that was reached (`rpm`, `rph`, `tpm`, `concurrent`)."),
    retry_after: z
      .number()
      .int()
      .optional()
      .describe("Seconds to wait before retrying, as Retry-After says (also in the body, for a stream's error event)."),
  }),
});

/** Response headers, registered once under components/headers. */
export const headerComponents = {
  "X-Request-Id": {
    description: "Identifies this request in the server's logs. Echoes the request's `X-Request-Id` when it sent one, else a generated id.",
    schema: { type: "string" },
  },
  "Retry-After": { description: "Seconds to wait before retrying.", schema: { type: "integer", minimum: 0 } },
  "RateLimit-Policy": {
    description:
      'The quota policies that apply to this caller (IETF draft-ietf-httpapi-ratelimit-headers): one item per limit with its quota `q` and window `w` in seconds, e.g. `"rpm";q=60;w=60, "tpm";q=200000;w=60`.',
    schema: { type: "string" },
  },
  RateLimit: {
    description: 'What is left of each policy right now (`r` remaining, `t` seconds until it resets), e.g. `"rpm";r=59;t=60`.',
    schema: { type: "string" },
  },
  "x-ratelimit-limit-requests": { description: "Requests allowed per minute (OpenAI-style).", schema: { type: "integer" } },
  "x-ratelimit-remaining-requests": { description: "Requests left in the current minute.", schema: { type: "integer" } },
  "x-ratelimit-reset-requests": { description: "Time until the request window resets, e.g. `12s`.", schema: { type: "string" } },
  "x-ratelimit-limit-tokens": { description: "Tokens allowed per minute.", schema: { type: "integer" } },
  "x-ratelimit-remaining-tokens": { description: "Tokens left in the current minute.", schema: { type: "integer" } },
  "x-ratelimit-reset-tokens": { description: "Time until the token window resets, e.g. `6s`.", schema: { type: "string" } },
  "x-budget-remaining-tokens-daily": {
    description: "Tokens left in the API key's daily budget (UTC day). Only for keys with a daily budget.",
    schema: { type: "integer" },
  },
  "x-budget-remaining-tokens-monthly": {
    description: "Tokens left in the API key's monthly budget (UTC calendar month). Only for keys with a monthly budget.",
    schema: { type: "integer" },
  },
  "X-Draftwise-Model": { description: "The model that answered.", schema: { type: "string" } },
  Allow: { description: "The methods this route serves.", schema: { type: "string" } },
  Deprecation: {
    description: "When this route or request form was deprecated (RFC 9745 structured-field date, `@` + Unix seconds).",
    schema: { type: "string", pattern: "^@-?[0-9]+$" },
  },
  Sunset: { description: "When it stops working (RFC 8594 HTTP-date).", schema: { type: "string" } },
  Link: {
    description: 'The successor (`rel="successor-version"`) and the deprecation notice (`rel="deprecation"`).',
    schema: { type: "string" },
  },
} as const;

export type HeaderName = keyof typeof headerComponents;

export const headerRefs = (names: readonly HeaderName[]) =>
  Object.fromEntries(names.map((name) => [name, { $ref: `#/components/headers/${name}` }]));

/** Sent by every metered response: the rate-limit state, and the key's budget when it has one. */
export const rateLimitHeaders: HeaderName[] = [...rateLimitHeaderNames];
export const budgetHeaders: HeaderName[] = [...budgetHeaderNames];
export const deprecationHeaders: HeaderName[] = [...deprecationHeaderNames];

/** Examples of `param` that make an error's example concrete. */
const exampleParams: Partial<Record<ErrorCode, string>> = {
  invalid_request: "messages",
  model_not_found: "model",
  rate_limited: "rpm",
};

const exampleMessages: Partial<Record<ErrorCode, string>> = {
  invalid_request: "messages: At least one user message is required.",
  rate_limited: "Rate limit reached: 60 requests per minute for this API key. Retry after 12 s.",
};

type ErrorShape = "draftwise" | "openai";

/** The status each endpoint answers a code with: the OpenAI-compatible one speaks OpenAI's (lib/delivery/formats.ts). */
const statusOf = (code: ErrorCode, shape: ErrorShape) => (shape === "openai" ? openAIErrorStatus(new AppError(code)) : errorStatus[code]);

function example(code: ErrorCode, shape: ErrorShape, param: string | undefined) {
  const message = exampleMessages[code] ?? new AppError(code).message;
  const error = new AppError(code, message, { param });
  return shape === "openai" ? openAIErrorBody(error) : error.toJSON();
}

const exampleName = (code: ErrorCode, shape: ErrorShape) => (shape === "openai" ? `openai.${code}` : code);

/** One example per code and shape under components/examples; operations refer to them. */
export const errorExampleComponents = Object.fromEntries(
  (["draftwise", "openai"] as const).flatMap((shape) =>
    errorCodes.map((code) => [exampleName(code, shape), { summary: code, value: example(code, shape, exampleParams[code]) }]),
  ),
);

const statusTitles: Record<number, string> = {
  400: "The request is not valid",
  401: "No valid credentials",
  403: "Not allowed",
  404: "Not found",
  405: "Method not allowed",
  409: "Conflict",
  413: "The body is too large",
  415: "The body is not JSON",
  422: "Well-formed, but it can't be carried out",
  429: "A rate limit or budget is reached",
  500: "A bug on our side",
  502: "The model provider failed",
  503: "Unavailable for now",
  504: "The model provider timed out",
};

/**
 * One response per status the codes map to, each listing its codes and an example per code.
 * `params` overrides the example `param` per code (e.g. `inputs.brand` for a template's 422).
 */
export function errorResponses(
  codes: readonly ErrorCode[],
  { shape = "draftwise", params = {} }: { shape?: ErrorShape; params?: Partial<Record<ErrorCode, string>> } = {},
): Record<string, ResponseConfig> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set(codes)) {
    const status = statusOf(code, shape);
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses: Record<string, ResponseConfig> = {};
  for (const [status, group] of [...byStatus].sort(([a], [b]) => a - b)) {
    const headers: HeaderName[] = ["X-Request-Id"];
    if (status === 405) headers.push("Allow");
    if (status === 429) headers.push("Retry-After", ...rateLimitHeaders, ...budgetHeaders);
    if (status === 503) headers.push("Retry-After");
    const list = group.map((code) => `- \`${code}\`: ${new AppError(code).message}`).join("\n");
    responses[status] = {
      description: `${statusTitles[status] ?? "Error"}.\n\n${list}`,
      headers: headerRefs(headers),
      content: {
        "application/json": {
          schema: shape === "openai" ? openAIErrorSchema : errorSchema,
          examples: Object.fromEntries(
            group.map((code) => [
              code,
              params[code]
                ? { summary: code, value: example(code, shape, params[code]) }
                : { $ref: `#/components/examples/${exampleName(code, shape)}` },
            ]),
          ),
        },
      },
    };
  }
  return responses;
}

/** Groups of codes that go together on a route. */
export const codes = {
  /** A JSON body: content type, size, syntax, then the schema. */
  jsonBody: ["unsupported_media_type", "payload_too_large", "invalid_json", "invalid_request"],
  /** An API key (or, on the studio routes, a session cookie instead). */
  credentials: ["unauthorized", "invalid_api_key", "expired_api_key"],
  /** Key management: the session cookie only. */
  session: ["unauthorized"],
  /** Counted against the rate limits. */
  limited: ["rate_limited", "limits_unavailable"],
  /** A model call: also the token budget, and everything the model provider can do. */
  modelCall: [
    "rate_limited",
    "insufficient_quota",
    "limits_unavailable",
    "context_length_exceeded",
    "model_not_found",
    "model_not_configured",
    "upstream_error",
    "upstream_unavailable",
    "upstream_rate_limited",
    "model_unavailable",
    "server_draining",
    "upstream_timeout",
  ],
  always: ["method_not_allowed", "internal_error"],
} as const satisfies Record<string, readonly ErrorCode[]>;
