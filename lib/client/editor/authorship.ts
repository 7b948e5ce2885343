import { Extension, type Editor } from "@tiptap/core";
import type { Transaction } from "@tiptap/pm/state";
import { authorshipTracking } from "@/lib/editor/authorship/edits";
import type { AuthorshipAttrs } from "@/lib/editor/authorship/marks";
import { type Acceptance, acceptedNow, authorshipAttrs, markAiWritten, markAuthorshipTransaction } from "@/lib/editor/authorship/record";
import { suggestionInfo } from "@/lib/editor/suggestions/info";
import { newRunId } from "./tracked-run";

/** Who is writing: what AI text accepted in this editor records (docs/architecture.md, "Authorship"). */
export interface AuthorshipContext {
  /** The account's name or e-mail, "Guest" for a guest. */
  acceptedBy: string | null;
  /** False with "don't store my prompts": the record keeps no instruction. */
  storeInstructions: boolean;
}

declare module "@tiptap/core" {
  interface Storage {
    authorshipRecord: AuthorshipContext;
  }
}

/** The authorship record in the editor: the edit rules' plugin, and who accepts AI text here. */
export const Authorship = Extension.create({
  name: "authorshipRecord",
  addStorage: (): AuthorshipContext => ({ acceptedBy: null, storeInstructions: true }),
  addProseMirrorPlugins: () => [authorshipTracking()],
});

export function setAuthorshipContext(editor: Editor, context: AuthorshipContext): void {
  Object.assign(editor.storage.authorshipRecord, context);
}

/** Accepted now, by whoever writes in this editor. */
export const acceptanceIn = (editor: Editor): Acceptance => acceptedNow(editor.storage.authorshipRecord?.acceptedBy ?? null);

/**
 * The record of AI text that goes straight into the document (outline drafting, templates): accepted by
 * the act of asking for it, now. The instruction is left out unless the account stores prompts.
 */
export function directRunRecord(editor: Editor, { action, model, instruction }: { action: string; model?: string; instruction?: string }): AuthorshipAttrs {
  const { storeInstructions } = editor.storage.authorshipRecord ?? { storeInstructions: true };
  const acceptance = acceptanceIn(editor);
  const info = suggestionInfo({ action, model: model ?? null, instruction: storeInstructions ? (instruction ?? null) : null, createdAt: acceptance.at });
  return authorshipAttrs(newRunId(), info, acceptance);
}

/** Marks [from, to) of `tr` as AI-written with `record` and tags it, so the edit rules keep the marks. */
export function writtenByAi(tr: Transaction, from: number, to: number, record: AuthorshipAttrs): Transaction {
  return markAuthorshipTransaction(markAiWritten(tr, from, to, record));
}

