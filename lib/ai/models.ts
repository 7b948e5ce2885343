/** Client-safe model registry: no provider imports here. */
import type { ModelPrice } from "./prices";

export type ProviderKind = "openai" | "azure" | "openai-compatible" | "local" | "ollama";

export interface ModelInfo {
  id: string;
  label: string;
  provider: ProviderKind;
  contextWindow: number;
  maxOutputTokens: number;
  default?: boolean;
  /** USD per million tokens, when MODEL_PRICES names the model (for cost estimates: lib/ai/prices.ts). */
  price?: ModelPrice;
}

type KnownModel = Omit<ModelInfo, "provider" | "default">;

/** Limits of well-known OpenAI models; other ids get the operator's configured limits. */
export const knownOpenAIModels: KnownModel[] = [
  { id: "gpt-4.1-mini", label: "GPT-4.1 mini", contextWindow: 1_047_576, maxOutputTokens: 32_768 },
  { id: "gpt-4.1", label: "GPT-4.1", contextWindow: 1_047_576, maxOutputTokens: 32_768 },
  { id: "gpt-4o-mini", label: "GPT-4o mini", contextWindow: 128_000, maxOutputTokens: 16_384 },
  { id: "gpt-4o", label: "GPT-4o", contextWindow: 128_000, maxOutputTokens: 16_384 },
];

export const defaultOpenAIModelId = "gpt-4.1-mini";

/** The embedded model (provider "local"): its file in DATA_DIR/models and how busy it is. */
export interface LocalModelStatus {
  file: string;
  loaded: boolean;
  loadMs?: number;
  threads: number;
  sequences: number;
  busy: number;
  waiting: number;
  /** Why the file can't be used (requests answer 503 local_model_invalid). */
  error?: string;
}

/** What the setup notice offers when nothing is configured: the embedded model to download, or to copy in. */
interface LocalModelSetup {
  reference: { ref: string; label: string; fileName: string; approxBytes?: number; licence?: string } | null;
}

export interface ModelStatus {
  configured: boolean;
  provider: ProviderKind | null;
  models: ModelInfo[];
  defaultModel: string | null;
  local?: LocalModelStatus;
  /** What to set when nothing is configured. */
  setup?: { message: string; variables: string[]; local?: LocalModelSetup };
}
