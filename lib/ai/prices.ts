/**
 * Model prices and the cost of a request before it is asked: client-safe and pure (the studio shows
 * the estimate; the server parses MODEL_PRICES with the same parser).
 */

/** USD per million tokens. */
export interface ModelPrice {
  input: number;
  output: number;
}

export type ModelPrices = Record<string, ModelPrice>;

const entryPattern = /^([^=\s]+)\s*=\s*(\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)$/;

/** `"gpt-4o-mini=0.15/0.60,gpt-4o=2.5/10"` → prices by model id; the entries that don't parse, for an error. */
export function parseModelPrices(text: string): { prices: ModelPrices; invalid: string[] } {
  const prices: ModelPrices = {};
  const invalid: string[] = [];
  for (const entry of text.split(",").map((s) => s.trim()).filter(Boolean)) {
    const match = entryPattern.exec(entry);
    if (match) prices[match[1]!] = { input: Number(match[2]), output: Number(match[3]) };
    else invalid.push(entry);
  }
  return { prices, invalid };
}

/** About four characters a token, as the server's limits estimate too. */
export const tokensOfChars = (chars: number) => Math.ceil(chars / 4);

export interface VariantsCost {
  /** Tokens every variant sends (the whole prompt, once per variant). */
  inputTokens: number;
  /** Tokens the variants may write together. */
  outputTokens: number;
  totalTokens: number;
  /** USD, only when every chosen model has a price; else null. */
  usd: number | null;
}

/**
 * What n variants may cost: each sends the whole input and writes about `outputTokens` (default:
 * as many as it reads — an edit rewrites its text). Variant i is priced by `models[i]`, past the
 * end by `model` (the request's own model), as the API chooses them.
 */
export function estimateVariantsCost({
  inputChars,
  inputTokens = tokensOfChars(inputChars ?? 0),
  outputTokens = inputTokens,
  n,
  model,
  models = [],
  prices,
}: {
  inputChars?: number;
  inputTokens?: number;
  outputTokens?: number;
  n: number;
  model?: string;
  models?: string[];
  prices: ModelPrices;
}): VariantsCost {
  const count = Math.max(1, Math.floor(n));
  const chosen = Array.from({ length: count }, (_, i) => models[i] ?? model);
  const priced = chosen.map((model) => (model === undefined ? undefined : prices[model]));
  const usd = priced.every((p) => p !== undefined)
    ? priced.reduce((sum, p) => sum + (inputTokens * p!.input + outputTokens * p!.output) / 1_000_000, 0)
    : null;
  return { inputTokens: inputTokens * count, outputTokens: outputTokens * count, totalTokens: (inputTokens + outputTokens) * count, usd };
}
