/** Client-safe model registry: no provider imports here. */
export const providerKinds = ["openai", "azure", "openai-compatible", "ollama"] as const;
export type ProviderKind = (typeof providerKinds)[number];

export interface ModelInfo {
  id: string;
  label: string;
  provider: ProviderKind;
  contextWindow: number;
  maxOutputTokens: number;
  default?: boolean;
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

export interface ModelStatus {
  configured: boolean;
  provider: ProviderKind | null;
  models: ModelInfo[];
  defaultModel: string | null;
  /** What to set when nothing is configured. */
  setup?: { message: string; variables: string[] };
}
