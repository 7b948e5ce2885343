import { applyHunks, diffHunks, type TextHunk } from "@/lib/editor/text-hunks";

/**
 * Mixing an AI edit's variants (docs/features.md, "Variants"): the spots of the original where at
 * least one variant changes something, each with what every variant has there, and the text for a
 * choice of variant per spot. Pure, over the run's original Markdown and the variants' answers.
 */

/** One distinct text a spot can take, and the variants that have it. */
export interface Alternative {
  text: string;
  /** Indexes of the variants with this text here, in order. */
  variants: number[];
  /** The original's text: the variants listed left this spot as it was. */
  original: boolean;
}

/** A stretch of the original [start, end) that some variant changes. */
export interface Spot {
  start: number;
  end: number;
  /** Each variant's text here, by variant index. */
  texts: string[];
  /** The distinct texts, in the order of the first variant having each. */
  alternatives: Alternative[];
}

/**
 * The spots where the variants change the original. Hunks of different variants that overlap or
 * touch the same stretch form one spot (so a spot may hold several hunks of one variant); the
 * stretches between spots are the same in every variant.
 */
export function findSpots(original: string, variants: readonly string[]): Spot[] {
  const hunks = variants.flatMap((text, variant) => diffHunks(original, text).map((hunk) => ({ hunk, variant })));
  hunks.sort((x, y) => x.hunk.start - y.hunk.start || x.hunk.end - y.hunk.end);
  const clusters: { start: number; end: number; hunks: { hunk: TextHunk; variant: number }[] }[] = [];
  for (const entry of hunks) {
    const cluster = clusters.at(-1);
    if (cluster && entry.hunk.start <= cluster.end) {
      cluster.end = Math.max(cluster.end, entry.hunk.end);
      cluster.hunks.push(entry);
    } else clusters.push({ start: entry.hunk.start, end: entry.hunk.end, hunks: [entry] });
  }
  return clusters.map(({ start, end, hunks: inside }) => {
    const stretch = original.slice(start, end);
    const texts = variants.map((_, variant) =>
      applyHunks(
        stretch,
        inside.filter((entry) => entry.variant === variant).map(({ hunk }) => ({ ...hunk, start: hunk.start - start, end: hunk.end - start })),
      ),
    );
    const alternatives: Alternative[] = [];
    texts.forEach((text, variant) => {
      const same = alternatives.find((alternative) => alternative.text === text);
      if (same) same.variants.push(variant);
      else alternatives.push({ text, variants: [variant], original: text === stretch });
    });
    return { start, end, texts, alternatives };
  });
}

/** The text with variant `choice[i]`'s version at spot i (a missing choice keeps variant 0's). */
export function mixVariants(original: string, spots: readonly Spot[], choice: readonly number[]): string {
  let out = "";
  let at = 0;
  spots.forEach((spot, i) => {
    out += original.slice(at, spot.start) + (spot.texts[choice[i] ?? 0] ?? spot.texts[0] ?? original.slice(spot.start, spot.end));
    at = spot.end;
  });
  return out + original.slice(at);
}

/** Which of the spot's alternatives a variant's choice shows (its index in `alternatives`). */
export const alternativeOf = (spot: Spot, variant: number): number => Math.max(0, spot.alternatives.findIndex((a) => a.variants.includes(variant)));

/** The choice after cycling spot `index` to its next (+1) or previous (-1) alternative, wrapping around. */
export function cycleSpot(spots: readonly Spot[], choice: readonly number[], index: number, step: 1 | -1): number[] {
  const spot = spots[index];
  if (!spot) return [...choice];
  const count = spot.alternatives.length;
  const next = spot.alternatives[(alternativeOf(spot, choice[index] ?? 0) + step + count) % count]!;
  return spots.map((_, i) => (i === index ? next.variants[0]! : (choice[i] ?? 0)));
}

/**
 * The spot a change in the document stands for, from where it starts in the original (a Markdown
 * offset, near enough): the nearest spot the current choice changes. Spots left as they were have
 * no change in the document to stand for them.
 */
export function spotNear(original: string, spots: readonly Spot[], choice: readonly number[], offset: number): number | undefined {
  let best: number | undefined;
  let distance = Infinity;
  spots.forEach((spot, i) => {
    if (spot.texts[choice[i] ?? 0] === original.slice(spot.start, spot.end)) return;
    const d = offset < spot.start ? spot.start - offset : offset > spot.end ? offset - spot.end : 0;
    if (d < distance) {
      distance = d;
      best = i;
    }
  });
  return best;
}

/** Variant letters: A, B, C, D. */
export const variantLetter = (index: number) => String.fromCharCode(65 + index);
