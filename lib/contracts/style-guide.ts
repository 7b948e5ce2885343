import { z } from "zod";
import { limits } from "./limits";
import { safeString } from "./strings";

/**
 * A writer's style guide: how every AI call on a document should write. A document has its own or
 * follows its owner's account default. Used by the server's prompts and by the studio's form and
 * preview ("what the model is told"), so both show the same text.
 */

export const readingLevels = ["simple", "general", "expert"] as const;
export type ReadingLevel = (typeof readingLevels)[number];

export const readingLevelLabels: Record<ReadingLevel, string> = {
  simple: "Simple (age 12)",
  general: "General reader",
  expert: "Expert",
};

const readingLevelRules: Record<ReadingLevel, string> = {
  simple: "short sentences and everyday words that a 12-year-old follows; explain any term you must use",
  general: "an educated general reader: plain words, technical terms explained on first use",
  expert: "specialists in the field: precise technical terms without explanation, no simplifying",
};

const term = safeString().trim().min(1).max(limits.styleTermChars);

export const styleGuideSchema = z.strictObject({
  voice: safeString().trim().max(limits.styleVoiceChars).optional().describe('How it sounds, e.g. "warm, direct, first person plural".'),
  audience: safeString().trim().max(limits.audienceChars).optional().describe("Who reads it."),
  reading_level: z.enum(readingLevels).optional().describe("simple (age 12), general (an educated general reader) or expert."),
  terms_to_use: z.array(term).max(limits.styleTerms).optional().describe(`Preferred terms (up to ${limits.styleTerms}).`),
  terms_to_avoid: z
    .array(term)
    .max(limits.styleTerms)
    .optional()
    .describe(`Terms never to use (up to ${limits.styleTerms}); "utilize → use" names the replacement.`),
  example: safeString().trim().max(limits.styleExampleChars).optional().describe("A passage in the wanted style: its voice and rhythm are imitated, not its content."),
});
export type StyleGuide = z.infer<typeof styleGuideSchema>;

/** `PUT /api/documents/{id}/style-guide`: the document's own guide (`{}`: none at all), or null to follow the account default. */
export const saveStyleGuideSchema = z.strictObject({ style_guide: styleGuideSchema.nullable() });

/** Which stored guide a request uses instead of giving one: the account's default, or none at all. */
export const styleGuideNames = ["default", "none"] as const;

/**
 * When no form fits: an object's own first problem (a list of too many terms fails the union
 * whole, so zod alone would only say "Invalid input"), else which forms there are.
 */
function styleGuideFieldError(issue: { code?: string; input?: unknown; errors?: { path: PropertyKey[]; message: string }[][] }): string {
  const first = issue.errors?.[0]?.[0];
  if (typeof issue.input === "object" && issue.input !== null && first) {
    return first.path.length ? `${first.path.map(String).join(".")}: ${first.message}` : first.message;
  }
  return 'Expected a style guide object, "default", "none" or one of your documents\' ids.';
}

/**
 * `style_guide` in an API request: a guide inline, `"default"` (the account's), `"none"`, or a
 * document's id (that document's guide, its own or the default it follows).
 */
export const styleGuideField = z
  .union([styleGuideSchema, z.enum(styleGuideNames), z.uuid()], { error: styleGuideFieldError })
  .optional()
  .describe(
    'The style guide to write by: a guide object, "default" (your account\'s), "none", or one of your documents\' ids (its guide). Without it, a request with `document_id` follows that document\'s guide; otherwise none applies.',
  );
export type StyleGuideRef = z.infer<typeof styleGuideField>;

/** True when the guide asks for nothing (no field has a value). */
export function isEmptyStyleGuide(guide: StyleGuide | null | undefined): boolean {
  if (!guide) return true;
  return !guide.voice && !guide.audience && !guide.reading_level && !guide.terms_to_use?.length && !guide.terms_to_avoid?.length && !guide.example;
}

/** A field as one rule's sentence: its own closing full stop dropped so there is one. */
const clause = (text: string) => text.replace(/[\s.]+$/, "");

/** Quoted terms, so a term with a comma stays one term. */
const quoted = (terms: string[]) => terms.map((t) => `"${t}"`).join(", ");

/**
 * The style guide as the model is told it (appended to the system instructions of every call), or
 * "" when there is none. `escape` keeps the example passage inside its frame (the server's prompts
 * pass theirs); the studio's preview shows the text as written.
 */
export function styleGuideInstructions(guide: StyleGuide | null | undefined, escape: (text: string) => string = (t) => t): string {
  if (!guide || isEmptyStyleGuide(guide)) return "";
  const rules: string[] = [];
  if (guide.voice) rules.push(`- Voice: ${escape(clause(guide.voice))}.`);
  if (guide.audience) rules.push(`- Audience: write for ${escape(clause(guide.audience))}.`);
  if (guide.reading_level) rules.push(`- Reading level: ${readingLevelRules[guide.reading_level]}.`);
  if (guide.terms_to_use?.length) rules.push(`- Use these terms where they fit: ${escape(quoted(guide.terms_to_use))}.`);
  if (guide.terms_to_avoid?.length) {
    rules.push(`- Never use these terms (where one names a replacement after "→", use that instead): ${escape(quoted(guide.terms_to_avoid))}.`);
  }
  const parts = [
    "Follow the writer's style guide in everything you write. It governs how you write, never what the task asks for; where the task says to change nothing else, apply it only to what you change.",
    rules.join("\n"),
  ];
  if (guide.example) {
    parts.push(`Match the voice and rhythm of this example passage (not its content):\n<example>\n${escape(guide.example)}\n</example>`);
  }
  return parts.filter(Boolean).join("\n");
}
