import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { createApiKeySchema } from "@/lib/contracts/api-keys";
import { editRequestSchema, studioEditRequestSchema } from "@/lib/contracts/edits";
import { plainChatRequestSchema, uiChatRequestSchema } from "@/lib/contracts/chat";
import { openAIChatRequestSchema } from "@/lib/contracts/openai";
import { outlineRequestSchema } from "@/lib/contracts/outline";
import { templateIds, templateRunSchema, templates } from "@/lib/contracts/templates";
import { v1ChatRequestSchema, v1OutlineRequestSchema, v1WriteRequestSchema } from "@/lib/contracts/v1";
import { writeRequestSchema } from "@/lib/contracts/write";
import { AppError } from "@/lib/errors";
import { documentedRoutes, openApiDocument } from "@/lib/openapi/document";
import { requestExamples, templateInputExamples } from "@/lib/openapi/examples";
import { nodeVerifySnippet, pythonVerifySnippet } from "@/lib/openapi/webhooks";
import { webhookHeaders, newWebhookSecret } from "@/lib/server/webhooks/sign";
import { deprecated, deprecations } from "@/lib/server/deprecation";

const serverUrl = "https://draftwise.example";
const doc = openApiDocument({ serverUrl, defaultModel: "fake-model", deprecations: Object.values(deprecations) });

type Json = Record<string, unknown>;
interface Operation {
  summary: string;
  description: string;
  security: Json[];
  responses: Record<string, { description: string; headers?: Record<string, { $ref: string }>; content?: Record<string, Json> }>;
  requestBody?: { content: Record<string, { schema: Json }> };
  "x-codeSamples": { lang: string; label: string; source: string }[];
}

const paths = doc.paths as Record<string, Record<string, Operation>>;
const operation = (route: string): Operation => {
  const [method, p] = route.split(" ") as [string, string];
  const op = paths[p]?.[method.toLowerCase()];
  if (!op) throw new Error(`${route} is not documented`);
  return op;
};
const allOperations = documentedRoutes.map((route) => [route, operation(route)] as const);
const headerNames = (response: { headers?: Record<string, { $ref: string }> }) => Object.keys(response.headers ?? {});

// Everything a model-calling route can answer, and what the other routes add or lack.
const generating = ["200", "400", "401", "405", "413", "415", "429", "500", "502", "503", "504"];
const expectedStatuses: Record<(typeof documentedRoutes)[number], string[]> = {
  "POST /api/v1/chat": [...generating, "404"],
  "POST /api/v1/write": generating,
  "POST /api/v1/edits": generating,
  "POST /api/v1/outline": generating,
  "GET /api/v1/templates": ["200", "401", "405", "429", "500", "503"],
  "POST /api/v1/templates/{id}": [...generating, "404", "422"],
  "GET /api/v1/models": ["200", "401", "405", "429", "500", "503"],
  "GET /api/v1/models/{id}": ["200", "401", "404", "405", "429", "500", "503"],
  "POST /api/v1/chat/completions": [...generating, "404"],
  "POST /api/v1/jobs": ["202", "400", "401", "405", "409", "413", "415", "422", "429", "500", "503"],
  "GET /api/v1/jobs": ["200", "400", "401", "405", "429", "500", "503"],
  "GET /api/v1/jobs/{id}": ["200", "401", "404", "405", "429", "500", "503"],
  "DELETE /api/v1/jobs/{id}": ["200", "401", "404", "405", "429", "500", "503"],
  "GET /api/v1/jobs/{id}/deliveries": ["200", "401", "404", "405", "429", "500", "503"],
  "GET /api/v1/documents/{id}/authorship": ["200", "400", "401", "404", "405", "429", "500", "503"],
  "POST /api/v1/webhooks/secret": ["201", "401", "405", "429", "500", "503"],
  "GET /api/v1/webhooks/secret": ["200", "401", "405", "429", "500", "503"],
  "POST /api/v1/webhooks/test": ["200", "400", "401", "405", "413", "415", "422", "429", "500", "503"],
  "GET /api/v1/openapi.json": ["200", "405", "500"],
  "GET /api/keys": ["200", "401", "405", "500"],
  "POST /api/keys": ["201", "400", "401", "405", "413", "415", "422", "500"],
  "GET /api/keys/{id}": ["200", "401", "404", "405", "500"],
  "DELETE /api/keys/{id}": ["200", "401", "404", "405", "500"],
  "POST /api/chat": [...generating, "404"],
  "POST /api/write": [...generating, "404"],
  "POST /api/edits": [...generating, "404"],
  "POST /api/outline": [...generating, "404"],
  "POST /api/templates/{id}": [...generating, "404", "422"],
  "GET /api/webhooks/secret": ["200", "401", "405", "429", "500", "503"],
  "POST /api/webhooks/secret": ["201", "401", "405", "429", "500", "503"],
  "POST /api/webhooks/test": ["200", "400", "401", "405", "413", "415", "422", "429", "500", "503"],
  "GET /api/jobs/{id}/deliveries": ["200", "401", "404", "405", "429", "500", "503"],
};

