import "server-only";
import { createAzure } from "@ai-sdk/azure";
import { createOpenAI } from "@ai-sdk/openai";
import type { LanguageModel } from "ai";
import { AppError } from "@/lib/errors";
import {
  defaultOpenAIModelId,
  knownOpenAIModels,
  type ModelInfo,
  type ModelStatus,
  type ProviderKind,
} from "@/lib/ai/models";
import { env, type Env } from "@/lib/server/env";
import { localLanguageModel, localModelFile, localModelReference, localModelStatus } from "./local/provider";
import { nodeLlamaCpp } from "./local/runtime";

export interface ActiveProvider {
  kind: ProviderKind;
  models: ModelInfo[];
  defaultModel: string;
  languageModel(modelId: string): LanguageModel;
}

const setupVariables = ["OPENAI_API_KEY", "OPENAI_BASE_URL", "AZURE_OPENAI_API_KEY", "LOCAL_MODEL"];
const setupMessage =
  "No language model is configured. Set OPENAI_API_KEY (OpenAI), OPENAI_BASE_URL (any OpenAI-compatible server such as Ollama, vLLM, llama.cpp or LM Studio) or AZURE_OPENAI_API_KEY with AZURE_OPENAI_RESOURCE_NAME and AZURE_OPENAI_DEPLOYMENT, start Ollama on this machine, or write offline with an embedded model: run npm run model:pull (or put a GGUF file in DATA_DIR/models, or set LOCAL_MODEL).";

function describe(id: string, provider: ProviderKind, config: Env, isDefault: boolean): ModelInfo {
  const known = knownOpenAIModels.find((m) => m.id === id);
  return {
    id,
    label: known?.label ?? id,
    provider,
    contextWindow: known?.contextWindow ?? config.MODEL_CONTEXT_WINDOW,
    maxOutputTokens: known?.maxOutputTokens ?? config.MODEL_MAX_OUTPUT_TOKENS,
    ...(isDefault ? { default: true } : {}),
    ...(config.MODEL_PRICES[id] ? { price: config.MODEL_PRICES[id] } : {}),
  };
}

function modelList(ids: string[], provider: ProviderKind, config: Env): ModelInfo[] {
  const unique = [...new Set(ids)];
  return unique.map((id, i) => describe(id, provider, config, i === 0));
}

/** Compatible servers often need no key; send no Authorization header rather than a fake one. */
function withoutAuthorization(): typeof fetch {
  return (input, init) => {
    const headers = new Headers(init?.headers);
    headers.delete("authorization");
    return fetch(input, { ...init, headers });
  };
}

/** The provider chosen by configuration alone (no network). Exported for tests. */
export function configuredProvider(config: Env): ActiveProvider | null {
  if (config.AZURE_OPENAI_API_KEY && (config.AZURE_OPENAI_RESOURCE_NAME || config.AZURE_OPENAI_BASE_URL)) {
    const deployment = config.AZURE_OPENAI_DEPLOYMENT ?? config.OPENAI_MODEL ?? defaultOpenAIModelId;
    const azure = createAzure({
      apiKey: config.AZURE_OPENAI_API_KEY,
      resourceName: config.AZURE_OPENAI_RESOURCE_NAME,
      baseURL: config.AZURE_OPENAI_BASE_URL,
      apiVersion: config.AZURE_OPENAI_API_VERSION,
    });
    return {
      kind: "azure",
      models: modelList([deployment, ...config.OPENAI_MODELS], "azure", config),
      defaultModel: deployment,
      languageModel: (id) => azure.chat(id),
    };
  }
  if (config.OPENAI_BASE_URL) {
    const defaultModel = config.OPENAI_MODEL ?? config.OPENAI_MODELS[0] ?? "default";
    const openai = createOpenAI({
      name: "openai-compatible",
      baseURL: config.OPENAI_BASE_URL,
      apiKey: config.OPENAI_API_KEY ?? "none",
      ...(config.OPENAI_API_KEY ? {} : { fetch: withoutAuthorization() }),
    });
    return {
      kind: "openai-compatible",
      models: modelList([defaultModel, ...config.OPENAI_MODELS], "openai-compatible", config),
      defaultModel,
      languageModel: (id) => openai.chat(id),
    };
  }
  if (config.OPENAI_API_KEY) {
    const defaultModel = config.OPENAI_MODEL ?? defaultOpenAIModelId;
    const openai = createOpenAI({ apiKey: config.OPENAI_API_KEY });
    const ids = [defaultModel, ...config.OPENAI_MODELS, ...knownOpenAIModels.map((m) => m.id)];
    return {
      kind: "openai",
      models: modelList(ids, "openai", config),
      defaultModel,
      languageModel: (id) => openai.chat(id),
    };
  }
  return null;
}

const ollamaCache = { checkedAt: 0, provider: null as ActiveProvider | null };
const OLLAMA_HIT_TTL_MS = 60_000;
const OLLAMA_MISS_TTL_MS = 10_000;

