import { z } from "zod";
import { generationOptionsShape } from "./generation";
import { limits } from "./limits";
import { documentIdField } from "./documents";
import { outlineLengths } from "./document-outline";
import { safeString } from "./strings";

export { outlineLengths };

export const outlineRequestSchema = z.strictObject({
  topic: safeString().trim().min(3).max(limits.topicChars),
  audience: safeString().trim().max(limits.audienceChars).optional(),
  tone: safeString().trim().max(limits.outlineToneChars).optional(),
  length: z.enum(outlineLengths).optional(),
  model: generationOptionsShape.model,
  temperature: generationOptionsShape.temperature,
  document_id: documentIdField,
});
export type OutlineRequest = z.infer<typeof outlineRequestSchema>;

export const outlineSectionSchema = z.object({
  heading: safeString().min(1).max(limits.headingChars).describe("The section heading"),
  keyPoints: z.array(safeString().min(1).max(limits.keyPointChars)).min(1).max(6).describe("What the section covers"),
});

/** What the model must return (structured output, strict JSON schema). */
export const outlineSchema = z.object({
  title: safeString().min(1).max(limits.headingChars).describe("The article title"),
  sections: z.array(outlineSectionSchema).min(3).max(7),
});
export type Outline = z.infer<typeof outlineSchema>;

/**
 * The schema the model answers to when a section count was asked for: the provider's JSON schema
 * (and the embedded model's grammar) then allow exactly that many, not just any 3–7.
 */
export function outlineSchemaFor(sections: number | undefined) {
  if (sections === undefined) return outlineSchema;
  return outlineSchema.extend({ sections: z.array(outlineSectionSchema).min(sections).max(sections) });
}
export type OutlineSection = z.infer<typeof outlineSectionSchema>;

/** The `text` of a draft-section write request: the section being drafted, as Markdown. */
export function sectionBrief(section: OutlineSection): string {
  return [`## ${section.heading}`, ...section.keyPoints.map((p) => `- ${p}`)].join("\n");
}

/**
 * A draft-section request's `text` with the whole outline around the section (the studio's drafting
 * and draft jobs both send it), so each section keeps to its own points instead of repeating the others'.
 */
export function sectionBriefInOutline(outline: { title: string; sections: OutlineSection[] }, index: number): string {
  const section = outline.sections[index];
  if (!section) return "";
  const plan = outline.sections.map((s, i) => `${i + 1}. ${s.heading}${i === index ? " (this section)" : ""}`).join("\n");
  const title = outline.title.trim() ? ` “${outline.title.trim()}”` : "";
  const brief = `${sectionBrief(section)}\n\nThe outline of the article${title}; the other sections cover their own points, so leave those to them:\n${plan}`;
  return brief.slice(0, limits.selectionChars).replace(/[\uD800-\uDBFF]$/, "");
}
