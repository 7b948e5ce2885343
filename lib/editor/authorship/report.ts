import type { AuthorshipPassageJson, AuthorshipReport, AuthorshipRunJson } from "@/lib/contracts/authorship";
import type { DocumentContent } from "@/lib/contracts/documents";
import { suggestionMarkName } from "@/lib/editor/suggestions/marks";
import { type AuthorshipAttrs, authorshipMarkName } from "./marks";
import { countWords, cutAtWord } from "@/lib/text";
import { authorshipShareOfJson, percent } from "./share";

/**
 * The disclosure report of a saved document (docs/api.md, "Authorship record"): the share by words
 * (the same count as the editor's header), the AI passages and the runs that wrote them. Pure: the
 * server's API answer, the studio's downloads and the DOCX appendix are all made from its result.
 */

type JsonNode = NonNullable<DocumentContent["content"]>[number];
type Mark = NonNullable<JsonNode["marks"]>[number];

/** Longest passage excerpt, in characters, before it is cut at a word. */
export const excerptChars = 200;

const str = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);


interface OpenPassage {
  attrs: Partial<AuthorshipAttrs> & { runId: string };
  origin: "ai" | "edited";
  text: string;
}

/**
 * Walks the document's inline content in order. A passage is contiguous text of one run and origin;
 * it continues across a paragraph break when the next text is the same run's (a drafted section is
 * one passage), and ends at any of the writer's text. Pending suggested insertions are skipped (not
 * in the document yet); their hunks are counted as pending.
 */
function collect(doc: DocumentContent): { passages: OpenPassage[]; pending: number } {
  const passages: OpenPassage[] = [];
  const pendingIds = new Set<string>();
  let open: OpenPassage | null = null;
  let blockBreak = false;
  const stack: JsonNode[] = [...(doc.content ?? [])].reverse();
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (node.text === undefined) {
      if (node.type === "hardBreak") {
        if (open) open.text += "\n";
      } else blockBreak = true;
      if (node.content) stack.push(...[...node.content].reverse());
      continue;
    }
    const marks: Mark[] = node.marks ?? [];
    const suggestion = marks.find((mark) => mark.type === suggestionMarkName);
    if (suggestion) {
      const id = str(suggestion.attrs?.id);
      if (id) pendingIds.add(id);
      if (suggestion.attrs?.kind === "insertion") continue;
    }
    const mark = marks.find((m) => m.type === authorshipMarkName);
    const runId = str(mark?.attrs?.runId);
    if (!mark || !runId) {
      open = null;
      continue;
    }
    const origin = mark.attrs?.origin === "edited" ? "edited" : "ai";
    if (open && open.attrs.runId === runId && open.origin === origin) {
      open.text += (blockBreak ? "\n" : "") + node.text;
    } else {
      open = { attrs: { ...(mark.attrs as Partial<AuthorshipAttrs>), runId }, origin, text: node.text };
      passages.push(open);
    }
    blockBreak = false;
  }
  return { passages, pending: pendingIds.size };
}

export interface AuthorshipReportInput {
  doc: DocumentContent;
  documentId: string;
  title: string;
  /** The account's "store my prompts" setting: off, no instruction text is reported. */
  storeContent: boolean;
  generatedAt: Date;
}

export function authorshipReport({ doc, documentId, title, storeContent, generatedAt }: AuthorshipReportInput): AuthorshipReport {
  const share = authorshipShareOfJson(doc);
  const { passages: found, pending } = collect(doc);
  const passages: AuthorshipPassageJson[] = found.map(({ attrs, origin, text }) => ({
    run_id: attrs.runId,
    origin,
    excerpt: cutAtWord(text, excerptChars),
    words: countWords(text),
    action: str(attrs.action),
    model: str(attrs.model),
    created_at: str(attrs.createdAt),
    accepted_at: str(attrs.acceptedAt),
    accepted_by: str(attrs.acceptedBy),
  }));
  const runs = new Map<string, AuthorshipRunJson>();
  found.forEach(({ attrs }, i) => {
    const run = runs.get(attrs.runId);
    if (run) {
      run.passages++;
      run.words += passages[i]!.words;
      return;
    }
    runs.set(attrs.runId, {
      run_id: attrs.runId,
      action: str(attrs.action),
      model: str(attrs.model),
      instruction: storeContent ? str(attrs.instruction) : null,
      created_at: str(attrs.createdAt),
      accepted_at: str(attrs.acceptedAt),
      accepted_by: str(attrs.acceptedBy),
      passages: 1,
      words: passages[i]!.words,
    });
  });
  const notes = ["Text counts as the writer's unless it carries the studio's AI mark: text pasted from outside the studio counts as the writer's."];
  if (!storeContent) notes.push("This account doesn't store prompts: the record keeps origin, model and time, and leaves instruction texts out.");
  if (pending > 0) notes.push(`${pending} AI suggestion${pending === 1 ? "" : "s"} pending: not part of the record until accepted.`);
  return {
    document_id: documentId,
    title,
    generated_at: generatedAt.toISOString(),
    share: { words: share.words, writer_words: share.writer, ai_words: share.ai, edited_words: share.edited, ai_share: share.aiShare },
    passages,
    runs: [...runs.values()],
    pending_suggestions: pending,
    instructions_included: storeContent,
    notes,
  };
}

