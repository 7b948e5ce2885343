import { z } from "zod";
import { limits } from "./limits";
import { safeString } from "./strings";

/** Options every generating route accepts. `max_tokens` is checked against the model later. */
export const generationOptionsShape = {
  model: safeString().trim().min(1).max(200).optional(),
  temperature: z.number().min(0).max(2).optional(),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2_147_483_647)
    .optional()
    .describe("The same seed, input and settings give the same answer where the model can: the embedded model always, OpenAI on a best-effort basis."),
  max_tokens: z.number().int().min(1).max(limits.maxTokensCeiling).optional(),
  stop: z
    .union([
      safeString().min(1).max(limits.stopSequenceChars),
      z.array(safeString().min(1).max(limits.stopSequenceChars)).max(limits.stopSequences),
    ])
    .optional(),
};

export type GenerationOptions = z.infer<z.ZodObject<typeof generationOptionsShape>>;

export function stopSequences(stop: GenerationOptions["stop"]): string[] | undefined {
  if (stop === undefined) return undefined;
  return typeof stop === "string" ? [stop] : stop;
}
