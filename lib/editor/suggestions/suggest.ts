import { Fragment, type Mark, type Node, Slice } from "@tiptap/pm/model";
import type { EditorState, Transaction } from "@tiptap/pm/state";
import { Transform } from "@tiptap/pm/transform";
import { type Token, tokenize, wordHunks } from "./diff";
import { type SuggestionInfo, type SuggestionKind, suggestionInfoNames, suggestionMarkName } from "./marks";
import { markSuggestionTransaction } from "./meta";
import { settleInto } from "./review";

export interface SuggestEditOptions {
  from: number;
  to: number;
  /** The proposed content for [from, to): inline content, blocks, or an open slice. */
  replacement: Fragment | Slice;
  runId: string;
  /** A fresh hunk id (unique in the document); by default the run id and a counter. */
  newId?: () => string;
  /** The run's action, model, instruction and time, on every mark it makes (saved with the document). */
  info?: SuggestionInfo;
  /** reviseRun: where the run's hunks to replace are (by default all of them, anywhere in the document). */
  settle?: { from: number; to: number };
}

/**
 * The AI's proposal for [from, to) as tracked changes: the original stays in place marked as a
 * deletion, the new text follows it marked as an insertion, hunk by hunk at word granularity inside
 * each textblock. Where the block structure changes, whole blocks are replaced (one hunk). Not in
 * the undo history: only the writer's accept or reject is. The range must hold no pending suggestion
 * (revising a run rejects it first).
 */
export function suggestEdit(state: EditorState, options: SuggestEditOptions): Transaction {
  return suggestInto(markSuggestionTransaction(state.tr).setMeta("addToHistory", false), options);
}

/**
 * Replaces a run's suggestions with a new proposal for its range, in one transaction outside the undo
 * history: each step of a streaming answer, **Try again** and a follow-up instruction. `from` and `to`
 * cover the run's range in the current document (its hunks included).
 */
export function reviseRun(state: EditorState, options: SuggestEditOptions): Transaction {
  const tr = markSuggestionTransaction(state.tr).setMeta("addToHistory", false);
  settleInto(tr, (hunk) => hunk.runId === options.runId, false, options.settle);
  return suggestInto(tr, { ...options, from: tr.mapping.map(options.from, -1), to: tr.mapping.map(options.to, 1) });
}

function suggestInto(tr: Transaction, { from, to, replacement, runId, newId, info }: SuggestEditOptions): Transaction {
  let counter = 0;
  const nextId = newId ?? (() => `${runId}-${(counter++).toString(36)}`);
  const type = tr.doc.type.schema.marks[suggestionMarkName]!;
  if (tr.doc.rangeHasMark(from, to, type)) throw new RangeError("The range holds pending suggestions: reject or accept them first.");
  const facts = Object.fromEntries(suggestionInfoNames.map((name) => [name, info?.[name] ?? null]));
  const mark = (kind: SuggestionKind, id: string) => type.create({ kind, id, runId, conflict: false, ...facts });

  // Whole blocks proposed between two blocks (Insert below): one hunk, nothing to align (the
  // document-wide diff would pair the new blocks with whichever old ones look alike).
  if (from === to && replacement instanceof Fragment && replacement.firstChild?.isBlock && !tr.doc.resolve(from).parent.isTextblock) {
    const blocks: Node[] = [];
    replacement.forEach((block) => blocks.push(block));
    replaceBlocks(tr, from, [], blocks, mark, nextId());
    return tr;
  }
  const oldDoc = tr.doc;
  const slice = replacement instanceof Slice ? replacement : new Slice(replacement, 0, 0);
  const newDoc = new Transform(oldDoc).replace(from, to, slice).doc;
  const start = oldDoc.content.findDiffStart(newDoc.content);
  if (start === null) return tr;
  const end = oldDoc.content.findDiffEnd(newDoc.content)!;
  // findDiffEnd can overlap findDiffStart when text repeats; clamp so both ranges are well formed.
  const overlap = Math.max(0, start - Math.min(end.a, end.b));
  const endA = end.a + overlap;
  const endB = end.b + overlap;

  // The deepest node holding the whole change in both documents, and its changed children.
  const $a = oldDoc.resolve(start);
  const $aEnd = oldDoc.resolve(endA);
  const $b = newDoc.resolve(start);
  const $bEnd = newDoc.resolve(endB);
  let depth = Math.min($a.sharedDepth(endA), $b.sharedDepth(endB));
  while (depth > 0 && !$a.node(depth).sameMarkup($b.node(depth))) depth--;
  const parentOld = $a.node(depth);
  const parentNew = $b.node(depth);

  if (parentOld.isTextblock) {
    diffTextblock(tr, $a.start(depth), parentOld, parentNew, mark, nextId);
    return tr;
  }
  const firstIndex = $a.index(depth);
  const lastOld = $aEnd.indexAfter(depth);
  const lastNew = $bEnd.indexAfter(depth);
  const oldBlocks: Node[] = [];
  const newBlocks: Node[] = [];
  for (let i = firstIndex; i < lastOld; i++) oldBlocks.push(parentOld.child(i));
  for (let i = firstIndex; i < lastNew; i++) newBlocks.push(parentNew.child(i));
  let pos = $a.posAtIndex(firstIndex, depth);
  const pairs: { pos: number; old: Node; new: Node }[] = [];
  if (oldBlocks.length === newBlocks.length && oldBlocks.every((block, i) => sameSkeleton(block, newBlocks[i]!))) {
    for (const [i, block] of oldBlocks.entries()) {
      pairs.push({ pos, old: block, new: newBlocks[i]! });
      pos += block.nodeSize;
    }
    // Last first, so earlier positions still hold.
    for (const pair of pairs.reverse()) diffSkeleton(tr, pair.pos, pair.old, pair.new, mark, nextId);
    return tr;
  }
  replaceBlocks(tr, pos, oldBlocks, newBlocks, mark, nextId());
  return tr;
}

