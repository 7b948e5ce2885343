import {
  OpenAPIRegistry,
  OpenApiGeneratorV31,
  zodToOpenAPIRegistry,
  type ResponseConfig,
  type RouteConfig,
} from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import {
  apiKeyLimitsSchema,
  apiKeyListSchema,
  apiKeySchema,
  budgetStateSchema,
  createApiKeySchema,
  createdApiKeySchema,
} from "@/lib/contracts/api-keys";
import { plainChatRequestSchema, plainMessageSchema, uiChatRequestSchema, uiMessageSchema } from "@/lib/contracts/chat";
import { jobInputSchemas, jobListQuerySchema, jobListSchema, jobMetadataSchema, jobSchema, jobTypes } from "@/lib/contracts/jobs";
import { limits } from "@/lib/contracts/limits";
import {
  openAIChatChunkSchema,
  openAIChatCompletionSchema,
  openAIChatRequestSchema,
  openAIErrorSchema,
  openAIMessageSchema,
  type OpenAIChatChunk,
} from "@/lib/contracts/openai";
import { outlineRequestSchema, outlineSchema, outlineSectionSchema } from "@/lib/contracts/outline";
import { templateIds, templateInfoSchema, templateRunSchema, templates } from "@/lib/contracts/templates";
import {
  usageSchema,
  v1ChatRequestSchema,
  v1CompletionSchema,
  v1ModelListSchema,
  v1ModelSchema,
  v1OutlineRequestSchema,
  v1OutlineResponseSchema,
  v1StreamEventSchema,
  v1WriteRequestSchema,
  type V1StreamEvent,
} from "@/lib/contracts/v1";
import {
  webhookAttemptSchema,
  webhookDeliveryListSchema,
  webhookDeliverySchema,
  webhookPayloadSchema,
  webhookSecretInfoSchema,
  webhookSecretSchema,
  webhookTestRequestSchema,
  webhookUrlSchema,
} from "@/lib/contracts/webhooks";
import { writeRequestSchema } from "@/lib/contracts/write";
import type { ErrorCode } from "@/lib/errors";
import { codeSamples, openAISdkSamples, type CodeSample, type SampleRequest } from "@/lib/openapi/code-samples";
import { requestExamples, templateInputExamples } from "@/lib/openapi/examples";
import {
  budgetHeaders,
  codes,
  deprecationHeaders,
  errorExampleComponents,
  errorResponses,
  errorSchema,
  headerComponents,
  headerRefs,
  rateLimitHeaders,
  type HeaderName,
} from "@/lib/openapi/responses";
import { webhooksGuide } from "@/lib/openapi/webhooks";

/**
 * The OpenAPI 3.1 document of Draftwise's HTTP API, generated from the same zod schemas that
 * validate the requests. Isomorphic: no server imports; what only the server knows (its URL,
 * the default model, the rate limits, the deprecations) comes in as options.
 */

/** A deprecated route or request form (lib/server/deprecation.ts holds the list). */
export interface DeprecationNotice {
  method: string;
  path: string;
  /** What is deprecated, for people: "Plain `{ role, content }` messages". */
  form: string;
  /** The component schema of the deprecated form; without it, the whole operation is deprecated. */
  schema?: string;
  since: Date;
  /** When it stops working: at least six months after `since`. */
  sunset: Date;
  /** Where to go instead. */
  successor: string;
  /** The human-readable notice. */
  docs: string;
}

export interface OpenApiOptions {
  /** Where the API is served: the document's server and the code samples' URL. */
  serverUrl: string;
  /** The model the examples name (OpenAI's API requires one). */
  defaultModel?: string;
  rateLimits?: { rpm: number; rph: number; tpm: number; concurrent: number };
  deprecations?: readonly DeprecationNotice[];
}

/** Every documented operation: the route-walk test compares this with app/api. */
export const documentedRoutes = [
  "POST /api/v1/chat",
  "POST /api/v1/write",
  "POST /api/v1/outline",
  "GET /api/v1/templates",
  "POST /api/v1/templates/{id}",
  "GET /api/v1/models",
  "GET /api/v1/models/{id}",
  "POST /api/v1/chat/completions",
  "POST /api/v1/jobs",
  "GET /api/v1/jobs",
  "GET /api/v1/jobs/{id}",
  "DELETE /api/v1/jobs/{id}",
  "GET /api/v1/jobs/{id}/deliveries",
  "POST /api/v1/webhooks/secret",
  "GET /api/v1/webhooks/secret",
  "POST /api/v1/webhooks/test",
  "GET /api/v1/openapi.json",
  "GET /api/keys",
  "POST /api/keys",
  "GET /api/keys/{id}",
  "DELETE /api/keys/{id}",
  "POST /api/chat",
  "POST /api/write",
  "POST /api/outline",
  "POST /api/templates/{id}",
  "GET /api/webhooks/secret",
  "POST /api/webhooks/secret",
  "POST /api/webhooks/test",
  "GET /api/jobs/{id}/deliveries",
] as const;

// Component names for the shared schemas. This annotates them in zod-to-openapi's own registry
// (read only by the generator); the schemas themselves are not changed.
function named<T extends z.ZodType>(refId: string, schema: T, extra: { title?: string; description?: string } = {}): T {
  zodToOpenAPIRegistry.add(schema, { ...zodToOpenAPIRegistry.get(schema), ...extra, _internal: { refId } });
  return schema;
}

/** A union of alternatives that the generator writes as `anyOf`. */
function anyOf(options: z.ZodType[]) {
  const [first, ...rest] = options;
  if (!first) throw new Error("anyOf needs at least one schema");
  return z.union([first, ...rest]);
}

// Parts that appear inside several bodies get a component of their own wherever they appear.
for (const [name, schema] of Object.entries({
  Usage: usageSchema,
  Message: plainMessageSchema,
  OutlineSection: outlineSectionSchema,
  TemplateInfo: templateInfoSchema,
  OpenAIMessage: openAIMessageSchema,
  ApiKey: apiKeySchema,
  CreatedApiKey: createdApiKeySchema,
  ApiKeyLimits: apiKeyLimitsSchema,
  BudgetState: budgetStateSchema,
  UIMessage: uiMessageSchema,
  WebhookAttempt: webhookAttemptSchema,
})) {
  named(name, schema);
}

/** The bodies operations name. */
const jobInputDescriptions: Record<(typeof jobTypes)[number], string> = {
  chat: "`input` is the body of `POST /api/v1/chat` without `stream` and `conversation_id`.",
  write: "`input` is the body of `POST /api/v1/write` without `stream`.",
  outline: "`input` is the body of `POST /api/v1/outline`.",
  draft: "A whole article, written section by section: `input` gives either an `outline` (as `POST /api/v1/outline` returns it) or a `topic` (the outline is written first, with `sections`, `audience`, `tone`). `progress` moves on as each section is done; the result holds the sections so far, then the whole article as `markdown`.",
  template: "`input` is `template` (a template id from `GET /api/v1/templates`) and the body of `POST /api/v1/templates/{id}` without `stream`.",
};