// ---------------------------------------------------------------------------------------------
// Shared wording of the renderers (Markdown here, the studio's dialog, the DOCX appendix).

export const originLabels = {
  writer: "Written by the writer",
  ai: "Written by AI, as written",
  edited: "Written by AI, edited since",
} as const;

/** The share rows of a report: label, words, percentage. */
export function shareRows(report: AuthorshipReport): { origin: keyof typeof originLabels; label: string; words: number; percent: string }[] {
  const { words, writer_words, ai_words, edited_words } = report.share;
  return (
    [
      ["writer", writer_words],
      ["ai", ai_words],
      ["edited", edited_words],
    ] as const
  ).map(([origin, count]) => ({ origin, label: originLabels[origin], words: count, percent: percent(count, words) }));
}

/**
 * "rewrite by gpt-4o-mini, written …, accepted … by Ann": a passage's or run's facts in one line; times
 * as ISO 8601 in files, as `time` formats them on screen.
 */
export function describeRun(
  run: Pick<AuthorshipRunJson, "action" | "model" | "created_at" | "accepted_at" | "accepted_by">,
  time: (iso: string) => string = (iso) => iso,
): string {
  const parts = [[run.action ?? "AI edit", run.model ? `by ${run.model}` : null].filter(Boolean).join(" ")];
  if (run.created_at) parts.push(`written ${time(run.created_at)}`);
  if (run.accepted_at || run.accepted_by) {
    parts.push(["accepted", run.accepted_at ? time(run.accepted_at) : null, run.accepted_by ? `by ${run.accepted_by}` : null].filter(Boolean).join(" "));
  }
  return parts.join(", ");
}

/** Markdown's special characters in text taken from the document or a mark, made literal. */
function md(text: string): string {
  return text
    .replace(/[\\`*_[\]<>~|#]/g, "\\$&")
    .replace(/&(?=#?\w+;)/g, "\\&")
    .replace(/\n/g, " ");
}

export function authorshipReportMarkdown(report: AuthorshipReport): string {
  const lines = [`# Authorship record: ${md(report.title)}`, "", `Generated ${report.generated_at} by Draftwise.`, "", "## Share by words", ""];
  lines.push("| Origin | Words | Share |", "| --- | ---: | ---: |");
  for (const row of shareRows(report)) lines.push(`| ${row.label} | ${row.words} | ${row.percent} |`);
  lines.push(`| Total | ${report.share.words} | 100% |`, "");
  lines.push(`## AI passages (${report.passages.length})`, "");
  if (report.passages.length === 0) lines.push("No AI-written text in this document.");
  report.passages.forEach((passage, i) => {
    lines.push(`${i + 1}. “${md(passage.excerpt)}” — ${md(describeRun(passage))}; ${passage.origin === "edited" ? "edited since" : "as written"}, ${passage.words} words, run \`${passage.run_id}\``);
  });
  lines.push("", `## AI runs (${report.runs.length})`, "");
  for (const run of report.runs) {
    const instruction = report.instructions_included ? (run.instruction ? `: “${md(run.instruction)}”` : ": no instruction") : "";
    lines.push(`- \`${run.run_id}\` — ${md(describeRun(run))}; ${run.passages} passage${run.passages === 1 ? "" : "s"}, ${run.words} words${instruction}`);
  }
  if (report.runs.length === 0) lines.push("None.");
  lines.push("", "## Notes", "", ...report.notes.map((note) => `- ${md(note)}`), "");
  return lines.join("\n");
}
