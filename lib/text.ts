/** Plain-text helpers shared by the editor, the server and the reports (no dependencies: safe everywhere). */

/** Words as runs of non-space characters: the editor's count, the documents list's and the authorship report's. */
export function countWords(text: string): number {
  return text.match(/\S+/g)?.length ?? 0;
}

/** `text` on one line, cut at a word (with "…") when it runs past `max` characters. */
export function cutAtWord(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
