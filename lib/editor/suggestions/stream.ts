import { applyHunks, diffHunks, tokenize, type TextHunk } from "@/lib/editor/text-hunks";

/**
 * The Markdown side of an AI edit streaming into the document (docs/architecture.md, "Suggestions"):
 * what to propose for the range at each step, given the original, the answer so far and what the
 * writer changed meanwhile. Pure; the editor parses the result and proposes it with `reviseRun`.
 */

/** Equal words after the latest change before it no longer counts as pending. */
const settledWords = 3;
const wordPattern = /[\p{L}\p{N}]/u;
const words = (text: string) => tokenize(text).filter((token) => wordPattern.test(token)).length;

/** Joins two texts, with a space where two words would otherwise run together. */
const join = (left: string, right: string) => (/\S$/.test(left) && /^\S/.test(right) ? `${left} ${right}` : left + right);

export interface StreamProposal {
  /** The proposal for the whole original: the answer so far, then the original it hasn't reached. */
  text: string;
  /** The latest change may still move as more arrives (fewer than three equal words after it). */
  pending: boolean;
}

/**
 * A partial answer as a proposal for the whole original. The answer's last token may be half a word
 * and waits. The answer has reached as far into the original as its last equal stretch that follows
 * changes of about their own size (or has three or more words): a common word it happens to share with
 * a far-off part of the original doesn't count. Its words past that point go in before the original it hasn't reached, which
 * stays as it is, so nothing is proposed for deletion before the model says so.
 */
export function streamProposal(original: string, answer: string, done: boolean): StreamProposal {
  if (done) return { text: answer, pending: false };
  const tokens = tokenize(answer);
  tokens.pop();
  const arrived = tokens.join("");
  let reached = 0;
  let equalFrom = 0;
  let trusted = true;
  let previous: Pick<TextHunk, "deleted" | "inserted"> | undefined;
  for (const hunk of [...diffHunks(original, arrived), { start: original.length, end: original.length, deleted: "", inserted: "" }]) {
    const equal = words(original.slice(equalFrom, hunk.start));
    // A short equal stretch counts right after a change of about its own size, not after a jump.
    const near = !previous || words(previous.deleted) <= words(previous.inserted) + settledWords;
    if (equal >= settledWords || (equal > 0 && trusted && near) || (!previous && hunk.start > 0)) reached = hunk.start;
    else if (equal > 0) trusted = false;
    equalFrom = hunk.end;
    previous = hunk;
  }
  const text = join(arrived, original.slice(reached));
  const latest = diffHunks(original, text).at(-1);
  return { text, pending: latest !== undefined && words(original.slice(latest.end, reached)) < settledWords };
}

/**
 * The proposal rebased on the writer's version of the original. Where the writer changed the text the
 * AI also changes (or touches), their words stay and the AI's version of that stretch follows them
 * (passed through `conflict`, so the caller can find it), to be reviewed as a conflict: accepting it
 * never removes what they wrote. A stretch both changed the same way is left alone, and so is one the
 * AI would only delete.
 */
export function rebaseProposal(base: string, current: string, proposal: string, conflict = (text: string) => text): string {
  const writer = diffHunks(base, current);
  if (!writer.length) return proposal;
  const ai = diffHunks(base, proposal);
  const all = [...writer.map((hunk) => ({ hunk, by: "writer" as const })), ...ai.map((hunk) => ({ hunk, by: "ai" as const }))].sort(
    (x, y) => x.hunk.start - y.hunk.start || x.hunk.end - y.hunk.end,
  );
  // Clusters of hunks that overlap or touch, in the base's order.
  const clusters: { start: number; end: number; writer: TextHunk[]; ai: TextHunk[] }[] = [];
  for (const { hunk, by } of all) {
    const cluster = clusters.at(-1);
    if (cluster && hunk.start <= cluster.end) {
      cluster.end = Math.max(cluster.end, hunk.end);
      cluster[by].push(hunk);
    } else clusters.push({ start: hunk.start, end: hunk.end, writer: by === "writer" ? [hunk] : [], ai: by === "ai" ? [hunk] : [] });
  }
  let out = "";
  let at = 0;
  for (const cluster of clusters) {
    const stretch = base.slice(cluster.start, cluster.end);
    const local = (hunks: TextHunk[]) => hunks.map((h) => ({ ...h, start: h.start - cluster.start, end: h.end - cluster.start }));
    const theirs = applyHunks(stretch, local(cluster.writer));
    const ours = applyHunks(stretch, local(cluster.ai));
    const merged = !cluster.writer.length ? ours : !cluster.ai.length || theirs === ours || !ours.trim() ? theirs : join(theirs, conflict(ours));
    out += base.slice(at, cluster.start) + merged;
    at = cluster.end;
  }
  return out + base.slice(at);
}
