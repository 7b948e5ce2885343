import { z } from "zod";
import { outlineSchema } from "./outline";
import { checkChatMessages, checkWriteAction, usageSchema, v1ChatFields, v1OutlineRequestSchema, v1WriteFields } from "./v1";

/**
 * Asynchronous jobs (/api/v1/jobs): submit work, walk away, poll or list it. Each type's input
 * is its synchronous route's body without the delivery options (`stream`, `conversation_id`).
 */
export const jobTypes = ["chat", "write", "outline"] as const;
export type JobType = (typeof jobTypes)[number];

export const jobStatuses = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
export type JobStatusName = (typeof jobStatuses)[number];

export const jobInputSchemas = {
  chat: z.strictObject(v1ChatFields).superRefine(checkChatMessages),
  write: z.strictObject(v1WriteFields).superRefine(checkWriteAction),
  outline: v1OutlineRequestSchema,
} satisfies Record<JobType, z.ZodType>;

export type JobInput<T extends JobType = JobType> = z.infer<(typeof jobInputSchemas)[T]>;

export const jobMetadataSchema = z
  .record(z.string(), z.string().max(500))
  .superRefine((metadata, ctx) => {
    const keys = Object.keys(metadata);
    if (keys.length > 16) ctx.addIssue({ code: "custom", message: "At most 16 metadata keys." });
    if (keys.some((k) => k.length < 1 || k.length > 40)) ctx.addIssue({ code: "custom", message: "Metadata keys are 1–40 characters." });
  })
  .describe("Your own labels for the job, returned as given: up to 16 keys (1–40 characters) with string values (up to 500).");

/** The body of POST /api/v1/jobs; `input` is checked against its type's schema afterwards (errors name `input.…`). */
export const createJobSchema = z.strictObject({
  type: z.enum(jobTypes).describe("What to run: chat (as POST /api/v1/chat), write (as /api/v1/write) or outline (as /api/v1/outline)."),
  input: z.record(z.string(), z.unknown()).describe("The body the type's synchronous route takes, without `stream`."),
  metadata: jobMetadataSchema.optional(),
});
export type CreateJobRequest = z.infer<typeof createJobSchema>;

export const idempotencyKeySchema = z
  .string()
  .regex(/^[\x21-\x7e]{1,255}$/, "Idempotency-Key must be 1–255 visible ASCII characters.");

export const jobTextResultSchema = z.object({ content: z.string(), model: z.string(), finish_reason: z.string() });
export const jobOutlineResultSchema = z.object({ outline: outlineSchema, model: z.string() });

export const jobSchema = z.object({
  id: z.uuid(),
  object: z.literal("job"),
  type: z.enum(jobTypes),
  status: z.enum(jobStatuses),
  progress: z.number().min(0).max(1).describe("0 until the job is done, then 1."),
  input: z.record(z.string(), z.unknown()),
  metadata: z.record(z.string(), z.string()),
  result: z.union([jobTextResultSchema, jobOutlineResultSchema]).nullable().describe("chat and write: the text; outline: the outline."),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  usage: usageSchema,
  attempts: z.int().describe("Runs started so far (a run cut by a restart is run again)."),
  created_at: z.string(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
  links: z.object({ self: z.string() }),
});
export type JobJson = z.infer<typeof jobSchema>;

export const jobListQuerySchema = z.strictObject({
  status: z.enum(jobStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});

export const jobListSchema = z.object({
  object: z.literal("list"),
  data: z.array(jobSchema),
  has_more: z.boolean(),
  next_cursor: z.string().nullable(),
});
export type JobListJson = z.infer<typeof jobListSchema>;
