import "server-only";
import type { ModelInfo } from "@/lib/ai/models";
import type { V1Model } from "@/lib/contracts/v1";
import { AppError } from "@/lib/errors";
import { modelStatus } from "@/lib/server/ai/providers";

/** Models have no creation date Draftwise knows; the time this server started is stable and honest. */
const startedAt = Math.floor(Date.now() / 1000);

function modelJson(info: ModelInfo): V1Model {
  return {
    id: info.id,
    object: "model",
    created: startedAt,
    owned_by: info.provider,
    label: info.label,
    context_window: info.contextWindow,
    max_output_tokens: info.maxOutputTokens,
    default: info.default ?? false,
    ...(info.price ? { pricing: { input: info.price.input, output: info.price.output } } : {}),
  };
}

/** The configured models, in OpenAI's list format (an empty list when none is configured). */
export async function listModels(): Promise<V1Model[]> {
  return (await modelStatus()).models.map(modelJson);
}

export async function getModel(id: string): Promise<V1Model> {
  const model = (await listModels()).find((m) => m.id === id);
  if (!model) throw new AppError("not_found", `The model "${id}" is not available. GET /api/v1/models lists them.`, { param: "model" });
  return model;
}