type MarkFor = (kind: SuggestionKind, id: string) => Mark;

/** Same nodes and attributes down to the textblocks, whose inline content may differ. */
function sameSkeleton(a: Node, b: Node): boolean {
  if (!a.sameMarkup(b)) return false;
  if (a.isTextblock || a.isLeaf) return a.isTextblock || a.eq(b);
  if (a.childCount !== b.childCount) return false;
  for (let i = 0; i < a.childCount; i++) if (!sameSkeleton(a.child(i), b.child(i))) return false;
  return true;
}

/** Diffs each textblock of two same-skeleton nodes; `pos` is before `old`. */
function diffSkeleton(tr: Transaction, pos: number, old: Node, next: Node, mark: MarkFor, nextId: () => string) {
  if (old.isTextblock) return diffTextblock(tr, pos + 1, old, next, mark, nextId);
  if (old.isLeaf) return;
  const starts: number[] = [];
  old.forEach((_, offset) => starts.push(pos + 1 + offset));
  for (let i = old.childCount - 1; i >= 0; i--) diffSkeleton(tr, starts[i]!, old.child(i), next.child(i), mark, nextId);
}

/** Word hunks between two textblocks' inline content; `contentStart` is the old block's first inner position. */
function diffTextblock(tr: Transaction, contentStart: number, old: Node, next: Node, mark: MarkFor, nextId: () => string) {
  const a = tokenize(old);
  const b = tokenize(next);
  const hunks = wordHunks(a, b);
  const ids = hunks.map(() => nextId());
  for (let h = hunks.length - 1; h >= 0; h--) {
    const hunk = hunks[h]!;
    const id = ids[h]!;
    const delFrom = contentStart + (a[hunk.a0]?.offset ?? old.content.size);
    const delTo = hunk.a1 > hunk.a0 ? contentStart + a[hunk.a1 - 1]!.offset + a[hunk.a1 - 1]!.size : delFrom;
    const inserted = inlineContent(b.slice(hunk.b0, hunk.b1), mark("insertion", id));
    if (inserted.size) tr.insert(delTo, inserted);
    if (delTo > delFrom) tr.addMark(delFrom, delTo, mark("deletion", id));
  }
}

/** Tokens back to nodes, neighbours with the same marks joined, each also carrying `extra`. */
function inlineContent(tokens: readonly Token[], extra: Mark): Fragment {
  const schema = extra.type.schema;
  const nodes: Node[] = [];
  let text = "";
  let marks: readonly Mark[] | null = null;
  const flush = () => {
    if (text && marks) nodes.push(schema.text(text, extra.addToSet(marks)));
    text = "";
  };
  for (const token of tokens) {
    if (token.node) {
      flush();
      nodes.push(token.node.mark(extra.addToSet(token.marks)));
      marks = null;
    } else {
      if (marks && !sameMarks(marks, token.marks)) flush();
      marks = token.marks;
      text += token.text;
    }
  }
  flush();
  return Fragment.fromArray(nodes);
}

const sameMarks = (a: readonly Mark[], b: readonly Mark[]) => a.length === b.length && a.every((mark, i) => mark.eq(b[i]!));

/** A structure change: the old blocks marked deleted, the new ones inserted after them, one hunk. */
function replaceBlocks(tr: Transaction, pos: number, oldBlocks: Node[], newBlocks: Node[], mark: MarkFor, id: string) {
  const end = oldBlocks.reduce((at, block) => at + block.nodeSize, pos);
  const insertion = mark("insertion", id);
  const marked = newBlocks.map((block) => markInline(block, insertion));
  if (marked.length) tr.insert(end, marked);
  if (end > pos) tr.addMark(pos, end, mark("deletion", id));
}

function markInline(node: Node, mark: Mark): Node {
  if (node.isInline) return node.mark(mark.addToSet(node.marks));
  const children: Node[] = [];
  node.forEach((child) => children.push(markInline(child, mark)));
  return node.copy(Fragment.fromArray(children));
}