const schemas = {
  error: named("Error", errorSchema),
  openAIError: named("OpenAIError", openAIErrorSchema),
  v1ChatRequest: named("ChatRequest", v1ChatRequestSchema),
  completion: named("Completion", v1CompletionSchema),
  streamEvent: named("StreamEvent", v1StreamEventSchema),
  v1WriteRequest: named("WriteRequest", v1WriteRequestSchema),
  v1OutlineRequest: named("OutlineRequest", v1OutlineRequestSchema),
  v1OutlineResponse: named("OutlineResponse", v1OutlineResponseSchema),
  outline: named("Outline", outlineSchema),
  templateList: named("TemplateList", z.object({ data: z.array(templateInfoSchema) })),
  /** One body schema per template, so each template's inputs are documented in full. */
  templateRuns: anyOf(
    templateIds.map((id) =>
      named(`TemplateRun.${id}`, templateRunSchema.extend({ inputs: templates[id].inputs }), {
        title: templates[id].name,
        description: `\`POST /api/v1/templates/${id}\`: ${templates[id].description}`,
      }),
    ),
  ),
  model: named("Model", v1ModelSchema),
  modelList: named("ModelList", v1ModelListSchema),
  openAIChatRequest: named("OpenAIChatRequest", openAIChatRequestSchema),
  openAIChatCompletion: named("OpenAIChatCompletion", openAIChatCompletionSchema),
  openAIChatChunk: named("OpenAIChatChunk", openAIChatChunkSchema),
  createApiKey: named("CreateApiKeyRequest", createApiKeySchema),
  apiKeyList: named("ApiKeyList", apiKeyListSchema),
  apiKeyEnvelope: named("ApiKeyEnvelope", z.object({ key: apiKeySchema })),
  createdApiKeyEnvelope: named("CreatedApiKeyEnvelope", z.object({ key: createdApiKeySchema })),
  uiChatRequest: named("StudioChatRequest", uiChatRequestSchema),
  plainChatRequest: named("PlainChatRequest", plainChatRequestSchema),
  // lib/contracts/chat.ts types this answer as an interface only.
  studioChatCompletion: named(
    "StudioChatCompletion",
    z.object({ id: z.string(), text: z.string(), model: z.string(), finish_reason: z.string(), usage: usageSchema }),
  ),
  studioWriteRequest: named("StudioWriteRequest", writeRequestSchema),
  /** One body per job type, so each type's `input` is documented in full. */
  createJob: anyOf(
    jobTypes.map((type) =>
      named(
        `CreateJob.${type}`,
        z.strictObject({ type: z.literal(type), input: jobInputSchemas[type], webhook_url: webhookUrlSchema.optional(), metadata: jobMetadataSchema.optional() }),
        { title: `A ${type} job`, description: jobInputDescriptions[type] },
      ),
    ),
  ),
  job: named("Job", jobSchema),
  jobList: named("JobList", jobListSchema),
  studioOutlineRequest: named("StudioOutlineRequest", outlineRequestSchema),
  webhookSecret: named("WebhookSecret", webhookSecretSchema),
  webhookSecretInfo: named("WebhookSecretInfo", webhookSecretInfoSchema),
  webhookTestRequest: named("WebhookTestRequest", webhookTestRequestSchema),
  webhookDelivery: named("WebhookDelivery", webhookDeliverySchema),
  webhookDeliveryList: named("WebhookDeliveryList", webhookDeliveryListSchema),
  jobWebhookEvent: named(
    "JobWebhookEvent",
    webhookPayloadSchema.extend({
      type: z.enum(["job.succeeded", "job.failed", "job.cancelled"]),
      data: jobSchema.describe("The job exactly as `GET /api/v1/jobs/{id}` returns it."),
    }),
  ),
  testWebhookEvent: named(
    "TestWebhookEvent",
    webhookPayloadSchema.extend({ type: z.literal("webhook.test"), data: z.object({ message: z.string() }) }),
  ),
};

const params = {
  templateId: z.object({ id: z.enum(templateIds).describe("The template.") }),
  modelId: z.object({ id: z.string().describe("A model id from `GET /api/v1/models`; ids may hold slashes (`org/model`).") }),
  keyId: z.object({ id: z.uuid().describe("The key's id.") }),
  jobId: z.object({ id: z.uuid().describe("The job's id.") }),
};

/** The Standard Webhooks headers of every delivery. */
const webhookRequestHeaders = z.object({
  "webhook-id": z.string().describe("The delivery's id (`msg_…`): the same on every retry of this event. Use it to ignore duplicates."),
  "webhook-timestamp": z.string().describe("When this attempt was sent, in Unix seconds. Reject one more than 5 minutes off."),
  "webhook-signature": z
    .string()
    .describe("`v1,<base64 HMAC-SHA256 of \"<webhook-id>.<webhook-timestamp>.<body>\">` keyed with your secret; during a rotation two, space-separated."),
});

type Auth = "key" | "sessionOrKey" | "session" | "none";

const security: Record<Auth, Record<string, string[]>[]> = {
  key: [{ bearerAuth: [] }, { apiKeyHeader: [] }],
  sessionOrKey: [{ sessionCookie: [] }, { bearerAuth: [] }, { apiKeyHeader: [] }],
  session: [{ sessionCookie: [] }],
  none: [],
};

const tags = {
  chat: "Chat",
  writing: "Writing",
  templates: "Templates",
  models: "Models",
  jobs: "Jobs",
  webhooks: "Webhooks",
  openai: "OpenAI compatible",
  meta: "Documentation",
  studio: "Studio",
  keys: "Keys (browser session)",
} as const;

