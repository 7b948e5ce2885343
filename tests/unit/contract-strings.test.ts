import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { signUpSchema, accountSettingsSchema } from "@/lib/contracts/account";
import { createApiKeySchema } from "@/lib/contracts/api-keys";
import { plainChatRequestSchema, uiChatRequestSchema } from "@/lib/contracts/chat";
import { continueRequestSchema, createConversationSchema, renameConversationSchema } from "@/lib/contracts/conversations";
import { createDocumentSchema, listDocumentsQuerySchema, updateDocumentSchema } from "@/lib/contracts/documents";
import { createJobSchema, jobInputSchemas, jobListQuerySchema } from "@/lib/contracts/jobs";
import { openAIChatRequestSchema } from "@/lib/contracts/openai";
import { outlineRequestSchema } from "@/lib/contracts/outline";
import { safeJsonCheck, safeTextCheck } from "@/lib/contracts/strings";
import { templateRunSchema, templates } from "@/lib/contracts/templates";
import { v1ChatRequestSchema, v1OutlineRequestSchema, v1WriteRequestSchema } from "@/lib/contracts/v1";
import { webhookTestRequestSchema } from "@/lib/contracts/webhooks";
import { writeRequestSchema } from "@/lib/contracts/write";
import { validate } from "@/lib/server/http";

type Schema = z.core.$ZodType;
const isSchema = (value: unknown): value is Schema =>
  typeof value === "object" && value !== null && "_zod" in value && typeof (value as Schema)._zod.def?.type === "string";

/** String formats whose own pattern already refuses control characters and surrogates. */
const strictFormats = new Set(["uuid", "datetime", "email"]);
/** Types that hold no text a client chooses (or only values from a fixed list). */
const textless = new Set(["number", "int", "boolean", "bigint", "null", "undefined", "void", "never", "nan", "date", "enum", "literal", "transform"]);

/**
 * Every place in a schema where text could pass without the shared rule: a plain string, an
 * unchecked unknown, a record key, an object's extra fields… Unknown kinds of schema are
 * reported too, so a new construct has to be taught here before it can slip through.
 */
function unsafeLeaves(schema: Schema, where: string, seen = new Set<Schema>()): string[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const def = schema._zod.def as z.core.$ZodTypeDef & Record<string, unknown>;
  const checks = (def.checks ?? []) as unknown[];
  const walk = (child: unknown, at: string) => unsafeLeaves(child as Schema, at, seen);
  switch (def.type) {
    case "string":
      return checks.includes(safeTextCheck) || strictFormats.has(def.format as string) ? [] : [where];
    case "unknown":
    case "any":
      return checks.includes(safeJsonCheck) ? [] : [where];
    case "object": {
      const shape = def.shape as Record<string, Schema>;
      const fields = Object.entries(shape).flatMap(([key, child]) => walk(child, `${where}.${key}`));
      return def.catchall ? [...fields, ...walk(def.catchall, `${where}.*`)] : fields;
    }
    case "record":
      return [...(checks.includes(safeJsonCheck) ? [] : walk(def.keyType, `${where}[key]`)), ...walk(def.valueType, `${where}[value]`)];
    case "array":
      return walk(def.element, `${where}[]`);
    case "union":
      return (def.options as Schema[]).flatMap((option, i) => walk(option, `${where}|${i}`));
    case "intersection":
      return [...walk(def.left, where), ...walk(def.right, where)];
    case "pipe":
      return [...walk(def.in, where), ...walk(def.out, where)];
    case "lazy":
      return walk((def.getter as () => Schema)(), where);
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "catch":
    case "readonly":
    case "nonoptional":
      return walk(def.innerType, where);
    default:
      return textless.has(def.type) ? [] : [`${where} (unhandled ${def.type})`];
  }
}

