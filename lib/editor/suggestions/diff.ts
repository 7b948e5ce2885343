import type { Mark, Node } from "@tiptap/pm/model";
import { suggestionMarkName } from "./marks";

/**
 * Word-level diff of two runs of inline content (one textblock's old and new content). Tokens are
 * words, runs of spaces and single other characters, each with its formatting: the same word with
 * a mark added or removed is a different token, so formatting-only changes are hunks too.
 */

export interface Token {
  /** Text, or the leaf node (a hard break) when it isn't text. */
  text: string;
  node: Node | null;
  marks: readonly Mark[];
  /** Equality key: text plus formatting. */
  key: string;
  /** Offset in the textblock's content (UTF-16 units, ProseMirror positions). */
  offset: number;
  size: number;
}

// Words keep their apostrophes and combining marks; an emoji (with its modifiers and ZWJ sequence) or a
// flag is one token; any other character stands alone, never half a surrogate pair or without its accents.
const tokenPattern =
  /[\p{L}\p{M}\p{N}_]+(?:['’][\p{L}\p{M}\p{N}_]+)*|\s+|\p{RI}\p{RI}|\p{Extended_Pictographic}[\p{M}\u{1F3FB}-\u{1F3FF}\uFE0F]*(?:\u200D\p{Extended_Pictographic}[\p{M}\u{1F3FB}-\u{1F3FF}\uFE0F]*)*|.\p{M}*/gsu;

const formatting = (marks: readonly Mark[]) =>
  marks
    .filter((mark) => mark.type.name !== suggestionMarkName)
    .map((mark) => (Object.keys(mark.attrs).length ? `${mark.type.name}${JSON.stringify(mark.attrs)}` : mark.type.name))
    .join(",");

export function tokenize(content: Node): Token[] {
  const tokens: Token[] = [];
  content.forEach((child, offset) => {
    const marks = child.marks;
    const style = formatting(marks);
    if (!child.isText) {
      tokens.push({ text: "", node: child, marks, key: `\u0000${child.type.name}${JSON.stringify(child.attrs)}|${style}`, offset, size: child.nodeSize });
      return;
    }
    for (const match of child.text!.matchAll(tokenPattern)) {
      const text = match[0];
      tokens.push({ text, node: null, marks, key: `${text}|${style}`, offset: offset + match.index, size: text.length });
    }
  });
  return tokens;
}

/** A change: old tokens [a0, a1) replaced by new tokens [b0, b1). */
export interface TokenChange {
  a0: number;
  a1: number;
  b0: number;
  b1: number;
}

/** Beyond this many edits a paragraph counts as rewritten: one hunk (keeps a full rewrite linear). */
const maxEdits = 1000;

/** Myers' O((N+M)·D) diff over token keys, after trimming the common prefix and suffix. */
export function diffTokens(a: readonly string[], b: readonly string[]): TokenChange[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  if (start === endA && start === endB) return [];
  if (start === endA || start === endB) return [{ a0: start, a1: endA, b0: start, b1: endB }];
  const n = endA - start;
  const m = endB - start;
  const limit = Math.min(n + m, maxEdits);
  const offset = limit + 1;
  const v = new Int32Array(2 * limit + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= limit && found < 0; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[start + x] === b[start + y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  if (found < 0) return [{ a0: start, a1: endA, b0: start, b1: endB }];
  // Walk back through the trace to get the edit script as matched (equal) pairs.
  const equal: [number, number][] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const prev = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && prev[offset + k - 1]! < prev[offset + k + 1]!) ? k + 1 : k - 1;
    const prevX = prev[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) equal.push([--x, --y]);
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) equal.push([--x, --y]);
  equal.reverse();
  const changes: TokenChange[] = [];
  let ia = 0;
  let ib = 0;
  for (const [ea, eb] of [...equal, [n, m] as [number, number]]) {
    if (ea > ia || eb > ib) changes.push({ a0: start + ia, a1: start + ea, b0: start + ib, b1: start + eb });
    ia = ea + 1;
    ib = eb + 1;
  }
  return changes;
}

/**
 * Hunks a reader sees: changes separated only by spaces merge ("the quick" → "a slow" is one
 * hunk, not two), so a hunk reads as a phrase.
 */
export function wordHunks(a: readonly Token[], b: readonly Token[]): TokenChange[] {
  const changes = diffTokens(
    a.map((token) => token.key),
    b.map((token) => token.key),
  );
  const merged: TokenChange[] = [];
  for (const change of changes) {
    const last = merged.at(-1);
    const between = last ? a.slice(last.a1, change.a0) : [];
    if (last && between.length <= 1 && between.every((token) => !token.node && /^\s+$/.test(token.text))) {
      last.a1 = change.a1;
      last.b1 = change.b1;
    } else merged.push({ ...change });
  }
  return merged;
}
