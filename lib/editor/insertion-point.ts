import type { Fragment, Node } from "@tiptap/pm/model";
import { Plugin, PluginKey, Selection, type EditorState, type Transaction } from "@tiptap/pm/state";
import { closeHistory } from "@tiptap/pm/history";

/** Where new blocks go: a point between top-level blocks, or (from < to) an empty paragraph they replace. */
export interface BlockInsertionPoint {
  from: number;
  to: number;
}

const isEmptyParagraph = (node: Node | null | undefined) => node?.type.name === "paragraph" && node.content.size === 0;

/**
 * Where generated text goes in as whole blocks: after the top-level block holding `workPoint` (the last
 * place the writer worked), or at the end of the document when there is none. Never inside a block, so
 * never inside a heading; an empty paragraph there (the line the writer left blank, the empty last line)
 * is taken over rather than left as a gap.
 */
export function blockInsertionPoint(doc: Node, workPoint: number | null): BlockInsertionPoint {
  if (workPoint !== null && workPoint >= 0 && workPoint <= doc.content.size) {
    const $point = doc.resolve(workPoint);
    if ($point.depth >= 1) {
      const block = $point.node(1);
      const start = $point.before(1);
      return isEmptyParagraph(block) ? { from: start, to: start + block.nodeSize } : { from: start + block.nodeSize, to: start + block.nodeSize };
    }
    // Between blocks already (a gap cursor, a node selection's edge).
    return { from: workPoint, to: workPoint };
  }
  const end = doc.content.size;
  const last = doc.lastChild;
  return isEmptyParagraph(last) ? { from: end - last!.nodeSize, to: end } : { from: end, to: end };
}

/**
 * Puts `blocks` in at the block insertion point as one undo step of their own, the cursor at the end
 * of the new text. Returns the transaction and the range the blocks now cover.
 */
export function insertBlocks(state: EditorState, blocks: Fragment, workPoint: number | null): { tr: Transaction; from: number; to: number } {
  const point = blockInsertionPoint(state.doc, workPoint);
  const tr = state.tr;
  closeHistory(tr);
  tr.replaceWith(point.from, point.to, blocks);
  const to = point.from + blocks.size;
  tr.setSelection(Selection.near(tr.doc.resolve(to), -1));
  return { tr, from: point.from, to };
}

const workPointKey = new PluginKey<number | null>("workPoint");

/**
 * Remembers the last place the writer worked: where the selection was the last time it changed
 * while the editor had focus (a click, a key, an edit), mapped through later changes. Null until
 * then, so a document opened and never touched takes generated text at its end.
 */
export function workPointPlugin(): Plugin<number | null> {
  let focused = false;
  return new Plugin<number | null>({
    key: workPointKey,
    state: {
      init: () => null,
      apply(tr, point) {
        if (focused && (tr.selectionSet || tr.docChanged)) return tr.selection.head;
        return point === null ? null : tr.mapping.map(point, -1);
      },
    },
    props: {
      handleDOMEvents: {
        focus: () => {
          focused = true;
          return false;
        },
        blur: () => {
          focused = false;
          return false;
        },
      },
    },
  });
}

/** The last place the writer worked in this state, or null. */
export function workPoint(state: EditorState): number | null {
  return workPointKey.getState(state) ?? null;
}