/** Every schema a contract module exports, also inside exported objects (`templates`, `jobInputSchemas`, shapes). */
function schemasIn(value: unknown, where: string, depth = 0): [string, Schema][] {
  if (isSchema(value)) return [[where, value]];
  if (typeof value !== "object" || value === null || depth > 3) return [];
  return Object.entries(value).flatMap(([key, child]) => schemasIn(child, `${where}.${key}`, depth + 1));
}

const contractsDir = path.resolve(import.meta.dirname, "../../lib/contracts");

async function everyContractSchema(): Promise<[string, Schema][]> {
  const files = readdirSync(contractsDir).filter((f) => f.endsWith(".ts"));
  const modules = await Promise.all(files.map(async (f) => [f, (await import(/* @vite-ignore */ path.join(contractsDir, f))) as object] as const));
  return modules.flatMap(([file, exports]) => Object.entries(exports).flatMap(([name, value]) => schemasIn(value, `${file}:${name}`)));
}

describe("the shared string rule in lib/contracts", () => {
  it("covers every string, unknown value, record key and extra field of every exported schema", async () => {
    const schemas = await everyContractSchema();
    const names = schemas.map(([where]) => where);
    // Not vacuous: the walk reaches requests, responses, query strings and nested definitions.
    expect(names).toEqual(
      expect.arrayContaining([
        "documents.ts:createDocumentSchema",
        "documents.ts:listDocumentsQuerySchema",
        "openai.ts:openAIChatRequestSchema",
        "jobs.ts:jobMetadataSchema",
        "templates.ts:templates.blog-post.inputs",
        "webhooks.ts:webhookTestRequestSchema",
        "account.ts:signUpSchema",
      ]),
    );
    expect(schemas.length).toBeGreaterThan(60);
    expect(schemas.flatMap(([where, schema]) => unsafeLeaves(schema, where))).toEqual([]);
  });

  it("the walk finds a plain string, an unchecked unknown, a plain record key and loose extra fields", () => {
    const careless = z.object({
      a: z.string().trim().optional(),
      b: z.record(z.string(), z.unknown()),
      c: z.looseObject({}),
      d: z.array(z.union([z.int(), z.string()])),
    });
    expect(unsafeLeaves(careless, "x")).toEqual(["x.a", "x.b[key]", "x.b[value]", "x.c.*", "x.d[]|1"]);
  });

  it("the formats it trusts refuse NUL and lone surrogates by themselves", () => {
    for (const schema of [z.uuid(), z.iso.datetime(), z.email()]) {
      for (const bad of ["\0", "\uD800", "a\0b@example.com", "2024-01-01T00:00:00Z\0", "00000000-0000-4000-8000-000000000000\0"]) {
        expect(schema.safeParse(bad).success).toBe(false);
      }
    }
  });
});

/** What a route answers for `body`: the param of its 400, or "ok". */
function paramOf(schema: z.ZodType, body: unknown): string | undefined {
  try {
    validate(schema, body);
    return "ok";
  } catch (error) {
    if (!AppError.is(error)) throw error;
    expect(error.code).toBe("invalid_request");
    expect(error.message).toMatch(/NUL|surrogate/);
    return (error.toJSON() as { error: { param?: string } }).error.param;
  }
}

const user = (content: string) => ({ messages: [{ role: "user", content }] });
const doc = (node: object) => ({ type: "doc", content: [node] });

