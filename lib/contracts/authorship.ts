import { z } from "zod";
import { safeString } from "./strings";

/**
 * A document's authorship record (docs/api.md, "Authorship record"): who wrote how much, by words,
 * and every AI passage with the run that wrote it. The answer of `GET /api/v1/documents/{id}/authorship`
 * and the studio's JSON download; the Markdown form and the DOCX appendix are made from it.
 */

export const authorshipFormats = ["json", "markdown"] as const;
export type AuthorshipFormat = (typeof authorshipFormats)[number];

export const authorshipQuerySchema = z.object({
  format: z.enum(authorshipFormats).default("json").describe("`json` (the default) or `markdown` (text/markdown)."),
});

const origin = z.enum(["ai", "edited"]).describe("`ai`: as the AI wrote it; `edited`: the writer has changed it since.");
const time = safeString().nullable().describe("ISO 8601; null when the document doesn't say.");

export const authorshipShareSchema = z
  .object({
    words: z.number().int().min(0).describe("Every word of the document (pending suggested insertions aside)."),
    writer_words: z.number().int().min(0).describe("Words the writer wrote."),
    ai_words: z.number().int().min(0).describe("Words as the AI wrote them."),
    edited_words: z.number().int().min(0).describe("Words the AI wrote that the writer has edited since."),
    ai_share: z.number().min(0).max(1).describe("(ai_words + edited_words) / words; 0 for an empty document."),
  })
  .describe("A word split between origins counts for the one holding most of its characters; a tie goes to the writer.");

export const authorshipRunSchema = z.object({
  run_id: safeString().describe("The AI run."),
  action: safeString().nullable().describe("What the AI was asked to do (rewrite, shorten, draft, …)."),
  model: safeString().nullable(),
  instruction: safeString()
    .nullable()
    .describe("The writer's instruction; null when none was given, or always when the account stores no prompts (`instructions_included: false`)."),
  created_at: time,
  accepted_at: time,
  accepted_by: safeString().nullable(),
  passages: z.number().int().min(1).describe("How many passages of the document it wrote."),
  words: z.number().int().min(0).describe("Words of its passages still in the document."),
});

export const authorshipPassageSchema = z.object({
  run_id: safeString(),
  origin,
  excerpt: safeString().describe("The passage's text, cut at a word after 200 characters (…)."),
  words: z.number().int().min(0),
  action: safeString().nullable(),
  model: safeString().nullable(),
  created_at: time,
  accepted_at: time,
  accepted_by: safeString().nullable(),
});

export const authorshipReportSchema = z.object({
  document_id: safeString(),
  title: safeString(),
  generated_at: safeString().describe("When this record was made (ISO 8601)."),
  share: authorshipShareSchema,
  passages: z.array(authorshipPassageSchema).describe("The AI passages in document order: contiguous text of one run and origin."),
  runs: z.array(authorshipRunSchema).describe("The AI runs whose text is in the document, in order of first appearance."),
  pending_suggestions: z.number().int().min(0).describe("AI suggestions not yet accepted or rejected: not part of the record until accepted."),
  instructions_included: z.boolean().describe("false: the account stores no prompts, so the record keeps origin, model and time but no instruction text."),
  notes: z.array(safeString()).describe("What a reader should know about this record, in sentences."),
});

export type AuthorshipShareJson = z.infer<typeof authorshipShareSchema>;
export type AuthorshipRunJson = z.infer<typeof authorshipRunSchema>;
export type AuthorshipPassageJson = z.infer<typeof authorshipPassageSchema>;
export type AuthorshipReport = z.infer<typeof authorshipReportSchema>;
