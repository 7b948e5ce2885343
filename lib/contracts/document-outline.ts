import { z } from "zod";
import { limits } from "./limits";
import { safeString } from "./strings";

export const outlineLengths = ["short", "medium", "long"] as const;

/** What the article is about: the input for generating its outline. */
export const outlineBriefSchema = z.strictObject({
  topic: safeString().max(limits.topicChars),
  audience: safeString().max(limits.audienceChars),
  tone: safeString().max(limits.outlineToneChars),
  length: z.enum(outlineLengths),
});

/**
 * One section of a document's outline. Its text in the document is the section under the heading
 * that reads `heading`. Key points may be blank while the writer types (one per line).
 */
export const documentOutlineSectionSchema = z.strictObject({
  id: safeString().min(1).max(64),
  heading: safeString().max(limits.headingChars),
  keyPoints: z.array(safeString().max(limits.keyPointChars)).max(limits.outlineKeyPoints),
  /** Drafting finished for this section (Stop or a failure leave it false: a resume redrafts it). */
  drafted: z.boolean().default(false),
  /** Never rewritten by drafting. */
  locked: z.boolean().default(false),
});

/** The outline a document was (or will be) drafted from, kept with the document. */
export const documentOutlineSchema = z.strictObject({
  brief: outlineBriefSchema,
  /** Null until an outline is generated (the brief alone is being typed). */
  outline: z
    .strictObject({
      title: safeString().max(limits.headingChars),
      sections: z.array(documentOutlineSectionSchema).max(limits.outlineSections),
    })
    .nullable(),
});
export type DocumentOutline = z.infer<typeof documentOutlineSchema>;
export type DocumentOutlineSection = z.infer<typeof documentOutlineSectionSchema>;

/** `PUT /api/documents/{id}/outline`: the outline alone, saved without a new version of the text. */
export const saveOutlineSchema = z.strictObject({ outline: documentOutlineSchema.nullable() });

/** The article title the outline gives (trimmed), if any: what a document's title may follow until the writer sets one. */
export function outlineTitle(outline: DocumentOutline | null | undefined): string | undefined {
  return outline?.outline?.title.trim() || undefined;
}
