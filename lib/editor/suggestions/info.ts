import type { Node } from "@tiptap/pm/model";
import { limits } from "@/lib/contracts/limits";
import { maxSuggestionModelChars, type SuggestionAttrs, type SuggestionInfo, suggestionAttributeRules, suggestionInfoNames, suggestionMarkName } from "./marks";
import type { Hunk } from "./review";

/**
 * What the saved document says about each pending run (action, model, instruction, time): read from
 * the mark at each run's first hunk, so it is there after a reload, on another device and in a version.
 */
export function runInfos(doc: Node, hunks: readonly Hunk[]): Record<string, SuggestionInfo> {
  const infos: Record<string, SuggestionInfo> = {};
  for (const hunk of hunks) {
    if (Object.hasOwn(infos, hunk.runId)) continue;
    const attrs = doc.nodeAt(hunk.from)?.marks.find((mark) => mark.type.name === suggestionMarkName)?.attrs as SuggestionAttrs | undefined;
    if (!attrs) continue;
    const { action, model, instruction, createdAt } = attrs;
    infos[hunk.runId] = { action, model, instruction, createdAt };
  }
  return infos;
}

/** Whether any suggestion is pending (the export menu asks how to settle them). */
export const hasPendingSuggestions = (doc: Node): boolean => doc.rangeHasMark(0, doc.content.size, doc.type.schema.marks[suggestionMarkName]!);

/** Text cut to `max` UTF-16 units, never inside a surrogate pair, and made well-formed. */
const clip = (value: string, max: number) => value.slice(0, value.length > max && /[\uD800-\uDBFF]/.test(value[max - 1] ?? "") ? max - 1 : max).toWellFormed();

/**
 * Run facts the mark takes: a model or instruction too long for it is cut to its limit, and
 * anything it would still refuse (an action that is not a safe id, a malformed time) becomes null,
 * so a run never fails for its facts.
 */
export function suggestionInfo({ action = null, model = null, instruction = null, createdAt = null }: SuggestionInfo): SuggestionInfo {
  const info: SuggestionInfo = {
    action,
    model: model && clip(model.replaceAll("\u0000", ""), maxSuggestionModelChars),
    instruction: instruction && clip(instruction.replaceAll("\u0000", ""), limits.instructionChars),
    createdAt,
  };
  for (const name of suggestionInfoNames) if (suggestionAttributeRules[name](info[name] ?? null)) info[name] = null;
  return info;
}
