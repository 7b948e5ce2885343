import { Mark, mergeAttributes } from "@tiptap/core";

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
}

/** Ids the studio makes (nanoid, uuid): short and safe in an HTML attribute. */
const safeId = /^[A-Za-z0-9_-]{1,64}$/;
export const isSuggestionId = (value: unknown): value is string => typeof value === "string" && safeId.test(value);

/** What is wrong with a suggestion attribute's value, or null (shared with the server's document check). */
export const suggestionAttributeRules: Record<keyof SuggestionAttrs, (value: unknown) => string | null> = {
  kind: (value) => (suggestionKinds.some((kind) => kind === value) ? null : `must be one of ${suggestionKinds.join(", ")}`),
  id: (value) => (isSuggestionId(value) ? null : "must be 1 to 64 letters, digits, - or _"),
  runId: (value) => (isSuggestionId(value) ? null : "must be 1 to 64 letters, digits, - or _"),
  conflict: (value) => (typeof value === "boolean" ? null : "must be true or false"),
};

const check = (name: keyof SuggestionAttrs) => (value: unknown) => {
  const problem = suggestionAttributeRules[name](value);
  if (problem) throw new RangeError(`suggestion ${name} ${problem}`);
};

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
