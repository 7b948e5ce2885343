import type { DocumentContent } from "@/lib/contracts/documents";

/** A top-level block of the editor's document (paragraph, heading, list, …). */
export type Block = NonNullable<DocumentContent["content"]>[number];

/** A place where both sides changed the same blocks: both versions are in the merged document. */
interface MergeConflict {
  mine: Block[];
  theirs: Block[];
}

interface MergeResult {
  doc: DocumentContent;
  conflicts: MergeConflict[];
}

/** A change of one side against the base: `base[start, end)` became `blocks`. */
interface Hunk {
  side: "mine" | "theirs";
  start: number;
  end: number;
  blocks: Block[];
}

/** JSON with sorted keys: the server's jsonb and the editor order keys differently. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export function sameContent(a: DocumentContent, b: DocumentContent): boolean {
  return canonical(a.content ?? []) === canonical(b.content ?? []);
}

const sameBlocks = (a: string[], b: string[]) => a.length === b.length && a.every((key, i) => key === b[i]);

/**
 * The changes that turn `base` into `other`, from a longest common subsequence of blocks:
 * every run of unmatched blocks is one hunk. Common ends are skipped first, so an edit in a
 * long document costs little.
 */
function diffHunks(base: string[], other: string[], blocks: Block[], side: Hunk["side"]): Hunk[] {
  let prefix = 0;
  while (prefix < base.length && prefix < other.length && base[prefix] === other[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < base.length - prefix &&
    suffix < other.length - prefix &&
    base[base.length - 1 - suffix] === other[other.length - 1 - suffix]
  ) {
    suffix++;
  }
  const a = base.slice(prefix, base.length - suffix);
  const b = other.slice(prefix, other.length - suffix);

  // lengths[i][j]: LCS length of a[i..] and b[j..].
  const lengths = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i]![j] = a[i] === b[j] ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!);
    }
  }

  const hunks: Hunk[] = [];
  let i = 0;
  let j = 0;
  let open: { i: number; j: number } | null = null;
  const close = () => {
    if (!open) return;
    hunks.push({ side, start: prefix + open.i, end: prefix + i, blocks: blocks.slice(prefix + open.j, prefix + j) });
    open = null;
  };
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      close();
      i++;
      j++;
    } else {
      open ??= { i, j };
      if (j >= b.length || (i < a.length && lengths[i + 1]![j]! >= lengths[i]![j + 1]!)) i++;
      else j++;
    }
  }
  close();
  return hunks;
}

/** Hunks touch when their base ranges intersect, or both insert at the same point. */
function overlaps(a: Hunk, b: Hunk): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return a.start < b.end && b.start < a.end;
}

/** `base[start, end)` with one side's hunks (all inside that range) applied. */
function applyHunks(base: Block[], start: number, end: number, hunks: Hunk[]): Block[] {
  const out: Block[] = [];
  let at = start;
  for (const hunk of hunks) {
    out.push(...base.slice(at, hunk.start), ...hunk.blocks);
    at = hunk.end;
  }
  out.push(...base.slice(at, end));
  return out;
}

/**
 * Three-way merge of two edits of one document, block by block (top-level blocks):
 *  - a block changed on one side only takes that change;
 *  - the same change on both sides is taken once;
 *  - blocks changed differently on both sides are a conflict: both versions are kept, mine
 *    first, so no one's words are lost.
 * `base` is the version both edits started from. Pure: no editor, no DOM.
 */
export function mergeDocuments(base: DocumentContent, mine: DocumentContent, theirs: DocumentContent): MergeResult {
  const baseBlocks = base.content ?? [];
  const mineBlocks = mine.content ?? [];
  const theirsBlocks = theirs.content ?? [];
  const baseKeys = baseBlocks.map(canonical);
  const mineKeys = mineBlocks.map(canonical);
  const theirsKeys = theirsBlocks.map(canonical);

  const hunks = [...diffHunks(baseKeys, mineKeys, mineBlocks, "mine"), ...diffHunks(baseKeys, theirsKeys, theirsBlocks, "theirs")].sort(
    (a, b) => a.start - b.start || a.end - b.end,
  );

  // Groups of hunks that overlap, directly or through each other.
  const groups: Hunk[][] = [];
  for (const hunk of hunks) {
    const last = groups.at(-1);
    if (last && last.some((h) => overlaps(h, hunk))) last.push(hunk);
    else groups.push([hunk]);
  }

  const merged: Block[] = [];
  const conflicts: MergeConflict[] = [];
  let at = 0;
  for (const group of groups) {
    const start = Math.min(...group.map((h) => h.start));
    const end = Math.max(...group.map((h) => h.end));
    merged.push(...baseBlocks.slice(at, start));
    const mineSide = group.filter((h) => h.side === "mine");
    const theirsSide = group.filter((h) => h.side === "theirs");
    const mineVersion = applyHunks(baseBlocks, start, end, mineSide);
    const theirsVersion = applyHunks(baseBlocks, start, end, theirsSide);
    if (mineSide.length === 0) merged.push(...theirsVersion);
    else if (theirsSide.length === 0 || sameBlocks(mineVersion.map(canonical), theirsVersion.map(canonical))) merged.push(...mineVersion);
    else {
      merged.push(...mineVersion, ...theirsVersion);
      conflicts.push({ mine: mineVersion, theirs: theirsVersion });
    }
    at = end;
  }
  merged.push(...baseBlocks.slice(at));

  return { doc: { ...theirs, type: "doc", content: merged }, conflicts };
}

/** The title the same way: a change on one side wins; changes on both sides keep mine (it is on screen). */
export function mergeTitle(base: string, mine: string, theirs: string): string {
  return mine === base ? theirs : mine;
}
