/**
 * Word-level changes between an original text and its edited version, as hunks with offsets
 * into the original: pure and client-safe, shared by the edits API and the editor.
 *
 * Applying the hunks in order to the original always gives exactly the edited text; offsets are
 * UTF-16 code units and fall on token boundaries, so a hunk never splits a word, a surrogate pair,
 * a combining sequence or an emoji.
 */

export interface TextHunk {
  /** "h1", "h2", … in order of position; the same hunk keeps its id from stream to final answer. */
  id: string;
  /** Offsets into the original text: the hunk replaces original.slice(start, end). */
  start: number;
  end: number;
  deleted: string;
  inserted: string;
}

// Order matters: CJK characters are words of their own (no spaces between them); then words
// (with inner apostrophes and dots: "don't", "3.14"); emoji sequences; whitespace runs; any
// other code point with its combining marks. Runs of one Markdown mark ("**", "##") stay whole.
const tokenPattern = new RegExp(
  [
    "[\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}]\\p{M}*",
    "[\\p{L}\\p{N}\\p{M}_]+(?:['’.][\\p{L}\\p{N}\\p{M}_]+)*",
    "\\p{RI}\\p{RI}",
    "\\p{Extended_Pictographic}[\\p{M}\\u{1F3FB}-\\u{1F3FF}]*(?:\\u200D\\p{Extended_Pictographic}[\\p{M}\\u{1F3FB}-\\u{1F3FF}]*)*",
    "\\s+",
    "([*_~`#=-])\\1+",
    "[^]\\p{M}*",
  ].join("|"),
  "gu",
);
const wordPattern = /[\p{L}\p{N}]/u;

/** Splits text into tokens whose concatenation is the text. */
export function tokenize(text: string): string[] {
  return text.match(tokenPattern) ?? [];
}

/** A run of tokens changed: a[aStart, aEnd) became b[bStart, bEnd). */
interface TokenChange {
  aStart: number;
  aEnd: number;
  bStart: number;
  bEnd: number;
}

// Beyond this many cells a gap without unique anchors is replaced whole rather than aligned.
const maxLcsCells = 1_000_000;

/**
 * Token changes from a to b. Patience-style: common prefix and suffix, then tokens unique on both
 * sides as anchors (their longest increasing run), recursing between anchors; small gaps without
 * anchors get an exact LCS. Near-linear on prose, so a 10,000-word rewrite stays fast.
 */
function diffTokens(a: readonly string[], b: readonly string[]): TokenChange[] {
  const changes: TokenChange[] = [];
  const emit = (aStart: number, aEnd: number, bStart: number, bEnd: number) => {
    if (aStart === aEnd && bStart === bEnd) return;
    const last = changes.at(-1);
    if (last && last.aEnd === aStart && last.bEnd === bStart) {
      last.aEnd = aEnd;
      last.bEnd = bEnd;
    } else changes.push({ aStart, aEnd, bStart, bEnd });
  };

  const walk = (aLo: number, aHi: number, bLo: number, bHi: number): void => {
    for (; aLo < aHi && bLo < bHi && a[aLo] === b[bLo]; aLo++) bLo++;
    for (; aLo < aHi && bLo < bHi && a[aHi - 1] === b[bHi - 1]; aHi--) bHi--;
    if (aLo === aHi || bLo === bHi) return emit(aLo, aHi, bLo, bHi);

    let anchors = rareAnchors(a, aLo, aHi, b, bLo, bHi, 1);
    if (anchors.length === 0 && (aHi - aLo) * (bHi - bLo) > maxLcsCells) anchors = rareAnchors(a, aLo, aHi, b, bLo, bHi, 8);
    if (anchors.length > 0) {
      let ai = aLo;
      let bi = bLo;
      for (const [ax, bx] of anchors) {
        walk(ai, ax, bi, bx);
        ai = ax + 1;
        bi = bx + 1;
      }
      return walk(ai, aHi, bi, bHi);
    }
    if ((aHi - aLo) * (bHi - bLo) > maxLcsCells) return emit(aLo, aHi, bLo, bHi);
    lcs(a, aLo, aHi, b, bLo, bHi, emit);
  };

  walk(0, a.length, 0, b.length);
  return changes;
}

/**
 * Pairs [aIndex, bIndex] of tokens occurring as often on both sides and at most `maxCount`
 * times (the n-th occurrence paired with the n-th), longest run in order on both. Unique tokens
 * first; rare ones when a long gap has none unique.
 */
