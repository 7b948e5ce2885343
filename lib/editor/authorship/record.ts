import type { MarkType } from "@tiptap/pm/model";
import { PluginKey, type Transaction } from "@tiptap/pm/state";
import type { SuggestionInfo } from "@/lib/editor/suggestions/marks";
import { type AuthorshipAttrs, type AuthorshipOrigin, authorshipAttributeRules, authorshipMarkName, maxAcceptedByChars } from "./marks";

/** Who accepted AI text into the document, and when. */
export interface Acceptance {
  /** ISO 8601 time in UTC. */
  at: string;
  /** The account's name or e-mail, "Guest" for a guest; null when unknown. */
  by: string | null;
}

/** Now, accepted by `by`. */
export const acceptedNow = (by: string | null = null): Acceptance => ({ at: new Date().toISOString(), by });

/** What the record shows as who accepted: the account's name, else its e-mail, else "Guest". */
export function acceptedByLabel(account: { name?: string | null; email?: string | null; is_guest?: boolean }): string {
  const label = account.is_guest ? "Guest" : account.name?.trim() || account.email?.trim() || "Guest";
  return label.slice(0, maxAcceptedByChars).toWellFormed();
}

/** The authorship attributes of text a run wrote; a fact the mark would refuse becomes null, so marking never fails. */
export function authorshipAttrs(runId: string, info: SuggestionInfo, acceptance: Acceptance, origin: AuthorshipOrigin = "ai"): AuthorshipAttrs {
  const attrs: AuthorshipAttrs = {
    runId,
    origin,
    action: info.action ?? null,
    model: info.model ?? null,
    instruction: info.instruction ?? null,
    createdAt: info.createdAt ?? acceptance.at,
    acceptedAt: acceptance.at,
    acceptedBy: acceptance.by,
  };
  for (const name of ["action", "model", "instruction", "createdAt", "acceptedAt", "acceptedBy"] as const) {
    if (authorshipAttributeRules[name](attrs[name])) attrs[name] = null;
  }
  return attrs;
}

export const authorshipType = (tr: Transaction): MarkType => tr.doc.type.schema.marks[authorshipMarkName]!;

/** Tags a transaction whose AI text already carries its marks (drafting, templates): the edit rules leave it alone. */
export const authorshipKey = new PluginKey("authorship");
export const markAuthorshipTransaction = (tr: Transaction) => tr.setMeta(authorshipKey, true);
export const isAuthorshipTransaction = (tr: Transaction) => tr.getMeta(authorshipKey) === true;

/** Marks [from, to) of `tr.doc` as written by the AI, accepted as `attrs` says. */
export function markAiWritten(tr: Transaction, from: number, to: number, attrs: AuthorshipAttrs): Transaction {
  if (to > from) tr.addMark(from, to, authorshipType(tr).create(attrs));
  return tr;
}
