import { z } from "zod";
import { generationOptionsShape } from "./generation";
import { outlineSchema } from "./outline";
import { templateIds, templateRunSchema } from "./templates";
import { checkChatMessages, checkWriteAction, usageSchema, v1ChatFields, v1DocumentIdField, v1OutlineRequestSchema, v1WriteFields } from "./v1";
import { styleGuideField } from "./style-guide";
import { webhookUrlSchema } from "./webhooks";
import { safeJson, safeRecord, safeString } from "./strings";

/**
 * Asynchronous jobs (/api/v1/jobs): submit work, walk away, poll or list it. Each type's input
 * is its synchronous route's body without the delivery options (`stream`, `conversation_id`).
 */
export const jobTypes = ["chat", "write", "outline", "draft", "template"] as const;
export type JobType = (typeof jobTypes)[number];

export const jobStatuses = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
export type JobStatusName = (typeof jobStatuses)[number];

/**
 * A whole article: from a given outline, or from a topic (the outline is written first).
 * Sections are drafted one after another, each knowing the text before it.
 */
export const draftInputSchema = z
  .strictObject({
    outline: outlineSchema.optional().describe("The article's outline (as POST /api/v1/outline returns it). Give this or `topic`."),
    topic: v1OutlineRequestSchema.shape.topic.optional().describe("What the article is about: an outline is written first. Give this or `outline`."),
    audience: v1OutlineRequestSchema.shape.audience,
    tone: v1OutlineRequestSchema.shape.tone,
    sections: v1OutlineRequestSchema.shape.sections.describe("With `topic`: how many sections (3–7)."),
    model: generationOptionsShape.model,
    temperature: generationOptionsShape.temperature,
    document_id: v1DocumentIdField,
    style_guide: styleGuideField.describe(
      `${styleGuideField.description} The outline (with \`topic\`) and every section follow it, as the guide stands when the job runs.`,
    ),
  })
  .superRefine((input, ctx) => {
    if ((input.outline === undefined) === (input.topic === undefined)) {
      ctx.addIssue({ code: "custom", path: ["outline"], message: "Give either `outline` or `topic`, not both or neither." });
    }
    if (input.outline !== undefined && input.sections !== undefined) {
      ctx.addIssue({ code: "custom", path: ["sections"], message: "`sections` goes with `topic`; an outline already has its sections." });
    }
  });
export type DraftInput = z.infer<typeof draftInputSchema>;

/** A template run (as POST /api/v1/templates/{template}), without `stream`. */
const templateJobInputSchema = templateRunSchema
  .omit({ stream: true })
  .extend({ template: z.enum(templateIds as [string, ...string[]]).describe("The template's id: see GET /api/v1/templates.") })
  .strict();

export const jobInputSchemas = {
  chat: z.strictObject(v1ChatFields).superRefine(checkChatMessages),
  write: z.strictObject(v1WriteFields).superRefine(checkWriteAction),
  outline: v1OutlineRequestSchema,
  draft: draftInputSchema,
  template: templateJobInputSchema,
} satisfies Record<JobType, z.ZodType>;


export const jobMetadataSchema = safeRecord(safeString().max(500))
  .superRefine((metadata, ctx) => {
    const keys = Object.keys(metadata);
    if (keys.length > 16) ctx.addIssue({ code: "custom", message: "At most 16 metadata keys." });
    if (keys.some((k) => k.length < 1 || k.length > 40)) ctx.addIssue({ code: "custom", message: "Metadata keys are 1–40 characters." });
  })
  .describe("Your own labels for the job, returned as given: up to 16 keys (1–40 characters) with string values (up to 500).");

/** The body of POST /api/v1/jobs; `input` is checked against its type's schema afterwards (errors name `input.…`). */
export const createJobSchema = z.strictObject({
  type: z
    .enum(jobTypes)
    .describe(
      "What to run: chat (as POST /api/v1/chat), write (as /api/v1/write), outline (as /api/v1/outline), draft (a whole article, section by section) or template (as POST /api/v1/templates/{id}).",
    ),
  input: safeRecord(safeJson()).describe("The body the type's synchronous route takes, without `stream`."),
  webhook_url: webhookUrlSchema.optional(),
  metadata: jobMetadataSchema.optional(),
});
export type CreateJobRequest = z.infer<typeof createJobSchema>;

export const idempotencyKeySchema = safeString().regex(/^[\x21-\x7e]{1,255}$/, "Idempotency-Key must be 1–255 visible ASCII characters.");

export const jobTextResultSchema = z.object({ content: safeString(), model: safeString(), finish_reason: safeString() });
export const jobOutlineResultSchema = z.object({ outline: outlineSchema, model: safeString() });

const draftSectionStatuses = ["pending", "writing", "done"] as const;

/**
 * A draft's result grows while it runs: each section's text lands as it is finished, so a run
 * cut short resumes after the last finished section. `markdown` is the whole article once done.
 */
export const jobDraftResultSchema = z.object({
  title: safeString(),
  outline: outlineSchema,
  sections: z.array(z.object({ heading: safeString(), status: z.enum(draftSectionStatuses), content: safeString().nullable() })),
  markdown: safeString().nullable().describe("The whole article as Markdown, once every section is written."),
  model: safeString(),
});
export type JobDraftResult = z.infer<typeof jobDraftResultSchema>;

export const jobSchema = z.object({
  id: z.uuid(),
  object: z.literal("job"),
  type: z.enum(jobTypes),
  status: z.enum(jobStatuses),
  progress: z.number().min(0).max(1).describe("0 until the job is done, then 1; a draft moves on as each section (and its outline, when it writes one) is done."),
  input: safeRecord(safeJson()),
  metadata: safeRecord(safeString()),
  result: z
    .union([jobDraftResultSchema, jobTextResultSchema, jobOutlineResultSchema])
    .nullable()
    .describe("chat, write and template: the text; outline: the outline; draft: the sections so far, then the article."),
  webhook_url: safeString().nullable(),
  error: z.object({ code: safeString(), message: safeString() }).nullable(),
  usage: usageSchema,
  attempts: z.int().describe("Runs started so far (a run cut by a restart is run again)."),
  created_at: safeString(),
  started_at: safeString().nullable(),
  finished_at: safeString().nullable(),
  links: z.object({ self: safeString(), deliveries: safeString() }),
});
export type JobJson = z.infer<typeof jobSchema>;

export const jobListQuerySchema = z.strictObject({
  status: z.enum(jobStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: safeString().max(200).optional(),
});

export const jobListSchema = z.object({
  object: z.literal("list"),
  data: z.array(jobSchema),
  has_more: z.boolean(),
  next_cursor: safeString().nullable(),
});
export type JobListJson = z.infer<typeof jobListSchema>;
