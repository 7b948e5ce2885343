import { TextSelection } from "@tiptap/pm/state";
import type { EditorView } from "@tiptap/pm/view";

/**
 * Brings ProseMirror's selection up to the browser's. Keys the browser handles itself (Ctrl+Home,
 * arrows) move the caret first and tell ProseMirror in a `selectionchange` task, which a busy page can
 * run after the next key: Ctrl+J pressed right after Ctrl+Home would otherwise act where the caret was.
 */
export function syncSelectionFromDom(view: EditorView): void {
  const selection = (view.root as Document).getSelection?.();
  if (!selection?.anchorNode || !selection.focusNode || !view.dom.contains(selection.anchorNode) || !view.dom.contains(selection.focusNode)) return;
  const { state } = view;
  try {
    const anchor = view.posAtDOM(selection.anchorNode, selection.anchorOffset);
    const head = view.posAtDOM(selection.focusNode, selection.focusOffset);
    if (state.selection.anchor === anchor && state.selection.head === head) return;
    view.dispatch(state.tr.setSelection(TextSelection.between(state.doc.resolve(anchor), state.doc.resolve(head))));
  } catch {
    // A DOM point ProseMirror can't map (inside a widget): its own selection stands.
  }
}