interface Operation {
  method: "get" | "post" | "delete";
  path: string;
  tag: (typeof tags)[keyof typeof tags];
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

const successHeaders = (metered: boolean, extra: HeaderName[] = []) =>
  headerRefs(["X-Request-Id", ...(metered ? [...rateLimitHeaders, ...budgetHeaders] : []), ...extra]);

const jsonResponse = (description: string, schema: z.ZodType, metered: boolean, extra: HeaderName[] = []): ResponseConfig => ({
  description,
  headers: successHeaders(metered, extra),
  content: { "application/json": { schema } },
});

const sse = (data: unknown, event?: string) => `${event ? `event: ${event}\n` : ""}data: ${JSON.stringify(data)}\n\n`;

function draftwiseStreamExample(model: string): string {
  const usage = { prompt_tokens: 14, completion_tokens: 3, total_tokens: 17 };
  const events: V1StreamEvent[] = [
    { content: "Falling", finish_reason: null },
    { content: " leaves", finish_reason: null },
    { content: "", finish_reason: "stop", id: "chat-3f0c…", model, usage },
  ];
  return `${events.map((e) => sse(e)).join("")}data: [DONE]\n\n`;
}

function openAIStreamExample(model: string): string {
  const base = { id: "chatcmpl-3f0c…", object: "chat.completion.chunk" as const, created: 1_795_219_200, model };
  const chunk = (delta: OpenAIChatChunk["choices"][number]["delta"], finish: string | null): OpenAIChatChunk => ({
    ...base,
    choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
    usage: null,
  });
  const chunks: OpenAIChatChunk[] = [
    chunk({ role: "assistant", content: "" }, null),
    chunk({ content: "Falling leaves" }, null),
    chunk({}, "stop"),
    { ...base, choices: [], usage: { prompt_tokens: 14, completion_tokens: 2, total_tokens: 16 } },
  ];
  return `${chunks.map((c) => sse(c)).join("")}data: [DONE]\n\n`;
}

const streamingNote =
  "Streams are sent with `Cache-Control: no-cache, no-transform` and `X-Accel-Buffering: no`, so proxies pass every event on at once.";

const draftwiseStreamFormat = `**Server-Sent Events** (\`text/event-stream\`): one event per delta, \`data: {"content": "…", "finish_reason": null}\`; the last event carries \`finish_reason\`, \`usage\`, \`id\` and \`model\` and is followed by \`data: [DONE]\`. An error after the stream has started is sent as \`event: error\` with \`data: {"error": {"code": "…", "message": "…"}}\`, and no \`[DONE]\` follows.

**JSON lines** (\`application/x-ndjson\`, when the request sends \`Accept: application/x-ndjson\`): the same objects, one per line, without \`[DONE]\`; an error is a line \`{"error": {…}}\`.

${streamingNote} Each event is a [StreamEvent](#model/streamevent).`;

function draftwiseStreamContent(model: string, ndjson: boolean) {
  return {
    "text/event-stream": { schema: schemas.streamEvent, example: draftwiseStreamExample(model) },
    ...(ndjson
      ? {
          "application/x-ndjson": {
            schema: schemas.streamEvent,
            example: draftwiseStreamExample(model)
              .split("\n\n")
              .filter((block) => block.startsWith("data: {"))
              .map((block) => block.slice(6))
              .join("\n"),
          },
        }
      : {}),
  };
}

const textStream = (description: string) => ({ "text/plain": { schema: { type: "string" as const, description } } });

const studioAuthNote =
  "A browser route of the writing studio. It accepts the session cookie of a signed-in browser **or** an API key (`Authorization: Bearer dw_…` / `X-API-Key`); for your own code, prefer the `/api/v1` routes.";

function operations(serverUrl: string, model: string): Operation[] {
  const ex = requestExamples(model);
  const samples = (req: SampleRequest) => codeSamples(serverUrl, req);
  const v1Model = [...codes.jsonBody, ...codes.credentials, ...codes.modelCall, ...codes.always];
  const studioModel = [...codes.jsonBody, ...codes.credentials, "not_found", ...codes.modelCall, ...codes.always] as const;

  return [
    {
      method: "post",
      path: "/api/v1/chat",
      tag: tags.chat,
      operationId: "createChat",
      summary: "Chat",
      description: `Answers a conversation. One JSON answer by default; with \`"stream": true\` a stream of events.\n\n${draftwiseStreamFormat}\n\nWith \`conversation_id\`, the exchange is stored in that conversation of yours (404 if it isn't yours).`,
      auth: "key",
      body: { schema: schemas.v1ChatRequest, examples: { json: { summary: "One JSON answer", value: ex.v1Chat }, stream: { summary: "Streamed", value: ex.v1ChatStream } } },
      responses: {
        200: {
          description: "The answer: JSON, or a stream of events with `\"stream\": true`.",
          headers: successHeaders(true, ["X-Draftwise-Model"]),
          content: { "application/json": { schema: schemas.completion }, ...draftwiseStreamContent(model, true) },
        },
      },
      errors: [...v1Model, "not_found"],
      samples: samples({ method: "POST", path: "/api/v1/chat", body: ex.v1ChatStream, auth: "key", response: "sse" }),
    },
    {
      method: "post",
      path: "/api/v1/write",
      tag: tags.writing,
      operationId: "createWriting",
      summary: "Write or rewrite text",
      description: `Writes from an instruction (\`"action": "write"\`, the default) or rewrites \`prompt\` (\`improve\`, \`shorter\`, \`longer\`, \`fix\`, \`tone\`, \`summarize\`, \`continue\`, \`custom\`). \`prompt\` is trimmed and must be 1–${limits.promptChars} characters.\n\nStreams by default; \`"stream": false\` gives one JSON answer.\n\n${draftwiseStreamFormat}`,
      auth: "key",
      body: { schema: schemas.v1WriteRequest, example: ex.v1Write },
      responses: {
        200: {
          description: "A stream of events, or one JSON answer with `\"stream\": false`.",
          headers: successHeaders(true, ["X-Draftwise-Model"]),
          content: { ...draftwiseStreamContent(model, true), "application/json": { schema: schemas.completion } },
        },
      },
      errors: v1Model,
      samples: samples({ method: "POST", path: "/api/v1/write", body: ex.v1Write, auth: "key", response: "sse" }),
    },
    {
      method: "post",
      path: "/api/v1/outline",
      tag: tags.writing,
      operationId: "createOutline",
      summary: "Outline an article",
      description: "An article outline: a title and 3–7 sections with key points, checked against its schema before it is returned.",
      auth: "key",
      body: { schema: schemas.v1OutlineRequest, example: ex.v1Outline },
      responses: { 200: jsonResponse("The outline.", schemas.v1OutlineResponse, true, ["X-Draftwise-Model"]) },
      errors: v1Model,
      samples: samples({ method: "POST", path: "/api/v1/outline", body: ex.v1Outline, auth: "key", response: "json" }),
    },
    {
      method: "get",
      path: "/api/v1/templates",
      tag: tags.templates,
      operationId: "listTemplates",
      summary: "List templates",
      description: `The writing templates, each with the JSON Schema of its \`inputs\`: ${templateIds.map((id) => `\`${id}\``).join(", ")}.`,
      auth: "key",
      responses: { 200: jsonResponse("The templates.", schemas.templateList, true) },
      errors: [...codes.credentials, ...codes.limited, ...codes.always],
      samples: samples({ method: "GET", path: "/api/v1/templates", auth: "key", response: "json" }),
    },
    {
      method: "post",
      path: "/api/v1/templates/{id}",
      tag: tags.templates,
      operationId: "runTemplate",
      summary: "Run a template",
      description: `Runs a template on typed inputs: for example \`marketing-campaign\` turns a brand name into a campaign strategy. The body's \`inputs\` must match the template's own schema (one per template below, also in \`GET /api/v1/templates\`); a body that is well-formed but whose \`inputs\` don't match is a **422** \`unprocessable_request\` whose \`param\` names the input (\`inputs.brand\`). An unknown template id is a 404.\n\nStreams by default; \`"stream": false\` gives one JSON answer.\n\n${draftwiseStreamFormat}`,
      auth: "key",
      params: params.templateId,
      body: {
        schema: schemas.templateRuns,
        description: "The template's `inputs` (its schema depends on `{id}`) and generation options.",
        examples: Object.fromEntries(
          templateIds.map((id) => [id, { summary: templates[id].name, value: { inputs: templateInputExamples[id] } }]),
        ),
      },
      responses: {
        200: {
          description: "A stream of events, or one JSON answer with `\"stream\": false`.",
          headers: successHeaders(true, ["X-Draftwise-Model"]),
          content: { ...draftwiseStreamContent(model, true), "application/json": { schema: schemas.completion } },
        },
      },
      errors: [...v1Model, "not_found", "unprocessable_request"],
      errorParams: { not_found: "id", unprocessable_request: "inputs.brand" },
      samples: samples({ method: "POST", path: "/api/v1/templates/marketing-campaign", body: ex.templateRun, auth: "key", response: "sse" }),
    },
    {
      method: "post",
      path: "/api/v1/jobs",
      tag: tags.jobs,
      operationId: "createJob",
      summary: "Submit a job",
      description:
        "Queues work to run in the background and answers **202** at once with the job (`status: \"queued\"`) and a `Location` header; poll `GET /api/v1/jobs/{id}`, or give a `webhook_url`. `input` is the body the type's own route takes (`chat` → `POST /api/v1/chat`, `write` → `POST /api/v1/write`, `outline` → `POST /api/v1/outline`, `template` → `POST /api/v1/templates/{id}` plus `template`), without `stream`; `draft` writes a whole article from an `outline` or a `topic`, section by section. A problem in `input` names its field (`input.messages`).\n\n" +
        "**Webhook:** with `webhook_url`, the job's outcome (`job.succeeded`, `job.failed`, `job.cancelled`) is POSTed there, signed per Standard Webhooks (see Webhooks in the introduction). It needs a webhook secret (else 422 `webhook_secret_required`), and a URL whose host resolves to a private, loopback or link-local address is refused with a 422 `unprocessable_request` naming `webhook_url`.\n\n" +
        "**Idempotency:** send an `Idempotency-Key` header (1–255 visible ASCII characters) and a retried submission returns the original job (202, `Idempotent-Replayed: true`) instead of a second one; the same key with a different body is a 422 naming `Idempotency-Key`. Keys are per account; a retry that arrives while the first submission is still being accepted is a 409 `request_in_progress` (retry it in a moment).\n\n" +
        "Jobs are stored until you fetch them, so an account set not to store content (`store_content: false`) gets a 422 `content_storage_disabled`. A job survives a restart of the server: a queued one runs after it, a running one is run again (up to `JOBS_MAX_ATTEMPTS` runs, then it fails with `job_interrupted`).",
      auth: "key",
      body: {
        schema: schemas.createJob,
        examples: {
          write: { summary: "A write job", value: { type: "write", input: ex.v1Write, metadata: { order: "A-1042" } } },
          draft: {
            summary: "A draft with a webhook",
            value: { type: "draft", input: { topic: "Writing every day", sections: 4, audience: "new bloggers" }, webhook_url: "https://example.com/hooks/draftwise" },
          },
        },
      },
      responses: { 202: jsonResponse("The job, queued (or, for a replayed Idempotency-Key, the original job as it is now).", schemas.job, true) },
      errors: [
        ...codes.jsonBody,
        ...codes.credentials,
        "request_in_progress",
        "unprocessable_request",
        "content_storage_disabled",
        "webhook_secret_required",
        ...codes.limited,
        ...codes.always,
      ],
      errorParams: {
        invalid_request: "input.messages",
        unprocessable_request: "webhook_url",
        content_storage_disabled: "store_content",
        webhook_secret_required: "webhook_url",
        request_in_progress: "Idempotency-Key",
      },
      samples: samples({ method: "POST", path: "/api/v1/jobs", body: { type: "write", input: ex.v1Write }, auth: "key", response: "json" }),
    },
    {
      method: "get",
      path: "/api/v1/jobs",
      tag: tags.jobs,
      operationId: "listJobs",
      summary: "List jobs",
      description: "Your jobs, newest first. `status` filters; `limit` (1–100, default 20) and `cursor` (a previous answer's `next_cursor`) page through them.",
      auth: "key",
      query: jobListQuerySchema,
      responses: { 200: jsonResponse("A page of jobs.", schemas.jobList, true) },
      errors: [...codes.credentials, "invalid_request", ...codes.limited, ...codes.always],
      errorParams: { invalid_request: "status" },
      samples: samples({ method: "GET", path: "/api/v1/jobs?status=succeeded&limit=20", auth: "key", response: "json" }),
    },
    {
      method: "get",
      path: "/api/v1/jobs/{id}",
      tag: tags.jobs,
      operationId: "getJob",
      summary: "Get a job",
      description: "A job's status (`queued`, `running`, `succeeded`, `failed`, `cancelled`), progress, result or error, and the tokens it used. Another account's job is a 404.",
      auth: "key",
      params: params.jobId,
      responses: { 200: jsonResponse("The job.", schemas.job, true) },
      errors: [...codes.credentials, "not_found", ...codes.limited, ...codes.always],
      errorParams: { not_found: "id" },
      samples: samples({ method: "GET", path: "/api/v1/jobs/5b0e6c1e-8f7a-4d6b-9a39-3c1f2e7d9a10", auth: "key", response: "json" }),
    },
    {
      method: "delete",
      path: "/api/v1/jobs/{id}",
      tag: tags.jobs,
      operationId: "cancelJob",
      summary: "Cancel a job",
      description: "Cancels a queued or running job: a running one stops its model call at once (the tokens it used so far are counted). Cancelling again, or cancelling a finished job, answers 200 with the job as it is.",
      auth: "key",
      params: params.jobId,
      responses: { 200: jsonResponse("The job, cancelled (or as it already was).", schemas.job, true) },
      errors: [...codes.credentials, "not_found", ...codes.limited, ...codes.always],
      errorParams: { not_found: "id" },
      samples: samples({ method: "DELETE", path: "/api/v1/jobs/5b0e6c1e-8f7a-4d6b-9a39-3c1f2e7d9a10", auth: "key", response: "json" }),
    },
    {
      method: "get",
      path: "/api/v1/jobs/{id}/deliveries",
      tag: tags.jobs,
      operationId: "listJobDeliveries",
      summary: "List a job's webhook deliveries",
      description:
        "The delivery log of a job with a `webhook_url`: its deliveries, newest first, each with every attempt in order (start time, duration, the receiver's status code or `null`, and why it failed). `status` is `pending` while attempts remain (`next_attempt_at` says when), `delivered` after a 2xx, `failed` once the retries ran out. A job without `webhook_url` has none; another account's job is a 404.",
      auth: "key",
      params: params.jobId,
      responses: { 200: jsonResponse("The job's deliveries.", schemas.webhookDeliveryList, true) },
      errors: [...codes.credentials, "not_found", ...codes.limited, ...codes.always],
      errorParams: { not_found: "id" },
      samples: samples({ method: "GET", path: "/api/v1/jobs/5b0e6c1e-8f7a-4d6b-9a39-3c1f2e7d9a10/deliveries", auth: "key", response: "json" }),
    },
    {
      method: "post",
      path: "/api/v1/webhooks/secret",
      tag: tags.webhooks,
      operationId: "createWebhookSecret",
      summary: "Create or rotate the webhook secret",
      description:
        "Creates your webhook signing secret (`whsec_` + base64 of 32 random bytes), or rotates it. **The secret is in this answer only**: store it now. After a rotation, deliveries are signed with the new and the previous secret until `previous_secret_expires_at` (24 hours), so your receiver can switch over without dropping events.",
      auth: "key",
      responses: { 201: jsonResponse("The new secret.", schemas.webhookSecret, true) },
      errors: [...codes.credentials, ...codes.limited, ...codes.always],
      samples: samples({ method: "POST", path: "/api/v1/webhooks/secret", auth: "key", response: "json" }),
    },
    {
      method: "get",
      path: "/api/v1/webhooks/secret",
      tag: tags.webhooks,
      operationId: "getWebhookSecretInfo",
      summary: "Get the webhook secret's state",
      description: "Whether you have a webhook secret, when it was made, and until when a rotated-out one still signs. Never the secret itself.",
      auth: "key",
      responses: { 200: jsonResponse("The secret's state.", schemas.webhookSecretInfo, true) },
      errors: [...codes.credentials, ...codes.limited, ...codes.always],
      samples: samples({ method: "GET", path: "/api/v1/webhooks/secret", auth: "key", response: "json" }),
    },
    {
      method: "post",
      path: "/api/v1/webhooks/test",
      tag: tags.webhooks,
      operationId: "sendWebhookTest",
      summary: "Send a test event",
      description:
        "Sends one signed `webhook.test` event to `url` now (once, no retries) and answers **200** with the delivery and its attempt — a receiver that answers 500 or can't be reached is reported in `attempts[0]` (`status_code`, `error`), not as an error of this call. Needs a webhook secret (422 `webhook_secret_required`); `url` is held to the same address rules as a job's `webhook_url` (422 naming `url`).",
      auth: "key",
      body: { schema: schemas.webhookTestRequest, example: { url: "https://example.com/hooks/draftwise" } },
      responses: { 200: jsonResponse("The delivery and how its attempt went.", schemas.webhookDelivery, true) },
      errors: [...codes.jsonBody, ...codes.credentials, "unprocessable_request", "webhook_secret_required", ...codes.limited, ...codes.always],
      errorParams: { invalid_request: "url", unprocessable_request: "url" },
      samples: samples({ method: "POST", path: "/api/v1/webhooks/test", body: { url: "https://example.com/hooks/draftwise" }, auth: "key", response: "json" }),
    },
    {
      method: "get",
      path: "/api/v1/models",
      tag: tags.models,
      operationId: "listModels",
      summary: "List models",
      description:
        "The models this server is configured with, in OpenAI's list format (`object: \"list\"`, `data[].id`, `owned_by`, …) with Draftwise's details beside the standard fields, so Draftwise clients and OpenAI clients (`client.models.list()`) read the same answer.",
      auth: "key",
      responses: { 200: jsonResponse("The models.", schemas.modelList, true) },
      errors: [...codes.credentials, ...codes.limited, ...codes.always],
      samples: [
        ...samples({ method: "GET", path: "/api/v1/models", auth: "key", response: "json" }),
        ...openAISdkSamples(serverUrl, "models", model),
      ],
    },
    {
      method: "get",
      path: "/api/v1/models/{id}",
      tag: tags.models,
      operationId: "getModel",
      summary: "Get a model",
      description: "One configured model, in OpenAI's format with Draftwise's details (`client.models.retrieve(id)`).",
      auth: "key",
      params: params.modelId,
      responses: { 200: jsonResponse("The model.", schemas.model, true) },
      errors: [...codes.credentials, ...codes.limited, "not_found", ...codes.always],
      errorParams: { not_found: "model" },
      samples: [
        ...samples({ method: "GET", path: `/api/v1/models/${encodeURIComponent(model)}`, auth: "key", response: "json" }),
        ...openAISdkSamples(serverUrl, "model", model),
      ],
    },
    {
      method: "post",
      path: "/api/v1/chat/completions",
      tag: tags.openai,
      operationId: "createChatCompletion",
      summary: "Chat completions (OpenAI compatible)",
      description: `OpenAI's Chat Completions API, so the official \`openai\` SDKs and any OpenAI client work against Draftwise: set the client's base URL to \`${serverUrl}/api/v1\` and its API key to a Draftwise key.\n\nNon-streaming answers are a \`chat.completion\`. With \`"stream": true\` the answer is Server-Sent Events of \`chat.completion.chunk\` objects (\`choices[].delta\`, \`finish_reason\` on the last choice chunk), ended by \`data: [DONE]\`; with \`"stream_options": {"include_usage": true}\` a last chunk with empty \`choices\` carries \`usage\` (and \`usage\` is \`null\` on the others). ${streamingNote}\n\nUnknown fields are accepted and ignored; \`tools\`/\`functions\` and \`n\` > 1 are refused with a 400 naming the field, and an unknown \`model\` is a 404 as on OpenAI. **Errors use OpenAI's shape** \`{"error": {"message", "type", "param", "code"}}\` (\`code\` is Draftwise's error code), not Draftwise's.`,
      auth: "key",
      body: { schema: schemas.openAIChatRequest, example: ex.openAIChat },
      responses: {
        200: {
          description: "A `chat.completion`, or with `\"stream\": true` a stream of `chat.completion.chunk` events.",
          headers: successHeaders(true, ["X-Draftwise-Model"]),
          content: {
            "application/json": { schema: schemas.openAIChatCompletion },
            "text/event-stream": { schema: schemas.openAIChatChunk, example: openAIStreamExample(model) },
          },
        },
      },
      errors: v1Model,
      errorShape: "openai",
      samples: [
        ...samples({ method: "POST", path: "/api/v1/chat/completions", body: ex.openAIChat, auth: "key", response: "json" }),
        ...openAISdkSamples(serverUrl, "chat", model),
      ],
    },
    {
      method: "get",
      path: "/api/v1/openapi.json",
      tag: tags.meta,
      operationId: "getOpenApiDocument",
      summary: "This OpenAPI document",
      description: "The OpenAPI 3.1 document of this API, generated from the schemas that validate the requests. No authentication. The interactive reference is at `/docs`.",
      auth: "none",
      responses: {
        200: {
          description: "The document.",
          headers: successHeaders(false),
          content: { "application/json": { schema: { type: "object", description: "An OpenAPI 3.1 document." } } },
        },
      },
      errors: codes.always,
      samples: samples({ method: "GET", path: "/api/v1/openapi.json", auth: "none", response: "json" }),
    },
    {
      method: "get",
      path: "/api/keys",
      tag: tags.keys,
      operationId: "listApiKeys",
      summary: "List your API keys",
      description: "Your API keys (never the secrets), with their limits and what their budgets have left. Needs the session cookie of a signed-in browser; API keys can't manage keys.",
      auth: "session",
      responses: { 200: jsonResponse("The keys.", schemas.apiKeyList, false) },
      errors: [...codes.session, ...codes.always],
      samples: samples({ method: "GET", path: "/api/keys", auth: "session", response: "json" }),
    },
    {
      method: "post",
      path: "/api/keys",
      tag: tags.keys,
      operationId: "createApiKey",
      summary: "Create an API key",
      description: "A new key. The secret (`key.key`) is in this answer only: store it now. `expires_at` in the past is a 422. Needs the session cookie.",
      auth: "session",
      body: { schema: schemas.createApiKey, example: ex.createKey },
      responses: {
        201: {
          description: "The key, with its secret.",
          headers: successHeaders(false),
          content: { "application/json": { schema: schemas.createdApiKeyEnvelope } },
        },
      },
      errors: [...codes.jsonBody, ...codes.session, "unprocessable_request", ...codes.always],
      errorParams: { unprocessable_request: "expires_at", invalid_request: "name" },
      samples: samples({ method: "POST", path: "/api/keys", body: ex.createKey, auth: "session", response: "json" }),
    },
    {
      method: "get",
      path: "/api/keys/{id}",
      tag: tags.keys,
      operationId: "getApiKey",
      summary: "Get an API key",
      description: "One of your keys. Another user's key, or an id that is not a UUID, is a 404. Needs the session cookie.",
      auth: "session",
      params: params.keyId,
      responses: { 200: jsonResponse("The key.", schemas.apiKeyEnvelope, false) },
      errors: [...codes.session, "not_found", ...codes.always],
      errorParams: { not_found: "id" },
      samples: samples({ method: "GET", path: "/api/keys/2f6c1a9e-6f1b-4d7e-9a51-0c1d2e3f4a5b", auth: "session", response: "json" }),
    },
    {
      method: "delete",
      path: "/api/keys/{id}",
      tag: tags.keys,
      operationId: "revokeApiKey",
      summary: "Revoke an API key",
      description: "Revokes the key at once; revoking again is harmless. The key stays listed with `status: \"revoked\"`. Needs the session cookie.",
      auth: "session",
      params: params.keyId,
      responses: { 200: jsonResponse("The revoked key.", schemas.apiKeyEnvelope, false) },
      errors: [...codes.session, "not_found", ...codes.always],
      errorParams: { not_found: "id" },
      samples: samples({ method: "DELETE", path: "/api/keys/2f6c1a9e-6f1b-4d7e-9a51-0c1d2e3f4a5b", auth: "session", response: "json" }),
    },
    {
      method: "post",
      path: "/api/chat",
      tag: tags.studio,
      operationId: "studioChat",
      summary: "Chat about a document",
      description: `${studioAuthNote}\n\nTakes the AI SDK's \`useChat\` body (\`messages\` with \`parts\`) and answers its UI message stream (Server-Sent Events of \`{"type": "text-delta", "delta": "…"}\` parts and others). \`document\` is sent to the model as context; with \`conversation_id\` the exchange is stored.`,
      auth: "sessionOrKey",
      body: {
        schema: z.union([schemas.uiChatRequest, schemas.plainChatRequest]),
        examples: {
          useChat: { summary: "useChat body", value: ex.studioChat },
          plain: { summary: "Plain messages (deprecated)", value: ex.studioChatPlain },
        },
      },
      responses: {
        200: {
          description: "The AI SDK UI message stream; for a plain body with `\"stream\": false`, one JSON answer.",
          headers: successHeaders(true, ["X-Draftwise-Model"]),
          content: {
            "text/event-stream": { schema: { type: "string", description: "The AI SDK's UI message stream protocol." } },
            "application/json": { schema: schemas.studioChatCompletion },
          },
        },
      },
      errors: studioModel,
      samples: samples({ method: "POST", path: "/api/chat", body: ex.studioChat, auth: "key", response: "ui-sse" }),
    },
    {
      method: "post",
      path: "/api/write",
      tag: tags.studio,
      operationId: "studioWrite",
      summary: "Rewrite a selection",
      description: `${studioAuthNote}\n\nRuns a writing action on \`text\` and streams the result as plain text. An error after the first token ends the stream abnormally.`,
      auth: "sessionOrKey",
      body: { schema: schemas.studioWriteRequest, example: ex.studioWrite },
      responses: {
        200: { description: "The rewritten text, streamed.", headers: successHeaders(true, ["X-Draftwise-Model"]), content: textStream("Plain text, streamed.") },
      },
      errors: studioModel,
      samples: samples({ method: "POST", path: "/api/write", body: ex.studioWrite, auth: "key", response: "text" }),
    },
    {
      method: "post",
      path: "/api/outline",
      tag: tags.studio,
      operationId: "studioOutline",
      summary: "Outline (studio)",
      description: `${studioAuthNote}\n\nStreams the outline as partial JSON text (what \`useObject\` reads); with \`Accept: application/json\`, answers the finished outline.`,
      auth: "sessionOrKey",
      body: { schema: schemas.studioOutlineRequest, example: ex.studioOutline },
      responses: {
        200: {
          description: "The outline: streamed partial JSON, or the whole object for `Accept: application/json`.",
          headers: successHeaders(true, ["X-Draftwise-Model"]),
          content: { ...textStream("The outline's JSON, streamed as it grows."), "application/json": { schema: schemas.outline } },
        },
      },
      errors: studioModel,
      samples: samples({ method: "POST", path: "/api/outline", body: ex.studioOutline, auth: "key", response: "text" }),
    },
    {
      method: "post",
      path: "/api/templates/{id}",
      tag: tags.studio,
      operationId: "studioRunTemplate",
      summary: "Run a template (studio)",
      description: `${studioAuthNote}\n\nThe same templates as \`POST /api/v1/templates/{id}\`, answered as a plain text stream.`,
      auth: "sessionOrKey",
      params: params.templateId,
      body: { schema: schemas.templateRuns, example: ex.templateRun },
      responses: {
        200: { description: "The text, streamed.", headers: successHeaders(true, ["X-Draftwise-Model"]), content: textStream("Plain text, streamed.") },
      },
      errors: [...studioModel, "unprocessable_request"],
      errorParams: { not_found: "id", unprocessable_request: "inputs.brand" },
      samples: samples({ method: "POST", path: "/api/templates/marketing-campaign", body: ex.templateRun, auth: "key", response: "text" }),
    },
    {
      method: "get",
      path: "/api/webhooks/secret",
      tag: tags.studio,
      operationId: "studioGetWebhookSecretInfo",
      summary: "Webhook secret state (studio)",
      description: `${studioAuthNote}\n\nAs \`GET /api/v1/webhooks/secret\`, for the studio's settings.`,
      auth: "sessionOrKey",
      responses: { 200: jsonResponse("The secret's state.", schemas.webhookSecretInfo, true) },
      errors: [...codes.credentials, ...codes.limited, ...codes.always],
      samples: samples({ method: "GET", path: "/api/webhooks/secret", auth: "key", response: "json" }),
    },
    {
      method: "post",
      path: "/api/webhooks/secret",
      tag: tags.studio,
      operationId: "studioRotateWebhookSecret",
      summary: "Create or rotate the webhook secret (studio)",
      description: `${studioAuthNote}\n\nAs \`POST /api/v1/webhooks/secret\`: the only answer that shows the secret.`,
      auth: "sessionOrKey",
      responses: { 201: jsonResponse("The new secret.", schemas.webhookSecret, true) },
      errors: [...codes.credentials, ...codes.limited, ...codes.always],
      samples: samples({ method: "POST", path: "/api/webhooks/secret", auth: "key", response: "json" }),
    },
    {
      method: "post",
      path: "/api/webhooks/test",
      tag: tags.studio,
      operationId: "studioSendWebhookTest",
      summary: "Send a test event (studio)",
      description: `${studioAuthNote}\n\nAs \`POST /api/v1/webhooks/test\`: the studio's "send test event".`,
      auth: "sessionOrKey",
      body: { schema: schemas.webhookTestRequest, example: { url: "https://example.com/hooks/draftwise" } },
      responses: { 200: jsonResponse("The delivery and how its attempt went.", schemas.webhookDelivery, true) },
      errors: [...codes.jsonBody, ...codes.credentials, "unprocessable_request", "webhook_secret_required", ...codes.limited, ...codes.always],
      errorParams: { invalid_request: "url", unprocessable_request: "url" },
      samples: samples({ method: "POST", path: "/api/webhooks/test", body: { url: "https://example.com/hooks/draftwise" }, auth: "key", response: "json" }),
    },
    {
      method: "get",
      path: "/api/jobs/{id}/deliveries",
      tag: tags.studio,
      operationId: "studioListJobDeliveries",
      summary: "A job's webhook deliveries (studio)",
      description: `${studioAuthNote}\n\nAs \`GET /api/v1/jobs/{id}/deliveries\`, for the jobs page.`,
      auth: "sessionOrKey",
      params: params.jobId,
      responses: { 200: jsonResponse("The job's deliveries.", schemas.webhookDeliveryList, true) },
      errors: [...codes.credentials, "not_found", ...codes.limited, ...codes.always],
      errorParams: { not_found: "id" },
      samples: samples({ method: "GET", path: "/api/jobs/5b0e6c1e-8f7a-4d6b-9a39-3c1f2e7d9a10/deliveries", auth: "key", response: "json" }),
    },
  ];
}

