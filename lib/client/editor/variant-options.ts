import type { ModelInfo } from "@/lib/ai/models";

/**
 * How many variants the AI actions' rewrites ask for (the account's default, `hooks/use-variant-options.ts`),
 * and per variant the model and temperature when comparing, remembered per browser (docs/features.md, "Variants").
 */
export interface VariantOptions {
  /** 1 is a plain edit. */
  count: number;
  compare: boolean;
  /** Per variant: a configured model's id, or "" for the studio's model. */
  models: string[];
  /** Per variant: a temperature, or null for the model's default. */
  temperatures: (number | null)[];
}

/** 2–4 variants of a rewrite, each from the run's model or one of its own, at a temperature or the model's default. */
export interface VariantRequest {
  count: number;
  models?: string[];
  temperatures?: number[];
}

export const maxVariantCount = 4;
export const defaultVariantOptions: VariantOptions = { count: 1, compare: false, models: [], temperatures: [] };
/** The temperatures offered when comparing: the model's default, then from exact to loose. */
export const temperatureChoices = [null, 0, 0.4, 0.7, 1, 1.3] as const;
/** A variant left at the default next to one with a temperature gets this (OpenAI's default). */
const fillTemperature = 1;

export function parseVariantOptions(stored: unknown): VariantOptions | undefined {
  if (!stored || typeof stored !== "object") return undefined;
  const value = stored as Partial<VariantOptions>;
  const count = typeof value.count === "number" && Number.isInteger(value.count) ? Math.min(maxVariantCount, Math.max(1, value.count)) : 1;
  const models = Array.isArray(value.models) ? value.models.map((m) => (typeof m === "string" ? m : "")).slice(0, maxVariantCount) : [];
  const temperatures = Array.isArray(value.temperatures)
    ? value.temperatures.map((t) => (typeof t === "number" && t >= 0 && t <= 2 ? t : null)).slice(0, maxVariantCount)
    : [];
  return { count, compare: value.compare === true, models, temperatures };
}

/** What `start` sends for these options, or undefined for a plain edit. Models no longer offered fall back to the studio's. */
export function variantRequest(options: VariantOptions, models: readonly ModelInfo[], model: string | undefined): VariantRequest | undefined {
  if (options.count < 2) return undefined;
  if (!options.compare) return { count: options.count };
  const slots = Array.from({ length: options.count }, (_, i) => i);
  const own = models.find((m) => m.id === model)?.id ?? models.find((m) => m.default)?.id ?? models[0]?.id ?? "";
  const chosen = slots.map((i) => models.find((m) => m.id === options.models[i])?.id ?? "");
  const temperatures = slots.map((i) => options.temperatures[i] ?? null);
  const anyModel = chosen.some(Boolean);
  const anyTemperature = temperatures.some((t) => t !== null);
  return {
    count: options.count,
    ...(anyModel && own ? { models: chosen.map((id) => id || own) } : {}),
    ...(anyTemperature ? { temperatures: temperatures.map((t) => t ?? fillTemperature) } : {}),
  };
}
