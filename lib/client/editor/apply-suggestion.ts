import type { Editor } from "@tiptap/core";
import { closeHistory } from "@tiptap/pm/history";
import { TextSelection } from "@tiptap/pm/state";
import { markdownToBlocks, markdownToSlice } from "./content";
import { trackRange, trackedRange } from "./tracked-ranges";

export type ApplyMode = "replace" | "below";

/**
 * Puts an accepted suggestion into the document as ONE transaction in its own undo step,
 * so a single Mod+Z restores exactly what was there before.
 *  - replace: over the tracked target (an empty target is an insertion point: "continue").
 *  - below: as new blocks after the block the target ends in.
 */
export function applySuggestion(editor: Editor, markdown: string, mode: ApplyMode): boolean {
  const range = trackedRange(editor.state, "target");
  if (!range || editor.isDestroyed || markdown.trim() === "") return false;
  const { schema } = editor.state;
  return editor
    .chain()
    .command(({ tr }) => {
      closeHistory(tr);
      let end: number;
      if (mode === "replace") {
        let { from } = range;
        const before = from > 0 ? tr.doc.textBetween(Math.max(0, from - 1), from, "\n", "\n") : "";
        // A continuation joins the sentence before it with a space, as a writer would type it.
        if (range.from === range.to && before !== "" && /\S/.test(before) && !/^\s/.test(markdown)) {
          tr.insertText(" ", from);
          from += 1;
        }
        tr.replaceRange(from, from + (range.to - range.from), markdownToSlice(schema, markdown));
        end = tr.mapping.map(range.to, 1);
      } else {
        const $to = tr.doc.resolve(range.to);
        const at = $to.depth === 0 ? range.to : $to.after(1);
        const blocks = markdownToBlocks(schema, markdown);
        tr.insert(at, blocks);
        end = at + blocks.size;
      }
      trackRange(tr, "target", null);
      tr.setSelection(TextSelection.near(tr.doc.resolve(Math.min(end, tr.doc.content.size)), -1));
      tr.scrollIntoView();
      return true;
    })
    .focus()
    .run();
}
