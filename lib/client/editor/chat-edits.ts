import { Selection, type EditorState } from "@tiptap/pm/state";
import { limits } from "@/lib/contracts/limits";
import type { TrackedRange } from "./tracked-ranges";

/** What "Apply as changes" edits, and how the chat says so. */
export interface ChatEditTarget extends TrackedRange {
  source: "asked" | "selection" | "document";
  description: string;
}

const descriptions: Record<ChatEditTarget["source"], string> = {
  asked: "the passage you asked about",
  selection: "your selection",
  document: "the whole document",
};

/**
 * The text a chat answer is applied to: the passage attached to its question ("Ask about
 * selection", followed through the writer's edits since), else the current selection, else the
 * whole document. Null when that has no text.
 */
export function chatEditTarget(state: EditorState, asked: TrackedRange | undefined): ChatEditTarget | null {
  const { doc, selection } = state;
  const [from, to, source]: [number, number, ChatEditTarget["source"]] =
    asked && asked.to > asked.from
      ? [asked.from, asked.to, "asked"]
      : !selection.empty
        ? [selection.from, selection.to, "selection"]
        : [Selection.atStart(doc).from, Selection.atEnd(doc).to, "document"];
  if (doc.textBetween(from, to, "\n\n").trim() === "") return null;
  return { from, to, source, description: descriptions[source] };
}

/** At most `max` characters, "…" marking a cut, never half of a surrogate pair (the API refuses those). */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max - 1).replace(/[\uD800-\uDBFF]$/, "")}…`;
}

/**
 * The edit instruction for "Apply as changes": the writer's question and the chat's answer. A long
 * answer keeps its opening (the instruction has a limit); the edit still sees the text in full.
 */
export function chatEditInstruction(question: string, answer: string): string {
  const asked = question.trim() ? `\nThe writer asked: ${clip(question.trim(), 300)}` : "";
  const head = `Revise the text as the assistant's answer in this chat with the writer suggests: apply what it proposes to the text and leave the rest as it is.${asked}\nThe answer: `;
  return head + clip(answer.trim(), limits.instructionChars - head.length);
}
