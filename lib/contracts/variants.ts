import { z } from "zod";
import { safeString } from "./strings";

/**
 * Variants: one request asks for up to `maxVariants` answers at once (/api/v1/write,
 * /api/v1/edits and the studio's /api/edits), each one model call of its own, optionally from
 * another model or temperature ("compare models"). Without these fields a request is one answer,
 * exactly as before.
 */
export const maxVariants = 4;

export const variantFields = {
  n: z
    .int()
    .min(1)
    .max(maxVariants)
    .optional()
    .describe(`How many variants (1–${maxVariants}); default: the length of \`models\` or \`temperatures\`, else 1.`),
  models: z
    .array(safeString().trim().min(1).max(200))
    .min(1)
    .max(maxVariants)
    .optional()
    .describe("Compare models: variant i uses models[i]; variants past its end use `model` (or the default model)."),
  temperatures: z
    .array(z.number().min(0).max(2))
    .min(1)
    .max(maxVariants)
    .optional()
    .describe("Variant i uses temperatures[i]; variants past its end use `temperature`."),
};

interface VariantInput {
  n?: number;
  models?: string[];
  temperatures?: number[];
}

/** `n` if given, else the longer of `models` and `temperatures`, else 1. */
export function variantCount(body: VariantInput): number {
  return body.n ?? Math.max(body.models?.length ?? 0, body.temperatures?.length ?? 0, 1);
}

/** Whether the request asks for variants at all (any of the fields): its answer then lists them. */
export function wantsVariants(body: VariantInput): boolean {
  return body.n !== undefined || body.models !== undefined || body.temperatures !== undefined;
}

/** An array longer than `n` is a mistake worth a 400 naming it, not a silent cut. */
export function checkVariants(body: VariantInput, ctx: z.RefinementCtx) {
  if (body.n === undefined) return;
  for (const field of ["models", "temperatures"] as const) {
    const length = body[field]?.length ?? 0;
    if (length > body.n) {
      ctx.addIssue({ code: "custom", path: [field], message: `${field} has ${length} entries but n is ${body.n}: give at most n.` });
    }
  }
}

/** What one variant runs with. */
export interface VariantSpec {
  variant: number;
  model?: string;
  temperature?: number;
}

/** Each variant's model and temperature: its entry in `models`/`temperatures`, else the request's own. */
export function variantSpecs(body: VariantInput & { model?: string; temperature?: number }): VariantSpec[] {
  return Array.from({ length: variantCount(body) }, (_, variant) => ({
    variant,
    model: body.models?.[variant] ?? body.model,
    temperature: body.temperatures?.[variant] ?? body.temperature,
  }));
}

const variantUsageSchema = z.object({ prompt_tokens: z.int(), completion_tokens: z.int(), total_tokens: z.int() });

/** A variant that failed: the others still answer. */
export const variantErrorSchema = z.object({
  variant: z.int(),
  model: safeString(),
  error: z.object({ code: safeString(), message: safeString() }),
});

/** One variant of a JSON answer (`"stream": false`). */
export const variantAnswerSchema = z.object({
  variant: z.int(),
  model: safeString().describe("The model that answered."),
  temperature: z.number().nullable(),
  text: safeString(),
  finish_reason: safeString(),
  usage: variantUsageSchema,
});

/** The studio's variant stream (/api/edits with variants): JSON lines, in this order per variant. */
export type StudioVariantEvent =
  | { type: "start"; variants: Array<{ variant: number; model: string; temperature: number | null }> }
  | { type: "delta"; variant: number; text: string }
  | { type: "done"; variant: number; finish_reason: string }
  | { type: "error"; variant: number; code: string; message: string }
  | { type: "end" };
