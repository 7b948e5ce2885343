import type { Node } from "@tiptap/pm/model";
import { type SuggestionAttrs, type SuggestionInfo, suggestionMarkName } from "./marks";
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
