import { editVariantsResponseSchema } from "@/lib/contracts/edits";
import { v1VariantsCompletionSchema } from "@/lib/contracts/v1";
import { variantAnswerSchema, variantErrorSchema } from "@/lib/contracts/variants";
import { named } from "./operation";

/** The variants of /api/v1/write and /api/v1/edits (`n`, `models`, `temperatures`), for their descriptions and answers. */
export const variantSchemas = {
  answer: named("VariantAnswer", variantAnswerSchema),
  error: named("VariantError", variantErrorSchema),
  writeAnswer: named("WriteVariants", v1VariantsCompletionSchema),
  editAnswer: named("EditVariants", editVariantsResponseSchema),
};

export const variantsNote = `**Variants.** \`n\` (1–4), \`models\` (variant i uses \`models[i]\`) or \`temperatures\` (variant i uses \`temperatures[i]\`) ask for several answers at once, each its own model call (past an array's end a variant uses \`model\` / \`temperature\`; with \`seed\`, variant i gets seed + i). How many: \`n\`, else the longer array. An array longer than \`n\` is a 400 naming it; an unknown model in \`models\` is a 400 naming \`models\`. The request counts as that many requests and token estimates against the rate limits and budget. With any of these fields the answer lists the variants: JSON \`{ id, variants: [...], usage }\` (a variant that failed has \`error: { code, message }\` instead of its text; the others still answer; only when all fail does the request fail, with the first failure's status); streamed, every event carries \`variant\`, each variant ends with its own \`event: done\` (or \`event: error\`), and \`event: end\` with \`{ id, usage }\` (all variants) comes last (JSON lines: \`"type": "done" | "error" | "end"\`).`;
