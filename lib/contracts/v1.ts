import { z } from "zod";
import { plainMessageSchema, messageRoles } from "./chat";
import { generationOptionsShape } from "./generation";
import { limits } from "./limits";
import { outlineRequestSchema, outlineSchema } from "./outline";
import { writeActions } from "./write";
import { safeString } from "./strings";
import { documentIdField } from "./documents";
import { styleGuideField } from "./style-guide";
import { checkVariants, variantAnswerSchema, variantErrorSchema, variantFields } from "./variants";

/**
 * The versioned developer API (/api/v1). These schemas validate requests, type the services
 * and generate the OpenAPI document.
 */

const streamField = z.boolean().optional();

/** What `document_id` means on the developer API's routes. */
export const v1DocumentIdField = documentIdField.describe(
  "One of your documents: its style guide applies (unless `style_guide` names another) and usage is counted against it.",
);

/** A chat request's fields, without how it is delivered (the jobs API reuses them). */
export const v1ChatFields = {
  messages: z.array(plainMessageSchema).min(1).max(limits.messages),
  ...generationOptionsShape,
  document_id: v1DocumentIdField,
  style_guide: styleGuideField,
};

export function checkChatMessages(body: { messages: Array<{ role: string }> }, ctx: z.RefinementCtx) {
  body.messages.forEach((m, i) => {
    if (m.role === "system" && i !== 0) {
      ctx.addIssue({ code: "custom", path: ["messages", i, "role"], message: "A system message may only come first." });
    }
  });
  if (!body.messages.some((m) => m.role === "user")) {
    ctx.addIssue({ code: "custom", path: ["messages"], message: "At least one user message is required." });
  }
}

export const v1ChatRequestSchema = z
  .strictObject({
    ...v1ChatFields,
    stream: streamField.describe("true → Server-Sent Events (or JSON lines with Accept: application/x-ndjson)."),
    conversation_id: z.uuid().optional().describe("Store the exchange in this conversation of yours."),
  })
  .superRefine(checkChatMessages);
export { messageRoles };

/** `write` composes from an instruction; the other actions rewrite `prompt` as the text. */
const v1WriteActions = ["write", ...writeActions.filter((a) => a !== "draft-section")] as const;

/** A write request's fields, without how it is delivered (the jobs API reuses them). */
export const v1WriteFields = {
  prompt: safeString()
    .trim()
    .min(1, "The prompt is empty.")
    .max(limits.promptChars)
    .describe(`What to write (action "write") or the text to work on (other actions). 1–${limits.promptChars} characters after trimming.`),
  action: z.enum(v1WriteActions).optional().describe('Default "write".'),
  tone: safeString().trim().min(1).max(limits.toneChars).optional().describe('Required by action "tone".'),
  instruction: safeString().trim().min(1).max(limits.instructionChars).optional().describe('Required by action "custom".'),
  ...generationOptionsShape,
  document_id: v1DocumentIdField,
  style_guide: styleGuideField,
};

export function checkWriteAction(body: { action?: string; tone?: string; instruction?: string }, ctx: z.RefinementCtx) {
  if (body.action === "tone" && !body.tone) {
    ctx.addIssue({ code: "custom", path: ["tone"], message: "The tone action needs a target tone." });
  }
  if (body.action === "custom" && !body.instruction) {
    ctx.addIssue({ code: "custom", path: ["instruction"], message: "The custom action needs an instruction." });
  }
}

export const v1WriteRequestSchema = z
  .strictObject({
    ...v1WriteFields,
    stream: z.boolean().optional().describe("Default true (Server-Sent Events); false → one JSON answer."),
    ...variantFields,
  })
  .superRefine(checkWriteAction)
  .superRefine(checkVariants);
export type V1WriteRequest = z.infer<typeof v1WriteRequestSchema>;

export const v1OutlineRequestSchema = outlineRequestSchema
  .pick({ topic: true, audience: true, tone: true, model: true, temperature: true })
  .extend({
    sections: z.int().min(3).max(7).optional().describe("How many sections (3–7). About 4–5 when omitted."),
    document_id: v1DocumentIdField,
    style_guide: styleGuideField,
  })
  .strict();

export const usageSchema = z.object({
  prompt_tokens: z.int(),
  completion_tokens: z.int(),
  total_tokens: z.int(),
});

export const v1OutlineResponseSchema = z.object({
  id: safeString(),
  outline: outlineSchema,
  model: safeString(),
  usage: usageSchema,
});
export type V1OutlineResponse = z.infer<typeof v1OutlineResponseSchema>;

/** The JSON answer of chat, write and templates with `"stream": false`. */
export const v1CompletionSchema = z.object({
  id: safeString(),
  content: safeString(),
  model: safeString(),
  finish_reason: safeString().describe("stop, length, content_filter…"),
  usage: usageSchema,
});
export type V1Completion = z.infer<typeof v1CompletionSchema>;

/** One streamed event: SSE `data:` payload or one JSON line. The last one has finish_reason and usage. */
export const v1StreamEventSchema = z.object({
  content: safeString(),
  finish_reason: safeString().nullable(),
  id: safeString().optional().describe("On the last event."),
  model: safeString().optional().describe("On the last event."),
  usage: usageSchema.optional().describe("On the last event."),
});
export type V1StreamEvent = z.infer<typeof v1StreamEventSchema>;

/** GET /api/v1/models: OpenAI's list format, with Draftwise's details beside the standard fields. */
export const v1ModelSchema = z.object({
  id: safeString(),
  object: z.literal("model"),
  created: z.int(),
  owned_by: safeString(),
  label: safeString(),
  context_window: z.int(),
  max_output_tokens: z.int(),
  default: z.boolean(),
  pricing: z
    .object({ input: z.number(), output: z.number() })
    .optional()
    .describe("USD per million input and output tokens, when the operator configured it (MODEL_PRICES)."),
});
export type V1Model = z.infer<typeof v1ModelSchema>;

export const v1ModelListSchema = z.object({ object: z.literal("list"), data: z.array(v1ModelSchema) });

/** The JSON answer of write with variants (`n`, `models` or `temperatures`) and `"stream": false`. */
export const v1VariantsCompletionSchema = z.object({
  id: safeString(),
  variants: z.array(z.union([variantAnswerSchema, variantErrorSchema])),
  usage: usageSchema.describe("All variants together."),
});
export type V1VariantsCompletion = z.infer<typeof v1VariantsCompletionSchema>;
