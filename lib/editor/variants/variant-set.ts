import { findSpots, mixVariants, variantLetter, type Spot } from "./spots";

/**
 * The variants of one AI run as they stream and after (docs/features.md, "Variants"): each variant's
 * settings and text so far, which one goes into the document, and once all have ended the spots to
 * mix them by. Pure: the studio keeps one per run and re-proposes the run's range with `shownText`.
 */

export interface VariantState {
  model: string;
  temperature: number | null;
  text: string;
  status: "streaming" | "done" | "error";
  error?: string;
}

export interface VariantSet {
  /** The run's range as Markdown when it began. */
  original: string;
  variants: VariantState[];
  /** The variant streaming into the document (A at first), or picked whole. */
  selected: number;
  /** Once every variant ended: the spots, and the variant each takes its text from. */
  spots: Spot[] | null;
  choice: number[] | null;
}

/** The events a variant stream brings (lib/client/api/stream-variants.ts). */
type VariantSetEvent =
  | { type: "start"; variants: { variant: number; model: string; temperature: number | null }[] }
  | { type: "delta"; variant: number; text: string }
  | { type: "done"; variant: number }
  | { type: "error"; variant: number; message: string };

export function startVariantSet(original: string, settings: { model: string; temperature: number | null }[]): VariantSet {
  return { original, variants: settings.map((s) => ({ ...s, text: "", status: "streaming" })), selected: 0, spots: null, choice: null };
}

const usable = (variant: VariantState | undefined) => !!variant && variant.status !== "error";

/** The set after one event. A failed variant streaming into the document hands over to the first one still going. */
export function applyVariantEvent(set: VariantSet, event: VariantSetEvent): VariantSet {
  if (event.type === "start") {
    const variants = event.variants.map(({ variant, model, temperature }) => ({ ...(set.variants[variant] ?? { text: "", status: "streaming" as const }), model, temperature }));
    return { ...set, variants };
  }
  const current = set.variants[event.variant];
  if (!current) return set;
  const next: VariantState =
    event.type === "delta"
      ? { ...current, text: current.text + event.text }
      : event.type === "done"
        ? { ...current, status: "done" }
        : { ...current, status: "error", error: event.message };
  const variants = set.variants.map((variant, i) => (i === event.variant ? next : variant));
  const selected = usable(variants[set.selected]) ? set.selected : Math.max(0, variants.findIndex(usable));
  return { ...set, variants, selected };
}

/** Every variant ended: the spots to mix by, each taking the selected variant's text. A failed variant keeps the original. */
export function settleVariantSet(set: VariantSet): VariantSet {
  const texts = set.variants.map((variant) => (variant.status === "error" ? set.original : variant.text));
  const spots = findSpots(set.original, texts);
  return { ...set, variants: set.variants.map((v) => (v.status === "streaming" ? { ...v, status: "done" } : v)), spots, choice: spots.map(() => set.selected) };
}

/** The stream stopped or broke off: the variants still going end with `message` (no mixing of half answers). */
export function interruptVariantSet(set: VariantSet, message: string): VariantSet {
  return { ...set, variants: set.variants.map((v) => (v.status === "streaming" ? { ...v, status: "error", error: message } : v)) };
}

/** Picks a whole variant: every spot takes its text. */
export function pickVariant(set: VariantSet, index: number): VariantSet {
  if (!usable(set.variants[index])) return set;
  return { ...set, selected: index, choice: set.spots ? set.spots.map(() => index) : null };
}

/** What the run proposes for its range: the selected variant, or the mix of the choices once settled. */
export function shownText(set: VariantSet): string {
  if (set.spots && set.choice) return mixVariants(set.original, set.spots, set.choice);
  return set.variants[set.selected]?.text ?? "";
}

/** The variant whose text the document shows whole, if the choices add up to one. */
export function wholeVariant(set: VariantSet): number | undefined {
  if (!set.spots || !set.choice) return set.selected;
  const text = shownText(set);
  if (set.variants[set.selected]?.text === text) return set.selected;
  const index = set.variants.findIndex((variant) => usable(variant) && variant.text === text);
  return index < 0 ? undefined : index;
}

/** The model(s) behind what the document shows: the whole variant's, or each different one a mix takes text from ("a + b"). */
export function shownModels(set: VariantSet): string {
  const whole = wholeVariant(set);
  const used = whole !== undefined || !set.spots || !set.choice ? [whole ?? set.selected] : set.choice.filter((variant, i) => set.spots![i]!.texts[variant] !== set.original.slice(set.spots![i]!.start, set.spots![i]!.end));
  return [...new Set(used.map((i) => set.variants[i]?.model).filter((m): m is string => !!m))].join(" + ");
}

/** "A · gpt-4o-mini · 0.7": the variant's letter, model and temperature when one was asked for. */
export function variantLabel(variant: Pick<VariantState, "model" | "temperature">, index: number): string {
  return [variantLetter(index), variant.model, ...(variant.temperature === null ? [] : [String(variant.temperature)])].join(" · ");
}

/** How an alternative of a spot reads on its control: the letters of the variants with it, or "Original". */
export function alternativeLabel(set: VariantSet, spot: Spot, alternative: number): string {
  const entry = spot.alternatives[alternative];
  if (!entry) return "";
  if (entry.original) return "Original";
  return entry.variants
    .filter((i) => usable(set.variants[i]))
    .map(variantLetter)
    .join(", ");
}
