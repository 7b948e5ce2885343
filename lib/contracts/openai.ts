import { z } from "zod";
import { limits } from "./limits";
import { styleGuideField } from "./style-guide";
import { safeJson, safeLooseObject, safeString } from "./strings";

/**
 * OpenAI's Chat Completions request, as the official SDKs send it. Unknown fields are
 * accepted and ignored (clients add new ones all the time); fields that would change the
 * answer in ways Draftwise can't honour (tools, n > 1) are refused with a 400 naming them.
 */
const textPart = safeLooseObject({ type: safeString(), text: safeString().max(limits.messageChars).optional() });

export const openAIMessageSchema = safeLooseObject({
  role: z.enum(["system", "developer", "user", "assistant"]),
  content: z.union([safeString().max(limits.messageChars), z.array(textPart).max(100)]).nullable(),
  name: safeString().max(100).optional(),
});

export const openAIChatRequestSchema = safeLooseObject({
  model: safeString().trim().min(1).max(200),
  messages: z.array(openAIMessageSchema).min(1).max(limits.messages),
  temperature: z.number().min(0).max(2).nullable().optional(),
  seed: z.int().min(0).max(2_147_483_647).nullable().optional(),
  max_tokens: z.int().min(1).max(limits.maxTokensCeiling).nullable().optional(),
  max_completion_tokens: z.int().min(1).max(limits.maxTokensCeiling).nullable().optional(),
  stop: z
    .union([safeString().max(limits.stopSequenceChars), z.array(safeString().max(limits.stopSequenceChars)).max(limits.stopSequences)])
    .nullable()
    .optional(),
  stream: z.boolean().nullable().optional(),
  stream_options: safeLooseObject({ include_usage: z.boolean().optional() }).nullable().optional(),
  // OpenAI and Azure OpenAI answer n > 1 natively, but the AI SDK's chat models take no `n` and
  // read one choice, so no provider here can: Draftwise's own routes run variants instead.
  n: z
    .literal(
      1,
      "Only n = 1 is supported here: OpenAI and Azure OpenAI support n natively, but Draftwise's model layer reads one choice. " +
        "For up to 4 variants use /api/v1/write or /api/v1/edits with `n` (or `models` to compare models).",
    )
    .nullable()
    .optional(),
  tools: z.array(safeJson()).max(0, "Tools are not supported.").optional(),
  functions: z.array(safeJson()).max(0, "Functions are not supported.").optional(),
  style_guide: styleGuideField.describe(
    'Draftwise\'s own field (OpenAI SDKs send it with `extra_body`): a guide object, "default" (your account\'s), "none", or one of your documents\' ids (its guide). The system instructions end with it; without it none applies.',
  ),
}).superRefine((body, ctx) => {
  body.messages.forEach((m, i) => {
    if (Array.isArray(m.content) && m.content.some((p) => p.type !== "text")) {
      ctx.addIssue({ code: "custom", path: ["messages", i, "content"], message: "Only text content parts are supported." });
    }
  });
  if (!body.messages.some((m) => m.role === "user")) {
    ctx.addIssue({ code: "custom", path: ["messages"], message: "At least one user message is required." });
  }
});
export type OpenAIChatRequest = z.infer<typeof openAIChatRequestSchema>;

const openAIUsageSchema = z.object({ prompt_tokens: z.int(), completion_tokens: z.int(), total_tokens: z.int() });

export const openAIChatCompletionSchema = z.object({
  id: safeString(),
  object: z.literal("chat.completion"),
  created: z.int(),
  model: safeString(),
  choices: z.array(
    z.object({
      index: z.int(),
      message: z.object({ role: z.literal("assistant"), content: safeString(), refusal: z.null() }),
      finish_reason: safeString(),
      logprobs: z.null(),
    }),
  ),
  usage: openAIUsageSchema,
});
export type OpenAIChatCompletion = z.infer<typeof openAIChatCompletionSchema>;

export const openAIChatChunkSchema = z.object({
  id: safeString(),
  object: z.literal("chat.completion.chunk"),
  created: z.int(),
  model: safeString(),
  choices: z.array(
    z.object({
      index: z.int(),
      delta: z.object({ role: z.literal("assistant").optional(), content: safeString().optional() }),
      finish_reason: safeString().nullable(),
      logprobs: z.null(),
    }),
  ),
  usage: openAIUsageSchema.nullable().optional().describe("With stream_options.include_usage: null on every chunk but the last, which has no choices."),
});
export type OpenAIChatChunk = z.infer<typeof openAIChatChunkSchema>;

export const openAIErrorSchema = z.object({
  error: z.object({
    message: safeString(),
    type: safeString(),
    param: safeString().nullable(),
    code: safeString().nullable(),
  }),
});
export type OpenAIError = z.infer<typeof openAIErrorSchema>;
