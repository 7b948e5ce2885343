import type { DocumentContent } from "@/lib/contracts/documents";
import { limits } from "@/lib/contracts/limits";
import { documentToText, inlineText, type DocNode } from "./convert";

/**
 * A document's automatic title: it follows the document until the writer names it. Pure and
 * client-safe: the server stores it on every save, the studio shows it as the writer types.
 */

/** What a document with no text at all is called. */
export const untitled = "Untitled";

/** A first line can be a whole paragraph: as a title it is cut shorter than a heading (limits.titleChars). */
export const firstLineTitleChars = 80;

/** One line, whitespace collapsed, cut at a word (with "…") past `max` characters. */
export function oneLineTitle(text: string, max: number = limits.titleChars): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

const blockText = (block: DocNode) => documentToText({ type: "doc", content: [block] });

/** The first top-level block holding text (empty paragraphs and rules skipped); only that far is read. */
function openingBlock(content: DocumentContent): DocNode | undefined {
  return (content.content ?? []).find((block) => blockText(block).trim() !== "");
}

/**
 * The title a document gets by itself: the heading it opens with (any level), else the
 * outline's title, else its first line of text, else "Untitled".
 */
export function autoTitle({ content, outlineTitle }: { content: DocumentContent; outlineTitle?: string }): string {
  const first = openingBlock(content);
  if (first?.type === "heading") {
    const heading = oneLineTitle(inlineText(first.content ?? []));
    if (heading) return heading;
  }
  const outline = oneLineTitle(outlineTitle ?? "");
  if (outline) return outline;
  const line = first
    ? blockText(first)
        .split("\n")
        .map((l) => l.trim())
        .find(Boolean)
    : undefined;
  return oneLineTitle(line ?? "", firstLineTitleChars) || untitled;
}

/** The title to show: the writer's own when set, else the automatic one. */
export function shownTitle(writerTitle: string, automatic: string): string {
  return writerTitle.trim() || automatic || untitled;
}
