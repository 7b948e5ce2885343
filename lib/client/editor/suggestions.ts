import { Extension } from "@tiptap/core";
import { suggestionConflicts } from "@/lib/editor/suggestions/conflicts";

/** Pending AI suggestions in the editor: the writer's typing stays theirs and flags the hunks it lands in. */
export const Suggestions = Extension.create({
  name: "suggestions",
  addProseMirrorPlugins: () => [suggestionConflicts()],
});