/** `app/api/v1/models/[...id]/route.ts` → `GET /api/v1/models/{id}`, for every method a route really serves. */
function implementedRoutes(dir: string): string[] {
  const root = path.resolve(import.meta.dirname, "../..");
  const files = readdirSync(path.join(root, dir), { recursive: true, encoding: "utf8" }).filter((f) => path.basename(f) === "route.ts");
  return files.flatMap((file) => {
    const urlPath = `/${path.join(dir.replace(/^app\//, ""), path.dirname(file))}`
      .split(path.sep)
      .join("/")
      .replace(/\[(?:\.\.\.)?(\w+)\]/g, "{$1}");
    const source = readFileSync(path.join(root, dir, file), "utf8");
    // Real handlers are exported one by one; the 405 answers come destructured from otherMethods().
    const methods = [...source.matchAll(/export (?:const|async function) (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]);
    return methods.map((method) => `${method} ${urlPath}`);
  });
}

describe("the OpenAPI document", () => {
  it("validates against the OpenAPI 3.1 schema", async () => {
    const result = await new Validator().validate(doc as unknown as Json);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
  });

  it("lists every route with every status it can return", () => {
    for (const [route, op] of allOperations) {
      expect(Object.keys(op.responses).sort(), route).toEqual([...expectedStatuses[route]].sort());
    }
    const documented = Object.entries(paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    expect(documented.sort()).toEqual([...documentedRoutes].sort());
  });

  it("has a path for every route under app/api/v1, and a route for every documented /api/v1 path", () => {
    const implemented = implementedRoutes("app/api/v1");
    const documentedV1 = documentedRoutes.filter((r) => r.includes(" /api/v1/"));
    expect(implemented.sort()).toEqual([...documentedV1].sort());
  });

  it("documents browser routes that exist", () => {
    const implemented = new Set(["keys", "chat", "write", "edits", "outline", "templates", "webhooks", "jobs"].flatMap((dir) => implementedRoutes(`app/api/${dir}`)));
    for (const route of documentedRoutes.filter((r) => !r.includes(" /api/v1/"))) expect(implemented, route).toContain(route);
  });

  it("answers every error with the one error body, its codes and the headers that explain it", () => {
    for (const [route, op] of allOperations) {
      for (const [status, response] of Object.entries(op.responses)) {
        expect(headerNames(response), `${route} ${status}`).toContain("X-Request-Id");
        if (Number(status) < 400) continue;
        const media = response.content?.["application/json"] as { schema: { $ref: string }; examples: Json };
        const errorSchema = route === "POST /api/v1/chat/completions" ? "OpenAIError" : "Error";
        expect(media.schema.$ref, `${route} ${status}`).toBe(`#/components/schemas/${errorSchema}`);
        expect(Object.keys(media.examples).length).toBeGreaterThan(0);
        for (const code of Object.keys(media.examples)) expect(response.description).toContain(`\`${code}\``);
        if (status === "405") expect(headerNames(response)).toContain("Allow");
        if (status === "503") expect(headerNames(response)).toContain("Retry-After");
        if (status === "429") {
          expect(headerNames(response)).toEqual(
            expect.arrayContaining([
              "Retry-After",
              "RateLimit-Policy",
              "RateLimit",
              "x-ratelimit-limit-requests",
              "x-ratelimit-remaining-requests",
              "x-ratelimit-reset-requests",
              "x-ratelimit-limit-tokens",
              "x-ratelimit-remaining-tokens",
              "x-ratelimit-reset-tokens",
              "x-budget-remaining-tokens-daily",
              "x-budget-remaining-tokens-monthly",
            ]),
          );
        }
      }
    }
    const errorCodes = (doc.components?.schemas?.Error as { properties: { error: { properties: { code: { enum: string[] } } } } }).properties
      .error.properties.code.enum;
    expect(errorCodes).toEqual(expect.arrayContaining(["invalid_api_key", "expired_api_key", "insufficient_quota", "limits_unavailable"]));
  });

  it("names the codes each status stands for", () => {
    const chat = operation("POST /api/v1/chat").responses;
    for (const code of ["invalid_request", "invalid_json", "context_length_exceeded", "model_not_found"]) expect(chat["400"]!.description).toContain(code);
    for (const code of ["unauthorized", "invalid_api_key", "expired_api_key"]) expect(chat["401"]!.description).toContain(code);
    for (const code of ["rate_limited", "insufficient_quota"]) expect(chat["429"]!.description).toContain(code);
    for (const code of ["model_not_configured", "upstream_unavailable", "limits_unavailable"]) expect(chat["503"]!.description).toContain(code);
    expect(chat["502"]!.description).toContain("upstream_error");
    expect(chat["504"]!.description).toContain("upstream_timeout");
    const template = operation("POST /api/v1/templates/{id}").responses["422"]!;
    const example = (template.content!["application/json"] as { examples: Record<string, { value: { error: { param: string } } }> }).examples;
    expect(example.unprocessable_request!.value.error.param).toBe("inputs.brand");
  });

  it("documents the rate-limit and budget headers on metered answers", () => {
    for (const route of ["POST /api/v1/chat", "POST /api/v1/chat/completions", "GET /api/v1/models", "POST /api/chat"] as const) {
      expect(headerNames(operation(route).responses["200"]!)).toEqual(
        expect.arrayContaining(["X-Request-Id", "RateLimit", "x-ratelimit-remaining-tokens", "x-budget-remaining-tokens-daily"]),
      );
    }
    expect(headerNames(operation("GET /api/v1/openapi.json").responses["200"]!)).toEqual(["X-Request-Id"]);
  });

  it("describes the streaming formats", () => {
    const content = operation("POST /api/v1/chat").responses["200"]!.content!;
    expect(Object.keys(content)).toEqual(expect.arrayContaining(["application/json", "text/event-stream", "application/x-ndjson"]));
    const description = operation("POST /api/v1/chat").description;
    for (const part of ["data: [DONE]", "event: error", "finish_reason", "usage", "application/x-ndjson"]) expect(description).toContain(part);
    expect(String(content["text/event-stream"]!.example)).toMatch(/"finish_reason":"stop".*\n\ndata: \[DONE\]\n\n$/s);
    const openai = operation("POST /api/v1/chat/completions");
    expect(openai.description).toContain("include_usage");
    expect(String(openai.responses["200"]!.content!["text/event-stream"]!.example)).toContain('"choices":[],"usage":{');
    expect(Object.keys(operation("POST /api/v1/write").responses["200"]!.content!)[0]).toBe("text/event-stream");
  });

  it("documents each template's own inputs", () => {
    const body = operation("POST /api/v1/templates/{id}").requestBody!.content["application/json"]!.schema as { anyOf: { $ref: string }[] };
    expect(body.anyOf.map((s) => s.$ref)).toEqual(templateIds.map((id) => `#/components/schemas/TemplateRun.${id}`));
    const campaign = doc.components?.schemas?.["TemplateRun.marketing-campaign"] as { title: string; properties: { inputs: { required: string[] } } };
    expect(campaign.title).toBe("Marketing campaign");
    expect(campaign.properties.inputs.required).toEqual(["brand"]);
  });

  it("declares the API key schemes, the session cookie and this server", () => {
    expect(Object.keys(doc.components?.securitySchemes ?? {}).sort()).toEqual(["apiKeyHeader", "bearerAuth", "sessionCookie"]);
    expect(doc.servers).toEqual([{ url: serverUrl, description: expect.any(String) }]);
    expect(operation("POST /api/v1/chat").security).toEqual([{ bearerAuth: [] }, { apiKeyHeader: [] }]);
    expect(operation("GET /api/v1/openapi.json").security).toEqual([]);
    expect(operation("GET /api/keys").security).toEqual([{ sessionCookie: [] }]);
    expect(operation("POST /api/write").security).toContainEqual({ sessionCookie: [] });
    expect(operation("POST /api/write").security).toContainEqual({ bearerAuth: [] });
  });

  it("marks the plain chat body deprecated, with its sunset date, and keeps the useChat body current", () => {
    const chat = operation("POST /api/chat");
    expect(chat).not.toHaveProperty("deprecated");
    expect(doc.components?.schemas?.PlainChatRequest).toMatchObject({ deprecated: true });
    expect(doc.components?.schemas?.StudioChatRequest).not.toHaveProperty("deprecated");
    expect(chat.description).toContain("2027-06-01");
    expect(headerNames(chat.responses["200"]!)).toEqual(expect.arrayContaining(["Deprecation", "Sunset", "Link"]));
    expect(doc.info.description).toMatch(/deprecat.*2027-06-01/is);
  });
});

describe("webhooks in the document", () => {
  it("documents every event as an OpenAPI webhook with the Standard Webhooks headers and its payload", () => {
    const webhooks = (doc as unknown as { webhooks: Record<string, { post: Json }> }).webhooks;
    expect(Object.keys(webhooks).sort()).toEqual(["job.cancelled", "job.failed", "job.succeeded", "webhook.test"]);
    for (const [event, { post }] of Object.entries(webhooks)) {
      const headers = (post.parameters as { name: string; in: string }[]).filter((p) => p.in === "header").map((p) => p.name);
      expect(headers, event).toEqual(expect.arrayContaining(["webhook-id", "webhook-timestamp", "webhook-signature"]));
      const body = (post.requestBody as { content: Record<string, { schema: { $ref: string } }> }).content["application/json"]!.schema.$ref;
      expect(body).toBe(event === "webhook.test" ? "#/components/schemas/TestWebhookEvent" : "#/components/schemas/JobWebhookEvent");
    }
    const jobEvent = doc.components?.schemas?.JobWebhookEvent as { properties: { data: Json; type: { enum: string[] } } };
    expect(jobEvent.properties.type.enum).toEqual(["job.succeeded", "job.failed", "job.cancelled"]);
    expect(JSON.stringify(jobEvent.properties.data)).toContain("#/components/schemas/Job");
  });

  it("lets every job type take a webhook_url, and names its errors", () => {
    for (const type of ["chat", "write", "outline", "draft", "template"]) {
      const schema = doc.components?.schemas?.[`CreateJob.${type}`] as { properties: Record<string, Json> };
      expect(Object.keys(schema.properties), type).toEqual(expect.arrayContaining(["type", "input", "webhook_url", "metadata"]));
    }
    const responses = operation("POST /api/v1/jobs").responses;
    expect(responses["422"]!.description).toContain("webhook_secret_required");
    expect(responses["409"]!.description).toContain("request_in_progress");
    expect(operation("POST /api/v1/jobs").description).toContain("webhook_url");
  });

  it("explains deliveries, retries, the address rules and verification in the introduction", () => {
    const intro = doc.info.description!;
    for (const part of ["webhook-id", "webhook-timestamp", "webhook-signature", "whsec_", "WEBHOOK_ALLOW_PRIVATE=true", "job.succeeded", "5 min", "```js", "```python"]) {
      expect(intro).toContain(part);
    }
  });

  it("gives verification snippets in Node and Python that accept a signed delivery and refuse a tampered one", () => {
    const secret = newWebhookSecret();
    const previous = newWebhookSecret();
    const body = JSON.stringify({ type: "webhook.test", timestamp: new Date().toISOString(), data: { message: "hi ✓" } });
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = webhookHeaders({ secrets: [secret, previous], id: "msg_snippet", timestamp, body });
    const dir = mkdtempSync(path.join(tmpdir(), "draftwise-verify-"));
    const cases = { ok: [secret, body], previous: [previous, body], tampered: [secret, `${body} `], wrongSecret: [newWebhookSecret(), body] };

    writeFileSync(path.join(dir, "verify.mjs"), nodeVerifySnippet);
    writeFileSync(
      path.join(dir, "run.mjs"),
      `import { verifyWebhook } from "./verify.mjs";
const headers = ${JSON.stringify(headers)};
const cases = ${JSON.stringify(cases)};
const out = {};
for (const [name, [secret, body]] of Object.entries(cases)) {
  try { out[name] = verifyWebhook(secret, headers, body).data.message; } catch (e) { out[name] = "error: " + e.message; }
}
console.log(JSON.stringify(out));`,
    );
    const node = spawnSync(process.execPath, [path.join(dir, "run.mjs")], { encoding: "utf8" });
    expect(node.stderr).toBe("");
    expect(JSON.parse(node.stdout)).toEqual({ ok: "hi ✓", previous: "hi ✓", tampered: "error: invalid signature", wrongSecret: "error: invalid signature" });

    if (spawnSync("python3", ["--version"]).status !== 0) return;
    const script = `${pythonVerifySnippet}

import sys
headers = json.loads(${JSON.stringify(JSON.stringify(headers))})
cases = json.loads(sys.stdin.read())
out = {}
for name, (secret, body) in cases.items():
    try:
        out[name] = verify_webhook(secret, headers, body.encode())["data"]["message"]
    except ValueError as e:
        out[name] = "error: " + str(e)
print(json.dumps(out))`;
    const python = spawnSync("python3", ["-c", script], { input: JSON.stringify(cases), encoding: "utf8" });
    expect(python.stderr).toBe("");
    expect(JSON.parse(python.stdout)).toEqual({ ok: "hi ✓", previous: "hi ✓", tampered: "error: invalid signature", wrongSecret: "error: invalid signature" });
  });
});

describe("code samples", () => {
  it("give curl, JavaScript and Python for every operation, against this server", () => {
    for (const [route, op] of allOperations) {
      const samples = op["x-codeSamples"];
      expect(samples.map((s) => s.lang), route).toEqual(expect.arrayContaining(["shell", "javascript", "python"]));
      const curl = samples.find((s) => s.label === "curl")!;
      expect(curl.source, route).toContain(serverUrl);
      if (op.security.some((s) => "bearerAuth" in s)) expect(curl.source, route).toContain("$DRAFTWISE_API_KEY");
    }
  });

  it("use the official openai SDKs for chat completions and models", () => {
    for (const route of ["POST /api/v1/chat/completions", "GET /api/v1/models", "GET /api/v1/models/{id}"] as const) {
      const labels = operation(route)["x-codeSamples"].map((s) => s.label);
      expect(labels).toEqual(expect.arrayContaining(["JavaScript (openai)", "Python (openai)"]));
    }
    const js = operation("POST /api/v1/chat/completions")["x-codeSamples"].find((s) => s.label === "JavaScript (openai)")!.source;
    expect(js).toContain(`baseURL: "${serverUrl}/api/v1"`);
    expect(js).toContain("include_usage: true");
    expect(js).toContain('"fake-model"');
  });

  it("are valid JavaScript", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "draftwise-samples-"));
    allOperations.forEach(([route, op], i) => {
      op["x-codeSamples"]
        .filter((s) => s.lang === "javascript")
        .forEach((sample, j) => {
          const file = path.join(dir, `sample-${i}-${j}.mjs`);
          writeFileSync(file, sample.source);
          const check = spawnSync(process.execPath, ["--check", file], { encoding: "utf8" });
          expect(check.status, `${route} ${sample.label}\n${check.stderr}`).toBe(0);
        });
    });
  });

  const python = spawnSync("python3", ["--version"]).status === 0;
  it.skipIf(!python)("are valid Python", () => {
    const samples = allOperations.flatMap(([route, op]) =>
      op["x-codeSamples"].filter((s) => s.lang === "python").map((s) => ({ name: `${route} ${s.label}`, source: s.source })),
    );
    // One interpreter parses them all: it prints the names of those that don't parse.
    const script = `import ast, json, sys
for s in json.load(sys.stdin):
    try:
        ast.parse(s["source"])
    except SyntaxError as e:
        print(s["name"], e)`;
    const check = spawnSync("python3", ["-c", script], { input: JSON.stringify(samples), encoding: "utf8" });
    expect(check.stderr).toBe("");
    expect(check.stdout).toBe("");
  });
});

