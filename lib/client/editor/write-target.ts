import type { EditorState } from "@tiptap/pm/state";
import type { WriteAction } from "@/lib/contracts/write";
import { limits } from "@/lib/contracts/limits";
import type { TrackedRange } from "./tracked-ranges";

interface WriteTarget extends TrackedRange {
  /** The text sent to the model. */
  text: string;
}

type WriteTargetResult = { ok: true; target: WriteTarget } | { ok: false; message: string };

/**
 * What an action works on: the selection; with none, the current paragraph. "Continue"
 * works on the text before the cursor (or the selection) and inserts after it.
 */
export function writeTarget(state: EditorState, action: WriteAction): WriteTargetResult {
  const { selection, doc } = state;
  const { from, to, empty, $from } = selection;
  let target: WriteTarget;
  if (action === "continue") {
    const text = empty ? doc.textBetween(0, from, "\n\n").slice(-limits.selectionChars) : doc.textBetween(from, to, "\n\n");
    target = { from: to, to, text };
  } else if (!empty) {
    target = { from, to, text: doc.textBetween(from, to, "\n\n") };
  } else if ($from.parent.isTextblock) {
    target = { from: $from.start(), to: $from.end(), text: $from.parent.textContent };
  } else {
    target = { from, to, text: "" };
  }
  if (target.text.trim() === "") {
    return {
      ok: false,
      message:
        action === "continue"
          ? "Write something first, then continue from the cursor."
          : "Select some text, or put the cursor in a paragraph that has text.",
    };
  }
  if (target.text.length > limits.selectionChars) {
    return {
      ok: false,
      message: `The selection is too long: select at most ${limits.selectionChars.toLocaleString("en")} characters.`,
    };
  }
  return { ok: true, target };
}