function describeApi(options: OpenApiOptions): string {
  const rl = options.rateLimits ?? { rpm: 60, rph: 1_000, tpm: 200_000, concurrent: 4 };
  const deprecations = options.deprecations ?? [];
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const deprecationList = deprecations.length
    ? deprecations
        .map((d) => `- \`${d.method} ${d.path}\` — ${d.form}: deprecated since ${day(d.since)}, **removed on ${day(d.sunset)}**. Use \`${d.successor}\` instead.`)
        .join("\n")
    : "- Nothing is deprecated right now.";
  return `Draftwise's writing API: chat, writing and outlines, ready templates, and an OpenAI-compatible endpoint.

## Authentication
Create a key in **Settings → API keys** and send it as \`Authorization: Bearer dw_…\` or \`X-API-Key: dw_…\`. A missing or malformed key is a 401 \`unauthorized\`/\`invalid_api_key\`; a revoked key a 401 \`invalid_api_key\`, an expired one \`expired_api_key\`. \`/api/v1\` takes API keys only; the studio routes (\`/api/chat\`, \`/api/write\`, \`/api/outline\`) also take the browser's session cookie, and key management (\`/api/keys\`) takes the session cookie only.

## Errors
Every error is \`{"error": {"code", "message", "param"?}}\` with the status that belongs to the code; \`param\` names the field at fault or the limit reached. \`POST /api/v1/chat/completions\` answers errors in OpenAI's shape instead. Every response carries \`X-Request-Id\`: send your own to correlate logs, or read the generated one.

## CORS
\`/api/v1\` answers cross-origin requests (preflight included) from the origins the operator lists in \`CORS_ORIGINS\`.

## Streaming
\`POST /api/v1/chat\` (with \`"stream": true\`), \`/api/v1/write\` and \`/api/v1/templates/{id}\` stream Server-Sent Events of \`{"content", "finish_reason"}\`, end with an event carrying \`usage\` and then \`data: [DONE]\`; errors mid-stream arrive as \`event: error\`. Send \`Accept: application/x-ndjson\` for JSON lines instead.

## Rate limits and budgets
Per user and per API key: ${rl.rpm} requests per minute, ${rl.rph} per hour, ${rl.tpm} tokens per minute and ${rl.concurrent} streams at once on this server (a key can have lower or higher limits of its own). Keys can also have daily and monthly token budgets, checked before each call with an estimate (prompt characters / 4 + \`max_tokens\`, 512 when absent) and charged with the real usage afterwards, aborted streams included. Over a limit: 429 \`rate_limited\` naming the limit in \`param\`; over a budget: 429 \`insufficient_quota\`. Both carry \`Retry-After\`. Responses carry the limits' state as \`RateLimit-Policy\` / \`RateLimit\` (IETF draft) and OpenAI's \`x-ratelimit-*\` headers, and the remaining budget as \`x-budget-remaining-tokens-daily\` / \`-monthly\`.

## Versioning and deprecation policy
Breaking changes get a new version (\`/api/v2\`); within \`/api/v1\` fields are only added. A route or request form that will go away is first deprecated: its answers then carry \`Deprecation\` (when it was deprecated, RFC 9745), \`Sunset\` (when it stops working, RFC 8594) and \`Link\` headers pointing to the successor (\`rel="successor-version"\`) and to this notice (\`rel="deprecation"\`), and it keeps working for at least six months.

${deprecationList}

${webhooksGuide}`;
}

