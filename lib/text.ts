/** Plain-text helpers shared by the editor, the server and the reports (no dependencies: safe everywhere). */

/** Words as runs of non-space characters: the editor's count, the documents list's and the authorship report's. */
export function countWords(text: string): number {
  return text.match(/\S+/g)?.length ?? 0;
}

/** `text` on one line, cut at a word (with "…") when it runs past `max` characters. */
export function cutAtWord(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  // Never half of a character written with two UTF-16 units (an emoji, a rare CJK character).
  const cut = flat.slice(0, /[\uD800-\uDBFF]/.test(flat[max - 1] ?? "") ? max - 1 : max);
  const space = flat[cut.length] === " " ? cut.length : cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
