import { isEmptyStyleGuide, styleGuideSchema, type ReadingLevel, type StyleGuide } from "@/lib/contracts/style-guide";

/** A style guide as its form holds it: terms one per line, an empty reading level for none. */
export interface StyleGuideDraft {
  voice: string;
  audience: string;
  reading_level: ReadingLevel | "";
  terms_to_use: string;
  terms_to_avoid: string;
  example: string;
}
export type StyleGuideDraftField = keyof StyleGuideDraft;
export type StyleGuideErrors = Partial<Record<StyleGuideDraftField, string>>;

export function draftOf(guide: StyleGuide | null | undefined): StyleGuideDraft {
  return {
    voice: guide?.voice ?? "",
    audience: guide?.audience ?? "",
    reading_level: guide?.reading_level ?? "",
    terms_to_use: guide?.terms_to_use?.join("\n") ?? "",
    terms_to_avoid: guide?.terms_to_avoid?.join("\n") ?? "",
    example: guide?.example ?? "",
  };
}

/** One term per line; blank lines don't count. */
const lines = (text: string) =>
  text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);

/** The guide the draft asks for, with empty fields left out (so an empty form is `{}`: no guide). */
function guideInput(draft: StyleGuideDraft): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const key of ["voice", "audience", "example"] as const) if (draft[key].trim()) input[key] = draft[key];
  if (draft.reading_level) input.reading_level = draft.reading_level;
  for (const key of ["terms_to_use", "terms_to_avoid"] as const) {
    const terms = lines(draft[key]);
    if (terms.length) input[key] = terms;
  }
  return input;
}

interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  origin?: string;
  maximum?: number | bigint;
}

/** The schema's complaint in the form's words: limits as counts, a term by its line. */
function issueMessage(issue: Issue): string {
  const line = typeof issue.path[1] === "number" ? `Line ${issue.path[1] + 1}: ` : "";
  if (issue.code === "too_big" && issue.origin === "string") return `${line ? `${line}at` : "At"} most ${issue.maximum} characters.`;
  if (issue.code === "too_big" && issue.origin === "array") return `At most ${issue.maximum} terms, one per line.`;
  return `${line}${issue.message}`;
}

/** The draft checked with the contract's own schema: the guide to save, or an error per field. */
export function parseDraft(draft: StyleGuideDraft): { ok: true; guide: StyleGuide } | { ok: false; errors: StyleGuideErrors } {
  const parsed = styleGuideSchema.safeParse(guideInput(draft));
  if (parsed.success) return { ok: true, guide: parsed.data };
  const errors: StyleGuideErrors = {};
  for (const issue of parsed.error.issues as Issue[]) {
    const field = issue.path[0] as StyleGuideDraftField;
    errors[field] ??= issueMessage(issue);
  }
  return { ok: false, errors };
}

/** Whether two guides ask for the same thing (the form's Save is for a change). */
export function sameGuide(a: StyleGuide | null | undefined, b: StyleGuide | null | undefined): boolean {
  if (isEmptyStyleGuide(a) && isEmptyStyleGuide(b)) return true;
  return JSON.stringify(draftOf(a)) === JSON.stringify(draftOf(b));
}