describe("request examples", () => {
  it("are accepted by the schemas of their routes", () => {
    const ex = requestExamples("fake-model");
    const pairs: [unknown, { safeParse(v: unknown): { success: boolean; error?: unknown } }][] = [
      [ex.v1Chat, v1ChatRequestSchema],
      [ex.v1ChatStream, v1ChatRequestSchema],
      [ex.v1Write, v1WriteRequestSchema],
      [ex.v1Outline, v1OutlineRequestSchema],
      [ex.templateRun, templateRunSchema],
      [ex.openAIChat, openAIChatRequestSchema],
      [ex.createKey, createApiKeySchema],
      [ex.studioChat, uiChatRequestSchema],
      [ex.studioChatPlain, plainChatRequestSchema],
      [ex.studioWrite, writeRequestSchema],
      [ex.v1Edit, editRequestSchema],
      [ex.studioEdit, studioEditRequestSchema],
      [ex.studioOutline, outlineRequestSchema],
    ];
    for (const [example, schema] of pairs) expect(schema.safeParse(example).error).toBeUndefined();
    for (const id of templateIds) expect(templates[id].inputs.safeParse(templateInputExamples[id]).error, id).toBeUndefined();
  });
});

describe("deprecation headers", () => {
  const notice = deprecations.plainChatBody;

  it("follow RFC 9745 (Deprecation), RFC 8594 (Sunset) and name the successor in Link", async () => {
    const { headers } = await deprecated(notice, async () => new Response(null, { status: 204 }));
    expect(headers.get("deprecation")).toBe(`@${notice.since.getTime() / 1000}`);
    expect(headers.get("sunset")).toBe("Tue, 01 Jun 2027 00:00:00 GMT");
    expect(headers.get("link")).toContain('</api/v1/chat>; rel="successor-version"');
    expect(headers.get("link")).toMatch(/<\/docs#[^>]+>; rel="deprecation"/);
  });

  it("give at least six months between deprecation and sunset", () => {
    const sixMonths = 182 * 24 * 3600 * 1000;
    expect(notice.sunset.getTime() - notice.since.getTime()).toBeGreaterThanOrEqual(sixMonths);
  });

  it("are added to the answer of a deprecated form, errors included", async () => {
    const ok = await deprecated(notice, async () => Response.json({ ok: true }, { headers: { Link: "</x>; rel=next" } }));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ ok: true });
    expect(ok.headers.get("deprecation")).toMatch(/^@\d+$/);
    expect(ok.headers.get("link")).toContain("rel=next");
    expect(ok.headers.get("link")).toContain('rel="successor-version"');

    const failed = await deprecated(notice, async () => {
      throw new AppError("invalid_request", "messages: At least one user message is required.", { param: "messages" });
    });
    expect(failed.status).toBe(400);
    expect(failed.headers.get("sunset")).toBe("Tue, 01 Jun 2027 00:00:00 GMT");
    expect((await failed.json()).error.param).toBe("messages");
  });
});
