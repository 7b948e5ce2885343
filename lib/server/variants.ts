import "server-only";
import type { GenerationOptions } from "@/lib/contracts/generation";
import { variantSpecs, type VariantSpec } from "@/lib/contracts/variants";
import { AppError } from "@/lib/errors";
import { resolveModel, type ResolvedModel } from "@/lib/server/ai/providers";
import type { PreparedCall, VariantCall } from "@/lib/server/delivery";

type VariantRequest = GenerationOptions & { n?: number; models?: string[]; temperatures?: number[] };

const maxSeed = 2_147_483_647;

/**
 * A variant's options: its model and temperature, and with a `seed`, seed + its index, so the
 * variants stay reproducible without all being the same answer.
 */
export function variantOptions<T extends VariantRequest>(request: T, spec: VariantSpec): T {
  const seed = request.seed === undefined ? undefined : (request.seed + spec.variant) % (maxSeed + 1);
  return { ...request, model: spec.model, temperature: spec.temperature, seed };
}

/**
 * The request's variants as prepared calls. Every model is resolved before any call starts, so an
 * unknown one is a 400 (naming `models`) for the whole request.
 */
export async function prepareVariants<T extends VariantRequest>(
  request: T,
  prepare: (resolved: ResolvedModel, options: T) => PreparedCall,
): Promise<VariantCall[]> {
  const specs = variantSpecs(request);
  const resolved = await Promise.all(
    specs.map((spec) =>
      resolveModel(spec.model).catch((error: unknown) => {
        if (error instanceof AppError && error.code === "model_not_found" && request.models?.[spec.variant] !== undefined) {
          throw new AppError("model_not_found", error.message, { param: "models" });
        }
        throw error;
      }),
    ),
  );
  return specs.map((spec, i) => ({ prepared: prepare(resolved[i]!, variantOptions(request, spec)), temperature: spec.temperature ?? null }));
}
