import type { Node } from "@tiptap/pm/model";
import type { DocumentContent } from "@/lib/contracts/documents";
import { suggestionMarkName } from "@/lib/editor/suggestions/marks";
import { type AuthorshipOrigin, authorshipMarkName } from "./marks";

/**
 * Who wrote how much of a document, by words (docs/architecture.md, "Authorship"). A word belongs to
 * the origin holding most of its characters (a tie goes to the writer: the share never overstates the
 * AI). Text still pending as a suggested insertion is not in the document yet and isn't counted.
 */
export interface AuthorshipShare {
  words: number;
  writer: number;
  /** As the AI wrote it. */
  ai: number;
  /** AI-written, edited by the writer since. */
  edited: number;
  /** (ai + edited) / words, 0 for an empty document. */
  aiShare: number;
}

export type Origin = "writer" | AuthorshipOrigin;

/** Counts words over a stream of text runs; `end()` closes the word at a block boundary. */
function counter() {
  const totals = { writer: 0, ai: 0, edited: 0 };
  let word = { writer: 0, ai: 0, edited: 0 };
  let inWord = false;
  const end = () => {
    if (!inWord) return;
    const winner = word.ai > word.writer && word.ai >= word.edited ? "ai" : word.edited > word.writer && word.edited > word.ai ? "edited" : "writer";
    totals[winner]++;
    word = { writer: 0, ai: 0, edited: 0 };
    inWord = false;
  };
  const text = (value: string, origin: Origin) => {
    for (const char of value) {
      if (/\s/.test(char)) end();
      else {
        inWord = true;
        word[origin]++;
      }
    }
  };
  const result = (): AuthorshipShare => {
    end();
    const words = totals.writer + totals.ai + totals.edited;
    return { words, ...totals, aiShare: words ? (totals.ai + totals.edited) / words : 0 };
  };
  return { text, end, result };
}

const originOf = (attrs: Record<string, unknown> | undefined): Origin => (attrs?.origin === "edited" ? "edited" : "ai");

/** The share of a ProseMirror document (the editor's, off the keystroke path: it reads the whole document). */
export function authorshipShare(doc: Node): AuthorshipShare {
  const count = counter();
  doc.descendants((node) => {
    if (node.isTextblock) count.end();
    if (!node.isInline) return true;
    if (node.marks.some((mark) => mark.type.name === suggestionMarkName && mark.attrs.kind === "insertion")) return false;
    if (!node.isText) {
      count.end();
      return false;
    }
    const mark = node.marks.find((m) => m.type.name === authorshipMarkName);
    count.text(node.text!, mark ? originOf(mark.attrs) : "writer");
    return false;
  });
  return count.result();
}

type JsonNode = NonNullable<DocumentContent["content"]>[number];

/** The same share from saved document JSON (the server's report, without building a schema node). */
export function authorshipShareOfJson(doc: DocumentContent): AuthorshipShare {
  const count = counter();
  const stack: JsonNode[] = [...(doc.content ?? [])].reverse();
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (node.text === undefined) {
      // A block or an inline leaf (a hard break, an image): a word ends at its edge.
      count.end();
      if (node.content) stack.push(...[...node.content].reverse());
      continue;
    }
    const marks = node.marks ?? [];
    if (marks.some((mark) => mark.type === suggestionMarkName && mark.attrs?.kind === "insertion")) continue;
    const mark = marks.find((m) => m.type === authorshipMarkName);
    count.text(node.text, mark ? originOf(mark.attrs) : "writer");
  }
  return count.result();
}

/** A share as a whole percentage; a share above 0 never shows as 0% (nor one below 1 as 100%). */
export function percent(part: number, whole: number): string {
  if (!whole) return "0%";
  const share = part / whole;
  let value = Math.round(share * 100);
  if (share > 0 && value === 0) value = 1;
  if (share < 1 && value === 100) value = 99;
  return `${value}%`;
}

/** "32% AI-written". */
export const formatAiShare = (share: AuthorshipShare): string => `${percent(share.aiShare, 1)} AI-written`;
