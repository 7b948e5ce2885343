import type { ModelInfo } from "@/lib/ai/models";
import { estimateVariantsCost, type ModelPrices } from "@/lib/ai/prices";
import type { VariantRequest } from "./variant-options";

/** The configured prices of the models offered (USD per million tokens), where the server has them. */
export function pricesOf(models: readonly ModelInfo[]): ModelPrices {
  return Object.fromEntries(models.flatMap((m) => (m.price ? [[m.id, m.price]] : [])));
}

const compact = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });

/** "Up to ≈ 2.4k tokens for 3 variants · about $0.004": what asking costs, before asking (docs/features.md, "Variants"). */
export function variantCostText(chars: number, request: VariantRequest, model: string | undefined, prices: ModelPrices): string {
  const cost = estimateVariantsCost({ inputChars: chars, n: request.count, model, ...(request.models ? { models: request.models } : {}), prices });
  const tokens = `≈ ${compact.format(cost.totalTokens)} tokens for ${request.count} variants`;
  if (cost.usd === null) return tokens;
  const usd = `about $${cost.usd >= 0.01 ? cost.usd.toFixed(2) : cost.usd.toPrecision(2)}`;
  return `${tokens} · ${usd}`;
}