function rareAnchors(
  a: readonly string[],
  aLo: number,
  aHi: number,
  b: readonly string[],
  bLo: number,
  bHi: number,
  maxCount: number,
) {
  const seen = new Map<string, { a: number[]; b: number[] }>();
  for (let i = aLo; i < aHi; i++) {
    const t = a[i]!;
    const c = seen.get(t);
    if (c) c.a.push(i);
    else seen.set(t, { a: [i], b: [] });
  }
  for (let i = bLo; i < bHi; i++) seen.get(b[i]!)?.b.push(i);
  const pairs: [number, number][] = [];
  for (const c of seen.values()) {
    if (c.a.length !== c.b.length || c.a.length > maxCount) continue;
    c.a.forEach((ai, n) => pairs.push([ai, c.b[n]!]));
  }
  pairs.sort((x, y) => x[0] - y[0]);
  return longestIncreasing(pairs);
}

/** Longest subsequence of pairs (sorted by a) whose b also increases (patience sorting). */
function longestIncreasing(pairs: [number, number][]): [number, number][] {
  const tails: number[] = [];
  const previous = new Int32Array(pairs.length).fill(-1);
  for (let i = 0; i < pairs.length; i++) {
    const bx = pairs[i]![1];
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairs[tails[mid]!]![1] < bx) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[i] = tails[lo - 1]!;
    tails[lo] = i;
  }
  const run: [number, number][] = [];
  for (let i = tails.at(-1) ?? -1; i >= 0; i = previous[i]!) run.push(pairs[i]!);
  return run.reverse();
}

/** Exact longest common subsequence of a small gap, reported as changes in order. */
function lcs(
  a: readonly string[],
  aLo: number,
  aHi: number,
  b: readonly string[],
  bLo: number,
  bHi: number,
  emit: (aStart: number, aEnd: number, bStart: number, bEnd: number) => void,
) {
  const n = aHi - aLo;
  const m = bHi - bLo;
  const width = m + 1;
  const table = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i * width + j] =
        a[aLo + i] === b[bLo + j]
          ? table[(i + 1) * width + j + 1]! + 1
          : Math.max(table[(i + 1) * width + j]!, table[i * width + j + 1]!);
    }
  }
  let i = 0;
  let j = 0;
  let changeA = 0;
  let changeB = 0;
  while (i < n && j < m) {
    if (a[aLo + i] === b[bLo + j]) {
      emit(aLo + changeA, aLo + i, bLo + changeB, bLo + j);
      i++;
      j++;
      changeA = i;
      changeB = j;
    } else if (table[(i + 1) * width + j]! >= table[i * width + j + 1]!) i++;
    else j++;
  }
  emit(aLo + changeA, aHi, bLo + changeB, bHi);
}

/** Character offset of each token boundary: offsets[i] is where token i starts. */
function offsetsOf(tokens: readonly string[], base = 0): number[] {
  const offsets = [base];
  for (const t of tokens) offsets.push(offsets.at(-1)! + t.length);
  return offsets;
}

/** Changes separated only by spaces on one line read as one edit: "the quick" → "a slow". */
function isJoiningGap(tokens: readonly string[], from: number, to: number) {
  return to - from === 1 && /^[^\S\n]+$/.test(tokens[from]!);
}

interface Positioned {
  start: number;
  end: number;
  /** Offsets into the edited text. */
  editedStart: number;
  editedEnd: number;
  /** Token range in the edited text. */
  bStart: number;
  bEnd: number;
}

/** Token changes merged across one-space gaps and placed in both texts. */
function positioned(a: readonly string[], b: readonly string[], aBase: number, bBase: number): Positioned[] {
  const aOffsets = offsetsOf(a, aBase);
  const bOffsets = offsetsOf(b, bBase);
  const merged: TokenChange[] = [];
  for (const change of diffTokens(a, b)) {
    const last = merged.at(-1);
    if (last && isJoiningGap(a, last.aEnd, change.aStart)) {
      last.aEnd = change.aEnd;
      last.bEnd = change.bEnd;
    } else merged.push({ ...change });
  }
  return merged.map((c) => ({
    start: aOffsets[c.aStart]!,
    end: aOffsets[c.aEnd]!,
    editedStart: bOffsets[c.bStart]!,
    editedEnd: bOffsets[c.bEnd]!,
    bStart: c.bStart,
    bEnd: c.bEnd,
  }));
}

function toHunk(original: string, edited: string, p: Positioned, index: number): TextHunk {
  return {
    id: `h${index + 1}`,
    start: p.start,
    end: p.end,
    deleted: original.slice(p.start, p.end),
    inserted: edited.slice(p.editedStart, p.editedEnd),
  };
}

/** The hunks that turn `original` into `edited`, in order. Identical texts give none. */
export function diffHunks(original: string, edited: string): TextHunk[] {
  return positioned(tokenize(original), tokenize(edited), 0, 0).map((p, i) => toHunk(original, edited, p, i));
}

