import { Mark, mergeAttributes } from "@tiptap/core";
import { isSuggestionId, markTextRule, markTimeRule, maxSuggestionModelChars, suggestionAttributeRules } from "@/lib/editor/suggestions/marks";

/**
 * Where text came from (docs/architecture.md, "Authorship"). Text without this mark is the writer's;
 * text with it was written by the AI and accepted into the document. `origin` says whether it is as
 * the AI wrote it or the writer has edited that passage since. The run's facts travel with the text,
 * so copy/paste inside the studio, undo, versions, merges and the document JSON keep them.
 */

export const authorshipMarkName = "authorship";
export const authorshipOrigins = ["ai", "edited"] as const;
export type AuthorshipOrigin = (typeof authorshipOrigins)[number];

export interface AuthorshipAttrs {
  /** The AI run that wrote it (the suggestion's run id). */
  runId: string;
  /** "ai": as the AI wrote it; "edited": the writer has changed the passage since. */
  origin: AuthorshipOrigin;
  action: string | null;
  model: string | null;
  /** Left out when the account stores no prompts. */
  instruction: string | null;
  /** When the AI wrote it. */
  createdAt: string | null;
  /** When the writer accepted it, and who (the account's name or e-mail, "Guest" for a guest). */
  acceptedAt: string | null;
  acceptedBy: string | null;
}

/** Longest "accepted by" label a mark keeps. */
export const maxAcceptedByChars = 200;

/** What is wrong with an authorship attribute's value, or null (shared with the server's document check). */
export const authorshipAttributeRules: Record<keyof AuthorshipAttrs, (value: unknown) => string | null> = {
  runId: (value) => (isSuggestionId(value) ? null : "must be 1 to 64 letters, digits, - or _"),
  origin: (value) => (authorshipOrigins.some((origin) => origin === value) ? null : `must be one of ${authorshipOrigins.join(", ")}`),
  action: suggestionAttributeRules.action,
  model: markTextRule(maxSuggestionModelChars),
  instruction: suggestionAttributeRules.instruction,
  createdAt: markTimeRule,
  acceptedAt: markTimeRule,
  acceptedBy: markTextRule(maxAcceptedByChars),
};

/** Attributes an authorship mark can't do without. */
export const requiredAuthorshipAttributes = ["runId", "origin"] as const;

const check = (name: keyof AuthorshipAttrs) => (value: unknown) => {
  const problem = authorshipAttributeRules[name](value);
  if (problem) throw new RangeError(`authorship ${name} ${problem}`);
};

const dataAttribute = (name: keyof AuthorshipAttrs) => `data-${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** An optional fact: read back from pasted studio HTML when valid, else null. */
const fact = (name: keyof AuthorshipAttrs) => ({
  default: null,
  validate: check(name),
  parseHTML: (el: HTMLElement) => {
    const value = el.getAttribute(dataAttribute(name));
    return value !== null && authorshipAttributeRules[name](value) === null ? value : null;
  },
  renderHTML: (attrs: Record<string, unknown>) => (attrs[name] === null || attrs[name] === undefined ? {} : { [dataAttribute(name)]: attrs[name] }),
});

export const AuthorshipMark = Mark.create({
  name: authorshipMarkName,
  // Typing at the edge of AI text is the writer's own text.
  inclusive: false,

  addAttributes() {
    return {
      runId: { validate: check("runId"), parseHTML: (el) => el.getAttribute("data-run-id"), renderHTML: (attrs) => ({ "data-run-id": attrs.runId }) },
      origin: {
        default: "ai",
        validate: check("origin"),
        parseHTML: (el) => (el.getAttribute("data-origin") === "edited" ? "edited" : "ai"),
        renderHTML: (attrs) => ({ "data-origin": attrs.origin }),
      },
      action: fact("action"),
      model: fact("model"),
      instruction: fact("instruction"),
      createdAt: fact("createdAt"),
      acceptedAt: fact("acceptedAt"),
      acceptedBy: fact("acceptedBy"),
    };
  },

  parseHTML() {
    return [{ tag: "span[data-authorship]", getAttrs: (el) => (isSuggestionId(el.getAttribute("data-run-id")) ? null : false) }];
  },

  renderHTML({ HTMLAttributes }) {
    return ["span", mergeAttributes({ "data-authorship": "" }, HTMLAttributes), 0];
  },
});