describe("requests with NUL or a lone surrogate are a 400 naming the field", () => {
  const cases: [string, z.ZodType, unknown, string][] = [
    ["document title", createDocumentSchema, { title: "a\0b" }, "title"],
    ["document text", createDocumentSchema, { content: doc({ type: "paragraph", content: [{ type: "text", text: "x\uD800" }] }) }, "content.content.0.content.0.text"],
    ["document node attribute", updateDocumentSchema, { base_version: 1, content: doc({ type: "image", attrs: { src: "\0" } }) }, "content.content.0.attrs.src"],
    ["document attribute key", createDocumentSchema, { content: doc({ type: "image", attrs: { "s\0": "x" } }) }, "content.content.0.attrs"],
    ["document title on save", updateDocumentSchema, { base_version: 1, title: "\uDC00" }, "title"],
    ["search query", listDocumentsQuerySchema, { q: "find\0" }, "q"],
    ["chat message", plainChatRequestSchema, user("hi\0"), "messages.0.content"],
    ["useChat part", uiChatRequestSchema, { messages: [{ id: "m", role: "user", parts: [{ type: "text", text: "\uD83D" }] }] }, "messages.0.parts.0.text"],
    ["useChat metadata", uiChatRequestSchema, { messages: [{ id: "m", role: "user", parts: [], metadata: { a: ["\0"] } }] }, "messages.0.metadata.a.0"],
    ["useChat extra part field", uiChatRequestSchema, { messages: [{ id: "m", role: "user", parts: [{ type: "tool", input: { q: "\0" } }] }] }, "messages.0.parts.0.input.q"],
    ["chat stop sequence", plainChatRequestSchema, { ...user("hi"), stop: ["\0"] }, "stop.0"],
    ["conversation title", createConversationSchema, { title: "t\0" }, "title"],
    ["conversation rename", renameConversationSchema, { title: "t\uDBFF" }, "title"],
    ["continue's document", continueRequestSchema, { document: "\0" }, "document"],
    ["key name", createApiKeySchema, { name: "k\0" }, "name"],
    ["write text", writeRequestSchema, { action: "improve", text: "t\0" }, "text"],
    ["write instruction", writeRequestSchema, { action: "custom", text: "t", instruction: "\uD800" }, "instruction"],
    ["outline topic", outlineRequestSchema, { topic: "topic\0" }, "topic"],
    ["template inputs", templateRunSchema, { inputs: { topic: "t\0pic" } }, "inputs.topic"],
    ["template input field", templates["blog-post"].inputs, { topic: "t\0pic" }, "topic"],
    ["job metadata value", createJobSchema, { type: "chat", input: user("hi"), metadata: { k: "v\0" } }, "metadata.k"],
    ["job metadata key", createJobSchema, { type: "chat", input: user("hi"), metadata: { "k\0": "v" } }, "metadata"],
    ["job input", createJobSchema, { type: "chat", input: user("\uD800") }, "input.messages.0.content"],
    ["job chat input", jobInputSchemas.chat, user("\0"), "messages.0.content"],
    ["job list cursor", jobListQuerySchema, { cursor: "\0" }, "cursor"],
    ["v1 write prompt", v1WriteRequestSchema, { prompt: "p\0" }, "prompt"],
    ["v1 chat", v1ChatRequestSchema, user("\0"), "messages.0.content"],
    ["v1 outline audience", v1OutlineRequestSchema, { topic: "topic", audience: "\uDC00" }, "audience"],
    ["OpenAI message", openAIChatRequestSchema, { model: "m", ...user("\0") }, "messages.0.content"],
    ["OpenAI content part", openAIChatRequestSchema, { model: "m", messages: [{ role: "user", content: [{ type: "text", text: "\0" }] }] }, "messages.0.content.0.text"],
    ["OpenAI extra field", openAIChatRequestSchema, { model: "m", ...user("hi"), user: "\0" }, "user"],
    ["webhook URL", webhookTestRequestSchema, { url: "https://example.com/\0" }, "url"],
    ["account name", accountSettingsSchema, { name: "\0" }, "name"],
    ["sign-up name", signUpSchema, { email: "a@example.com", password: "long enough", name: "\uD800" }, "name"],
  ];
  it.each(cases)("%s", (_, schema, body, param) => {
    expect(paramOf(schema, body)).toBe(param);
  });

  it("accepts surrogate pairs (emoji) and other control characters", () => {
    expect(paramOf(createDocumentSchema, { title: "Plans 😀\t\u0001", content: doc({ type: "paragraph", content: [{ type: "text", text: "🦊" }] }) })).toBe("ok");
    expect(paramOf(plainChatRequestSchema, user("🦊 and 👩‍💻"))).toBe("ok");
  });
});