/** Applies hunks (in order, offsets into `original`) to `original`. */
export function applyHunks(original: string, hunks: readonly Pick<TextHunk, "start" | "end" | "inserted">[]): string {
  let out = "";
  let at = 0;
  for (const h of hunks) {
    if (h.start < at || h.end < h.start || h.end > original.length) throw new RangeError("Hunks overlap or are out of range.");
    out += original.slice(at, h.start) + h.inserted;
    at = h.end;
  }
  return out + original.slice(at);
}

const sameHunk = (x: TextHunk, y: TextHunk) =>
  x.id === y.id && x.start === y.start && x.end === y.end && x.inserted === y.inserted;

/** Equal words that must follow a change in the answer before the change counts as stable. */
const anchorWords = 3;

export interface HunkStream {
  /** Adds the next piece of the answer; returns the hunks that became stable with it (maybe none). */
  push(delta: string): TextHunk[];
  /** The answer is complete: returns the remaining hunks and the full edited text. */
  finish(): { text: string; hunks: TextHunk[] };
  /** Every hunk emitted so far, in order. */
  readonly emitted: readonly TextHunk[];
}

/**
 * Hunks of an answer still streaming. A change is stable once the answer has moved past it
 * with at least three equal words after it (the last, maybe unfinished, token never counts), an
 * anchor that later text is very unlikely to realign. Each stable hunk is emitted once, in order, never
 * retracted. `finish` completes the set; it equals `diffHunks(original, answer)` whenever the
 * emitted hunks are a prefix of that diff (the usual case), and otherwise diffs the rest after
 * the emitted ones, so applying all hunks still gives exactly the answer.
 */
export function createHunkStream(original: string): HunkStream {
  let answer = "";
  const emitted: TextHunk[] = [];
  // Everything before these offsets (original / answer) is settled: emitted or equal.
  let originalBase = 0;
  let answerBase = 0;
  // The answer's length when its unsettled part was last diffed.
  let triedAt = 0;

  const settle = () => {
    const answerTokens = tokenize(answer.slice(answerBase));
    answerTokens.pop(); // may still grow: "hel" → "hello"
    if (answerTokens.length === 0) return [];
    const answerLength = answerTokens.reduce((n, t) => n + t.length, 0);
    // Compare against a window of the original a little longer than the answer's new part: a long
    // original is not re-diffed whole on every delta, and the answer's words are not matched to a
    // far-off repeat of them. What lies past the window counts as unseen.
    const originalRest = original.slice(originalBase, originalBase + Math.ceil(answerLength * 1.25) + 200);
    const originalTokens = tokenize(originalRest);
    if (originalBase + originalRest.length < original.length) originalTokens.pop();

    const changes = positioned(originalTokens, answerTokens, originalBase, answerBase);
    const fresh: TextHunk[] = [];
    for (const [i, change] of changes.entries()) {
      const anchorEnd = changes[i + 1]?.bStart ?? answerTokens.length;
      if (countWords(answerTokens, change.bEnd, anchorEnd) < anchorWords) break;
      fresh.push(toHunk(original, answer, change, emitted.length + fresh.length));
      originalBase = change.end;
      answerBase = change.editedEnd;
    }
    if (fresh.length === 0) {
      // Equal so far up to the first change: settle that stretch, so the next diff starts there.
      const first = changes[0];
      originalBase = first ? first.start : originalBase + answerLength;
      answerBase = first ? first.editedStart : answerBase + answerLength;
    }
    emitted.push(...fresh);
    return fresh;
  };

  return {
    emitted,
    push(delta) {
      answer += delta;
      // An unsettled part that keeps growing without a stable change (a wholesale rewrite) is
      // diffed again only once it has grown by an eighth, so streaming stays near-linear.
      if (!delta || answer.length - triedAt < (answer.length - answerBase) / 8) return [];
      triedAt = answer.length;
      return settle();
    },
    finish() {
      const full = diffHunks(original, answer);
      if (emitted.every((h, i) => full[i] && sameHunk(h, full[i]))) return { text: answer, hunks: full.slice(emitted.length) };
      const rest = positioned(tokenize(original.slice(originalBase)), tokenize(answer.slice(answerBase)), originalBase, answerBase);
      return { text: answer, hunks: rest.map((p, i) => toHunk(original, answer, p, emitted.length + i)) };
    },
  };
}

function countWords(tokens: readonly string[], from: number, to: number) {
  let words = 0;
  for (let i = from; i < to; i++) if (wordPattern.test(tokens[i]!)) words++;
  return words;
}