/** With nothing configured, a local Ollama that answers is used. Cached so pages don't probe per request. */
async function detectOllama(config: Env): Promise<ActiveProvider | null> {
  const ttl = ollamaCache.provider ? OLLAMA_HIT_TTL_MS : OLLAMA_MISS_TTL_MS;
  if (Date.now() - ollamaCache.checkedAt < ttl) return ollamaCache.provider;
  ollamaCache.checkedAt = Date.now();
  ollamaCache.provider = null;
  try {
    const res = await fetch(new URL("/api/tags", config.OLLAMA_BASE_URL), { signal: AbortSignal.timeout(800) });
    if (!res.ok) return null;
    const body = (await res.json()) as { models?: { name?: string }[] };
    const names = (body.models ?? []).map((m) => m.name).filter((n): n is string => Boolean(n));
    const defaultModel = config.OPENAI_MODEL ?? names[0];
    if (!defaultModel) return null;
    const ollama = createOpenAI({
      name: "ollama",
      baseURL: new URL("/v1", config.OLLAMA_BASE_URL).toString(),
      apiKey: "ollama",
      fetch: withoutAuthorization(),
    });
    ollamaCache.provider = {
      kind: "ollama",
      models: modelList([defaultModel, ...names], "ollama", config),
      defaultModel,
      languageModel: (id) => ollama.chat(id),
    };
  } catch {
    // Nothing listens there: the setup notice explains what to configure.
  }
  return ollamaCache.provider;
}

/** The embedded model (node-llama-cpp in this process), when a GGUF file is there to load. */
async function detectLocal(): Promise<ActiveProvider | null> {
  const file = await localModelFile();
  // Without node-llama-cpp (installed without optional dependencies) a model file can't be run.
  if (!file || !(await nodeLlamaCpp())) return null;
  const model = localLanguageModel(file);
  return {
    kind: "local",
    models: [file.info],
    defaultModel: file.id,
    languageModel: () => model,
  };
}

const staticProvider = configuredProvider(env);

/** Configured cloud or server provider → an embedded model that is there → a local Ollama → none. */
export async function activeProvider(): Promise<ActiveProvider | null> {
  if (staticProvider) return staticProvider;
  const local = await detectLocal();
  if (local) return local;
  if (!env.OLLAMA_DETECT) return null;
  return detectOllama(env);
}

const runtimeMissing =
  " A model file is in DATA_DIR/models, but node-llama-cpp, which runs it, is not installed on this server (it is an optional dependency): run npm install.";

/** What to do about having no model: with a model file but no node-llama-cpp, that is what to fix. */
async function notConfiguredMessage(): Promise<string> {
  return (await localModelFile()) ? setupMessage + runtimeMissing : setupMessage;
}

/** The embedded model the setup notice offers (the models folder's path is only told to signed-in users, by /api/local-model). */
function localSetup() {
  const reference = localModelReference();
  return {
    reference:
      reference?.kind === "download"
        ? {
            ref: reference.ref,
            label: reference.label,
            fileName: reference.fileName,
            ...(reference.approxBytes ? { approxBytes: reference.approxBytes } : {}),
            ...(reference.licence ? { licence: reference.licence } : {}),
          }
        : null,
  };
}

export async function modelStatus(): Promise<ModelStatus> {
  const provider = await activeProvider();
  if (!provider) {
    return {
      configured: false,
      provider: null,
      models: [],
      defaultModel: null,
      setup: {
        message: await notConfiguredMessage(),
        variables: setupVariables,
        local: localSetup(),
      },
    };
  }
  const local = provider.kind === "local" ? await localModelFile() : undefined;
  return {
    configured: true,
    provider: provider.kind,
    models: provider.models,
    defaultModel: provider.defaultModel,
    ...(local ? { local: localModelStatus(local) } : {}),
  };
}

export interface ResolvedModel {
  model: LanguageModel;
  info: ModelInfo;
  /** Which provider serves it: the breakers, logs and metrics are per provider and model. */
  provider: string;
  /** Tried in order when this model fails before its first token (MODEL_FALLBACKS). */
  fallbacks: ResolvedModel[];
}

const FALLBACK_PREFIX = "fallback:";

/** The second provider of MODEL_FALLBACKS' `fallback:<id>` entries (any OpenAI-compatible server). */
const fallbackProvider = env.FALLBACK_OPENAI_BASE_URL
  ? createOpenAI({
      name: "fallback",
      baseURL: env.FALLBACK_OPENAI_BASE_URL,
      apiKey: env.FALLBACK_OPENAI_API_KEY ?? "none",
      ...(env.FALLBACK_OPENAI_API_KEY ? {} : { fetch: withoutAuthorization() }),
    })
  : undefined;

function fallbackChain(provider: ActiveProvider, primary: string): ResolvedModel[] {
  const chain: ResolvedModel[] = [];
  for (const entry of env.MODEL_FALLBACKS) {
    if (entry.startsWith(FALLBACK_PREFIX)) {
      const id = entry.slice(FALLBACK_PREFIX.length);
      if (!fallbackProvider || !id) continue;
      const info = describe(id, provider.kind, env, false);
      chain.push({ model: fallbackProvider.chat(id), info, provider: "fallback", fallbacks: [] });
    } else if (entry !== primary) {
      const info = provider.models.find((m) => m.id === entry) ?? describe(entry, provider.kind, env, false);
      chain.push({ model: provider.languageModel(entry), info, provider: provider.kind, fallbacks: [] });
    }
  }
  return chain;
}

/** The language model for a request, or an AppError the route can return as is. */
export async function resolveModel(requested: string | undefined): Promise<ResolvedModel> {
  const provider = await activeProvider();
  if (!provider) throw new AppError("model_not_configured", await notConfiguredMessage());
  const id = requested ?? provider.defaultModel;
  const info = provider.models.find((m) => m.id === id);
  if (!info) {
    throw new AppError(
      "model_not_found",
      `The model "${id}" is not available. Available: ${provider.models.map((m) => m.id).join(", ")}.`,
      { param: "model" },
    );
  }
  return { model: provider.languageModel(id), info, provider: provider.kind, fallbacks: fallbackChain(provider, id) };
}
