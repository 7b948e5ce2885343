import "server-only";
import { sameHeading } from "@/lib/editor/sections";

/**
 * The pure half of drafting's context: an article in Markdown split by its section headings,
 * which sections stay verbatim and which are sent as summaries when it is too long, and the
 * context put back together.
 */

export interface ArticleSection {
  /** The heading's text; empty for the opening before the first section heading. */
  heading: string;
  /** The section as written: its heading line (if any) and everything up to the next section heading. */
  text: string;
}

/** Section headings: `#` and `##` (an article's title and its sections; `###` stays inside its section). */
const sectionHeading = /^ {0,3}(#{1,2})[ \t]+(.*?)[ \t]*#*[ \t]*$/;
const fence = /^ {0,3}(```|~~~)/;

/** The article cut at its section headings (never inside a code fence); the opening, if any, first. */
export function splitSections(markdown: string): ArticleSection[] {
  const sections: ArticleSection[] = [];
  let current: { heading: string; lines: string[] } = { heading: "", lines: [] };
  let inFence = false;
  for (const line of markdown.split("\n")) {
    if (fence.test(line)) inFence = !inFence;
    const heading = inFence ? null : sectionHeading.exec(line);
    if (heading) {
      if (current.lines.join("").trim()) sections.push({ heading: current.heading, text: current.lines.join("\n").trim() });
      current = { heading: heading[2]!.trim(), lines: [line] };
    } else {
      current.lines.push(line);
    }
  }
  if (current.lines.join("").trim()) sections.push({ heading: current.heading, text: current.lines.join("\n").trim() });
  return sections;
}

/** The heading of a draft-section brief (`## Heading` on its first line), or "". */
export function briefHeading(brief: string): string {
  return sectionHeading.exec(brief.split("\n", 1)[0] ?? "")?.[2]?.trim() ?? "";
}

/** The section's body: its text without the heading line. */
export const sectionBody = (section: ArticleSection) => (section.heading ? section.text.replace(/^[^\n]*\n?/, "").trim() : section.text);

export interface ContextPlan {
  /** Indexes of the sections sent as summaries, in order. */
  summarize: number[];
}

/** How many sections just before the one being drafted stay verbatim (the second only if both fit in half the budget). */
export const recentSections = 2;

/**
 * What to summarize so the article fits `budget` characters: nothing when it fits as it is.
 * Otherwise every section with a body except the most recent one or two before the section
 * being drafted (at `heading` in the text when it is there, else at the end): those stay
 * verbatim so the new section follows on from them.
 */
export function planContext(sections: ArticleSection[], heading: string, budget: number): ContextPlan {
  const length = sections.reduce((n, s) => n + s.text.length + 2, 0);
  if (length <= budget) return { summarize: [] };
  const own = sections.findIndex((s) => s.heading && sameHeading(s.heading, heading));
  const place = own >= 0 ? own : sections.length;
  const recent = new Set<number>();
  for (let i = place - 1, used = 0; i >= 0 && recent.size < recentSections; i--) {
    used += sections[i]!.text.length;
    if (recent.size > 0 && used > budget / 2) break;
    recent.add(i);
  }
  const summarize = sections.flatMap((s, i) => (i !== own && !recent.has(i) && sectionBody(s) ? [i] : []));
  return { summarize };
}

/** A summarized section as the model sees it: labelled with its heading, marked as a summary. */
export function summarizedSection(section: ArticleSection, summary: string): string {
  const head = section.heading ? section.text.split("\n", 1)[0]! : "(The opening, before the first heading)";
  return `${head}\n\n[Summary of this section; its full text is left out] ${summary.trim()}`;
}

/** The article again, the planned sections replaced by their summaries. */
export function assembleContext(sections: ArticleSection[], summaries: Map<number, string>): string {
  return sections.map((s, i) => (summaries.has(i) ? summarizedSection(s, summaries.get(i)!) : s.text)).join("\n\n");
}
