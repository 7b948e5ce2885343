import { limits } from "@/lib/contracts/limits";

/**
 * The instruction that revises a run's proposal (docs/architecture.md, "Suggestions"): the model gets
 * the proposal as the text to edit and the writer's follow-up, with the original it came from when
 * that fits the instruction's limit, so "keep the first sentence" can refer to it. The answer is
 * diffed against the original again, so the run's hunks stay changes to the writer's text.
 */
export function followUpInstruction(followUp: string, original: string, max: number = limits.instructionChars): string {
  const request = followUp.trim();
  // An insertion (Continue writing, Insert below) has no original to refer to.
  if (!original.trim()) return request.slice(0, max);
  const withOriginal = `${request}\n\nThe text is your earlier edit of the writer's original, which was:\n"""\n${original}\n"""`;
  return withOriginal.length <= max ? withOriginal : request.slice(0, max);
}
