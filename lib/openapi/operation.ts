import { zodToOpenAPIRegistry, type ResponseConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import type { ErrorCode } from "@/lib/errors";
import { codeSamples, type CodeSample, type SampleRequest } from "./code-samples";
import { requestExamples, type RequestExamples } from "./examples";
import { budgetHeaders, codes, headerRefs, rateLimitHeaders, type HeaderName } from "./responses";

/**
 * What every operation group shares: the shape of an operation, its security and tags, the
 * helpers for success responses, and the naming of component schemas.
 */

// Component names for the shared schemas. This annotates them in zod-to-openapi's own registry
// (read only by the generator); the schemas themselves are not changed.
export function named<T extends z.ZodType>(refId: string, schema: T, extra: { title?: string; description?: string } = {}): T {
  zodToOpenAPIRegistry.add(schema, { ...zodToOpenAPIRegistry.get(schema), ...extra, _internal: { refId } });
  return schema;
}

/** A union of alternatives that the generator writes as `anyOf`. */
export function anyOf(options: z.ZodType[]) {
  const [first, ...rest] = options;
  if (!first) throw new Error("anyOf needs at least one schema");
  return z.union([first, ...rest]);
}

type Auth = "key" | "sessionOrKey" | "session" | "none";

export const security: Record<Auth, Record<string, string[]>[]> = {
  key: [{ bearerAuth: [] }, { apiKeyHeader: [] }],
  sessionOrKey: [{ sessionCookie: [] }, { bearerAuth: [] }, { apiKeyHeader: [] }],
  session: [{ sessionCookie: [] }],
  none: [],
};

export const tags = {
  chat: "Chat",
  writing: "Writing",
  templates: "Templates",
  models: "Models",
  jobs: "Jobs",
  documents: "Documents",
  webhooks: "Webhooks",
  openai: "OpenAI compatible",
  meta: "Documentation",
  studio: "Studio",
  keys: "Keys (browser session)",
} as const;

export type Tag = (typeof tags)[keyof typeof tags];

export interface Operation {
  method: "get" | "post" | "delete";
  path: string;
  tag: Tag;
  operationId: string;
  summary: string;
  description: string;
  auth: Auth;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: { schema: z.ZodType; description?: string; example?: unknown; examples?: Record<string, { summary: string; value: unknown }> };
  responses: Record<string, ResponseConfig>;
  errors: readonly ErrorCode[];
  errorShape?: "openai";
  errorParams?: Partial<Record<ErrorCode, string>>;
  samples: CodeSample[];
}

/** What an operation's text and samples depend on: where the API is served and the model the examples name. */
export interface OperationContext {
  serverUrl: string;
  model: string;
  ex: RequestExamples;
  samples: (req: SampleRequest) => CodeSample[];
}

export function operationContext(serverUrl: string, model: string): OperationContext {
  return { serverUrl, model, ex: requestExamples(model), samples: (req) => codeSamples(serverUrl, req) };
}

/** A group's `/api/v1` operations, and the studio's routes that do the same for the browser (listed last). */
export interface OperationGroup {
  api: Operation[];
  studio: Operation[];
}

export const successHeaders = (metered: boolean, extra: HeaderName[] = []) =>
  headerRefs(["X-Request-Id", ...(metered ? [...rateLimitHeaders, ...budgetHeaders] : []), ...extra]);

export const jsonResponse = (description: string, schema: z.ZodType, metered: boolean, extra: HeaderName[] = []): ResponseConfig => ({
  description,
  headers: successHeaders(metered, extra),
  content: { "application/json": { schema } },
});

export const textStream = (description: string) => ({ "text/plain": { schema: { type: "string" as const, description } } });

export const studioAuthNote =
  "A browser route of the writing studio. It accepts the session cookie of a signed-in browser **or** an API key (`Authorization: Bearer dw_…` / `X-API-Key`); for your own code, prefer the `/api/v1` routes.";

/** The errors of a model call through `/api/v1`. */
export const modelCallErrors = [...codes.jsonBody, ...codes.credentials, ...codes.modelCall, ...codes.always];
/** The same on a studio route, where a `conversation_id` or template can also be missing. */
export const studioModelCallErrors = [...codes.jsonBody, ...codes.credentials, "not_found", ...codes.modelCall, ...codes.always] as const;
