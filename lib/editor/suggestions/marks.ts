import { Mark, mergeAttributes } from "@tiptap/core";
import { limits } from "@/lib/contracts/limits";

/**
 * The tracked-change mark of an AI edit (docs/architecture.md, "Suggestions"). One mark type with a
 * kind: a character is either proposed for insertion or for deletion by at most one hunk, which
 * ProseMirror enforces for free (a mark type excludes itself).
 */

export const suggestionMarkName = "suggestion";
export const suggestionKinds = ["insertion", "deletion"] as const;
export type SuggestionKind = (typeof suggestionKinds)[number];

export interface SuggestionAttrs {
  kind: SuggestionKind;
  /** The hunk: its deletion and insertion spans share it. */
  id: string;
  /** The AI run that proposed it, for accept all / reject all and revising a run. */
  runId: string;
  /** The writer edited inside the hunk since it was proposed. */
  conflict: boolean;
  /** What the hover card and a DOCX export say about the run; null in documents saved before them. */
  action: string | null;
  model: string | null;
  instruction: string | null;
  createdAt: string | null;
}

/** The run's facts every one of its marks carries, so they survive a reload and travel with the document. */
export type SuggestionInfo = Partial<Pick<SuggestionAttrs, "action" | "model" | "instruction" | "createdAt">>;
export const suggestionInfoNames = ["action", "model", "instruction", "createdAt"] as const satisfies readonly (keyof SuggestionInfo)[];

/** Longest model id a mark keeps (provider ids are far shorter). */
export const maxSuggestionModelChars = 200;

/** Ids the studio makes (nanoid, uuid): short and safe in an HTML attribute. */
const safeId = /^[A-Za-z0-9_-]{1,64}$/;
export const isSuggestionId = (value: unknown): value is string => typeof value === "string" && safeId.test(value);

/** ISO 8601 in UTC, as `Date.prototype.toISOString` writes it (milliseconds optional). */
const isoTimestamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;

/** Null or such a time (shared with the authorship mark). */
export const markTimeRule = (value: unknown) =>
  value === null || (typeof value === "string" && isoTimestamp.test(value) && !Number.isNaN(Date.parse(value))) ? null : "must be null or an ISO 8601 time in UTC";

/** Text a mark may carry: within `max`, well-formed (no lone surrogate) and without NUL (shared with the authorship mark). */
export const markTextRule = (max: number) => (value: unknown) => {
  if (value === null) return null;
  if (typeof value !== "string" || !value || value.length > max) return `must be null or 1 to ${max.toLocaleString("en-US")} characters`;
  return value.includes("\u0000") || !value.isWellFormed() ? "must not hold NUL or unpaired surrogates" : null;
};

/** What is wrong with a suggestion attribute's value, or null (shared with the server's document check). */
export const suggestionAttributeRules: Record<keyof SuggestionAttrs, (value: unknown) => string | null> = {
  kind: (value) => (suggestionKinds.some((kind) => kind === value) ? null : `must be one of ${suggestionKinds.join(", ")}`),
  id: (value) => (isSuggestionId(value) ? null : "must be 1 to 64 letters, digits, - or _"),
  runId: (value) => (isSuggestionId(value) ? null : "must be 1 to 64 letters, digits, - or _"),
  conflict: (value) => (typeof value === "boolean" ? null : "must be true or false"),
  action: (value) => (value === null || isSuggestionId(value) ? null : "must be null or 1 to 64 letters, digits, - or _"),
  model: markTextRule(maxSuggestionModelChars),
  instruction: markTextRule(limits.instructionChars),
  createdAt: markTimeRule,
};

const check = (name: keyof SuggestionAttrs) => (value: unknown) => {
  const problem = suggestionAttributeRules[name](value);
  if (problem) throw new RangeError(`suggestion ${name} ${problem}`);
};

/** A data-* value read back from HTML, or null when it is missing or not one the mark allows (pasted HTML). */
const readInfo = (name: keyof SuggestionInfo, attribute: string) => (el: HTMLElement) => {
  const value = el.getAttribute(attribute);
  return value !== null && suggestionAttributeRules[name](value) === null ? value : null;
};

const infoAttribute = (name: keyof SuggestionInfo, attribute: string) => ({
  default: null,
  validate: check(name),
  parseHTML: readInfo(name, attribute),
  renderHTML: (attrs: Record<string, unknown>) => (attrs[name] === null || attrs[name] === undefined ? {} : { [attribute]: attrs[name] }),
});

export const SuggestionMark = Mark.create({
  name: suggestionMarkName,
  // Typing at a hunk's edge is the writer's own text, never part of the suggestion.
  inclusive: false,

  addAttributes() {
    return {
      kind: { validate: check("kind"), parseHTML: (el) => (el.tagName === "DEL" ? "deletion" : "insertion"), renderHTML: (attrs) => ({ "data-kind": attrs.kind }) },
      id: { validate: check("id"), parseHTML: (el) => el.getAttribute("data-suggestion-id"), renderHTML: (attrs) => ({ "data-suggestion-id": attrs.id }) },
      runId: { validate: check("runId"), parseHTML: (el) => el.getAttribute("data-run-id"), renderHTML: (attrs) => ({ "data-run-id": attrs.runId }) },
      conflict: {
        default: false,
        validate: check("conflict"),
        parseHTML: (el) => el.hasAttribute("data-conflict"),
        renderHTML: (attrs) => (attrs.conflict ? { "data-conflict": "" } : {}),
      },
      action: infoAttribute("action", "data-action"),
      model: infoAttribute("model", "data-model"),
      instruction: infoAttribute("instruction", "data-instruction"),
      createdAt: infoAttribute("createdAt", "data-created-at"),
    };
  },

  parseHTML() {
    // Only our own elements: a plain <ins> or <del> from elsewhere is not a suggestion.
    const valid = (el: HTMLElement) => isSuggestionId(el.getAttribute("data-suggestion-id")) && isSuggestionId(el.getAttribute("data-run-id")) && null;
    return [
      { tag: "ins[data-suggestion-id]", getAttrs: valid },
      { tag: "del[data-suggestion-id]", getAttrs: valid },
    ];
  },

  renderHTML({ mark, HTMLAttributes }) {
    return [mark.attrs.kind === "deletion" ? "del" : "ins", mergeAttributes(HTMLAttributes), 0];
  },
});
