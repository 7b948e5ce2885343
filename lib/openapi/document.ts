import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from "@asteasolutions/zod-to-openapi";
import { apiKeyOperations } from "./api-keys";
import { authorshipOperations } from "./authorship";
import { chatOperations } from "./chat";
import { editOperations } from "./edits";
import { describeApi } from "./introduction";
import { jobOperations } from "./jobs";
import { modelOperations } from "./models";
import { openAICompatibleOperations } from "./openai-compatible";
import { named, operationContext, security, successHeaders, tags, type Operation, type OperationContext, type Tag } from "./operation";
import type { OpenApiOptions } from "./options";
import { outlineOperations } from "./outline";
import { codes, deprecationHeaders, errorExampleComponents, errorResponses, errorSchema, headerComponents, headerRefs } from "./responses";
import { templateOperations } from "./templates";
import { registerWebhookEvents, webhookOperations } from "./webhooks";
import { writeOperations } from "./write";

/**
 * The OpenAPI 3.1 document of Draftwise's HTTP API, generated from the same zod schemas that
 * validate the requests. Isomorphic: no server imports; what only the server knows (its URL,
 * the default model, the rate limits, the deprecations) comes in as options.
 */

/** Every documented operation: the route-walk test compares this with app/api. */
export const documentedRoutes = [
  "POST /api/v1/chat",
  "POST /api/v1/write",
  "POST /api/v1/edits",
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
  "GET /api/v1/documents/{id}/authorship",
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
  "POST /api/edits",
  "POST /api/outline",
  "POST /api/templates/{id}",
  "GET /api/webhooks/secret",
  "POST /api/webhooks/secret",
  "POST /api/webhooks/test",
  "GET /api/jobs/{id}/deliveries",
] as const;

// Component names for the shared schemas. This annotates them in zod-to-openapi's own registry

named("Error", errorSchema);

/** `GET /api/v1/openapi.json`: this document. */
function documentationOperations({ samples }: OperationContext): Operation[] {
  return [
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
  ];
}

/** Every operation, in the order of the reference's sidebar: the developer API first, then the studio's routes. */
function operations(serverUrl: string, model: string): Operation[] {
  const context = operationContext(serverUrl, model);
  const chat = chatOperations(context);
  const write = writeOperations(context);
  const edits = editOperations(context);
  const outline = outlineOperations(context);
  const templates = templateOperations(context);
  const jobs = jobOperations(context);
  const webhooks = webhookOperations(context);
  return [
    ...chat.api,
    ...write.api,
    ...edits.api,
    ...outline.api,
    ...templates.api,
    ...jobs.api,
    ...authorshipOperations(context).api,
    ...webhooks.api,
    ...modelOperations(context).api,
    ...openAICompatibleOperations(context).api,
    ...documentationOperations(context),
    ...apiKeyOperations(context).api,
    ...chat.studio,
    ...write.studio,
    ...edits.studio,
    ...outline.studio,
    ...templates.studio,
    ...webhooks.studio,
    ...jobs.studio,
  ];
}

/** Scalar's sidebar groups (and any tool that reads x-tagGroups). */
const tagGroups = [
  { name: "Developer API", tags: [tags.chat, tags.writing, tags.templates, tags.jobs, tags.documents, tags.webhooks, tags.models, tags.openai, tags.meta] },
  { name: "Browser routes", tags: [tags.studio, tags.keys] },
];

const tagDescriptions: Record<Tag, string> = {
  Chat: "Conversations with the model, as JSON or streamed.",
  Writing: "Write, rewrite, edit as hunks and outline.",
  Templates: "Ready writing templates with typed inputs.",
  Models: "The configured models, in OpenAI's list format.",
  Jobs: "Long work in the background: submit it, walk away, poll it or list it, or have its outcome POSTed to a webhook; cancel it at any time.",
  Documents: "Your studio documents' authorship records: who wrote what.",
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

  registerWebhookEvents(registry);

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