/** Scalar's sidebar groups (and any tool that reads x-tagGroups). */
const tagGroups = [
  { name: "Developer API", tags: [tags.chat, tags.writing, tags.templates, tags.jobs, tags.webhooks, tags.models, tags.openai, tags.meta] },
  { name: "Browser routes", tags: [tags.studio, tags.keys] },
];

const tagDescriptions: Record<(typeof tags)[keyof typeof tags], string> = {
  Chat: "Conversations with the model, as JSON or streamed.",
  Writing: "Write, rewrite and outline.",
  Templates: "Ready writing templates with typed inputs.",
  Models: "The configured models, in OpenAI's list format.",
  Jobs: "Long work in the background: submit it, walk away, poll it or list it, or have its outcome POSTed to a webhook; cancel it at any time.",
  Webhooks: "The secret that signs webhook deliveries, and a test event. How deliveries look and how to verify them: see Webhooks in the introduction.",
  "OpenAI compatible": "Point the official `openai` SDKs at `/api/v1` with a Draftwise key.",
  Documentation: "This document.",
  Studio: "The writing studio's own routes: a session cookie or an API key.",
  "Keys (browser session)": "Create, list and revoke API keys from a signed-in browser.",
};

export function openApiDocument(options: OpenApiOptions) {
  const serverUrl = options.serverUrl.replace(/\/+$/, "");
  const model = options.defaultModel ?? "gpt-4.1-mini";
  const registry = new OpenAPIRegistry();
  for (const [name, header] of Object.entries(headerComponents)) registry.registerComponent("headers", name, header);
  for (const [name, example] of Object.entries(errorExampleComponents)) registry.registerComponent("examples", name, example);
  registry.registerComponent("parameters", "RequestId", {
    name: "X-Request-Id",
    in: "header",
    required: false,
    description: "Your id for this request, echoed in the response's `X-Request-Id` (a generated id replaces one that doesn't match the pattern).",
    schema: { type: "string", pattern: "^[\\w.:@/+=-]{1,128}$" },
  });
  registry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "dw_ + 40 letters and digits",
    description: "An API key from Settings → API keys, as `Authorization: Bearer dw_…`.",
  });
  registry.registerComponent("securitySchemes", "apiKeyHeader", {
    type: "apiKey",
    in: "header",
    name: "X-API-Key",
    description: "The same API key, as `X-API-Key: dw_…`.",
  });
  registry.registerComponent("securitySchemes", "sessionCookie", {
    type: "apiKey",
    in: "cookie",
    name: "authjs.session-token",
    description: "The session of a signed-in browser (`__Secure-authjs.session-token` over HTTPS).",
  });
  const notices = new Map((options.deprecations ?? []).map((d) => [`${d.method.toUpperCase()} ${d.path}`, d]));
  for (const op of operations(serverUrl, model)) {
    const notice = notices.get(`${op.method.toUpperCase()} ${op.path}`);
    const responses = { ...op.responses, ...errorResponses(op.errors, { shape: op.errorShape, params: op.errorParams }) };
    if (notice) {
      for (const response of Object.values(responses)) {
        response.headers = { ...response.headers, ...headerRefs(deprecationHeaders) };
      }
    }
    const route: RouteConfig = {
      method: op.method,
      path: op.path,
      tags: [op.tag],
      operationId: op.operationId,
      summary: op.summary,
      description: notice
        ? `${op.description}\n\n**Deprecated:** ${notice.form} — since ${notice.since.toISOString().slice(0, 10)}; they stop working on **${notice.sunset.toISOString().slice(0, 10)}** (\`Sunset\`). Use [\`${notice.successor}\`](${notice.successor}) instead. Answers to the deprecated form carry \`Deprecation\`, \`Sunset\` and \`Link\` headers.`
        : op.description,
      ...(notice && !notice.schema ? { deprecated: true } : {}),
      security: security[op.auth],
      parameters: [{ $ref: "#/components/parameters/RequestId" }],
      request: {
        ...(op.params ? { params: op.params } : {}),
        ...(op.query ? { query: op.query } : {}),
        ...(op.body
          ? {
              body: {
                required: true,
                description: op.body.description,
                content: { "application/json": { schema: op.body.schema, example: op.body.example, examples: op.body.examples } },
              },
            }
          : {}),
      },
      responses,
      "x-codeSamples": op.samples,
    };
    registry.registerPath(route);
  }

  for (const event of ["job.succeeded", "job.failed", "job.cancelled", "webhook.test"] as const) {
    const job = event !== "webhook.test";
    registry.registerWebhook({
      method: "post",
      path: event,
      tags: [tags.webhooks],
      operationId: `webhook.${event}`,
      summary: job ? `${event}: a job ${event.slice(4)}` : "webhook.test: a test event",
      description: job
        ? `POSTed to the job's \`webhook_url\` when it ends ${event === "job.succeeded" ? "with a result" : event === "job.failed" ? "with an error" : "because it was cancelled"}; \`data\` is the job as \`GET /api/v1/jobs/{id}\` returns it. Signed per Standard Webhooks: verify \`webhook-signature\` over the raw body before parsing it (see Webhooks in the introduction). Answer 2xx; anything else is retried.`
        : "Sent by `POST /api/v1/webhooks/test`, once, to check that your endpoint is reachable and verifies signatures.",
      request: {
        headers: webhookRequestHeaders,
        body: { required: true, content: { "application/json": { schema: job ? schemas.jobWebhookEvent : schemas.testWebhookEvent } } },
      },
      responses: {
        "2XX": { description: "Delivered. Any other answer, a redirect, or none within the timeout is retried on the schedule." },
      },
    });
  }

  const document = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Draftwise API",
      version: "1.0.0",
      description: describeApi(options),
    },
    servers: [{ url: serverUrl, description: "This Draftwise server" }],
    security: security.key,
    tags: Object.values(tags).map((name) => ({ name, description: tagDescriptions[name] })),
    "x-tagGroups": tagGroups,
  });

  // A deprecated request form: its schema says so (the rest of the operation stays current).
  for (const notice of options.deprecations ?? []) {
    const schema = notice.schema ? document.components?.schemas?.[notice.schema] : undefined;
    if (schema && !("$ref" in schema)) {
      Object.assign(schema, { deprecated: true, description: `${notice.form} — deprecated, removed on ${notice.sunset.toISOString().slice(0, 10)}. Use ${notice.successor}.` });
    }
  }
  return document;
}

export type OpenApiDocument = ReturnType<typeof openApiDocument>;
