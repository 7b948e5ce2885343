import { z } from "zod";
import { documentIdField } from "./documents";
import { generationOptionsShape } from "./generation";
import { limits } from "./limits";
import { safeString } from "./strings";
import { styleGuideField } from "./style-guide";
import { usageSchema, v1DocumentIdField } from "./v1";
import { checkVariants, variantAnswerSchema, variantErrorSchema, variantFields } from "./variants";
import type { WriteAction } from "./write";

/**
 * POST /api/v1/edits and the studio's /api/edits: an instruction or a writing action applied to
 * Markdown, answered as the edited text and its hunks (offsets into the original text).
 */

/** The write actions that edit the text in place ("continue" and "draft-section" add text instead). */
export const editActions = ["improve", "shorter", "longer", "fix", "tone", "summarize", "custom"] as const satisfies readonly WriteAction[];
export type EditAction = (typeof editActions)[number];

const editFields = {
  text: safeString()
    .max(limits.documentChars)
    .describe(`The Markdown to edit, up to ${limits.documentChars} characters. Hunk offsets count UTF-16 code units of this text.`),
  instruction: safeString()
    .trim()
    .min(1)
    .max(limits.instructionChars)
    .optional()
    .describe('What to change, in your words. Give this or `action` (with `"action": "custom"` it is that action\'s instruction).'),
  action: z
    .enum(editActions)
    .optional()
    .describe("One of the studio's writing actions, instead of an instruction."),
  tone: safeString().trim().min(1).max(limits.toneChars).optional().describe('Required by action "tone".'),
  document: safeString()
    .max(limits.documentChars)
    .optional()
    .describe("The surrounding document, for context only (when `text` is a part of it)."),
  ...generationOptionsShape,
};

/** Exactly one of `instruction` and `action` (an instruction may come with `"action": "custom"`). */
function checkEditRequest(body: { text: string; instruction?: string; action?: string; tone?: string }, ctx: z.RefinementCtx) {
  if (body.text.trim() === "") ctx.addIssue({ code: "custom", path: ["text"], message: "Provide some text to edit." });
  if (body.instruction === undefined && body.action === undefined) {
    ctx.addIssue({ code: "custom", path: ["instruction"], message: "Give an instruction or an action." });
  }
  if (body.instruction !== undefined && body.action !== undefined && body.action !== "custom") {
    ctx.addIssue({ code: "custom", path: ["instruction"], message: 'Give an instruction or an action, not both (an instruction goes with "action": "custom").' });
  }
  if (body.action === "custom" && body.instruction === undefined) {
    ctx.addIssue({ code: "custom", path: ["instruction"], message: "The custom action needs an instruction." });
  }
  if (body.action === "tone" && !body.tone) {
    ctx.addIssue({ code: "custom", path: ["tone"], message: "The tone action needs a target tone." });
  }
}

export const editRequestSchema = z
  .strictObject({
    ...editFields,
    document_id: v1DocumentIdField,
    style_guide: styleGuideField,
    stream: z
      .boolean()
      .optional()
      .describe("Default true (Server-Sent Events `hunk` then `done`, or JSON lines with Accept: application/x-ndjson); false → one JSON answer."),
    ...variantFields,
  })
  .superRefine(checkEditRequest)
  .superRefine(checkVariants);
export type EditRequest = z.infer<typeof editRequestSchema>;

/** The studio's edits: the same request, its usage optionally attributed to one of the writer's documents. */
export const studioEditRequestSchema = z
  .strictObject({ ...editFields, document_id: documentIdField, ...variantFields })
  .superRefine(checkEditRequest)
  .superRefine(checkVariants);
export type StudioEditRequest = z.infer<typeof studioEditRequestSchema>;

export const textHunkSchema = z.object({
  id: safeString().describe('"h1", "h2", … in order; the same in the stream and the final answer.'),
  start: z.int().describe("Offset in the original text where the hunk starts (UTF-16 code units)."),
  end: z.int().describe("Offset in the original text where the hunk ends (exclusive)."),
  deleted: safeString().describe("The original text it replaces: text.slice(start, end)."),
  inserted: safeString().describe("What replaces it."),
});

/** The JSON answer (`"stream": false`): applying `hunks` in order to the original gives `text`. */
export const editResponseSchema = z.object({
  id: safeString(),
  model: safeString(),
  text: safeString().describe("The edited text, as the model wrote it."),
  hunks: z.array(textHunkSchema),
  finish_reason: safeString().describe("stop, length, content_filter…"),
  usage: usageSchema,
});
export type EditResponse = z.infer<typeof editResponseSchema>;

/** The last streamed event (`event: done`, or the JSON line of `"type": "done"`). */
export const editDoneEventSchema = editResponseSchema.omit({ hunks: true });
export type EditDoneEvent = z.infer<typeof editDoneEventSchema>;

/** The JSON answer with variants (`n`, `models` or `temperatures`): each variant's text and hunks, or its error. */
export const editVariantsResponseSchema = z.object({
  id: safeString(),
  variants: z.array(z.union([variantAnswerSchema.extend({ hunks: z.array(textHunkSchema) }), variantErrorSchema])),
  usage: usageSchema.describe("All variants together."),
});
export type EditVariantsResponse = z.infer<typeof editVariantsResponseSchema>;
