import { z } from "zod";
import { generationOptionsShape } from "./generation";
import { limits } from "./limits";
import { documentIdField } from "./documents";
import { safeString } from "./strings";
import { checkVariants, variantFields } from "./variants";

export const writeActions = [
  "continue",
  "improve",
  "shorter",
  "longer",
  "fix",
  "tone",
  "summarize",
  "draft-section",
  "custom",
] as const;
export type WriteAction = (typeof writeActions)[number];

export const writeActionLabels: Record<WriteAction, string> = {
  continue: "Continue writing",
  improve: "Improve writing",
  shorter: "Make shorter",
  longer: "Make longer",
  fix: "Fix spelling & grammar",
  tone: "Change tone",
  summarize: "Summarize",
  "draft-section": "Draft section",
  custom: "Custom instruction",
};

export const writeRequestSchema = z
  .strictObject({
    action: z.enum(writeActions),
    text: safeString().max(limits.selectionChars),
    document: safeString().max(limits.documentChars).optional(),
    instruction: safeString().trim().max(limits.instructionChars).optional(),
    tone: safeString().trim().max(limits.toneChars).optional(),
    ...generationOptionsShape,
    document_id: documentIdField,
    ...variantFields,
  })
  .superRefine(checkVariants)
  .superRefine((body, ctx) => {
    if (body.text.trim() === "") {
      ctx.addIssue({ code: "custom", path: ["text"], message: "Select or provide some text." });
    }
    if (body.action === "tone" && !body.tone) {
      ctx.addIssue({ code: "custom", path: ["tone"], message: "The tone action needs a target tone." });
    }
    if (body.action === "custom" && !body.instruction) {
      ctx.addIssue({ code: "custom", path: ["instruction"], message: "The custom action needs an instruction." });
    }
  });
export type WriteRequest = z.infer<typeof writeRequestSchema>;
