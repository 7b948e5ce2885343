import type { Node } from "@tiptap/pm/model";
import { Plugin, PluginKey, TextSelection, type EditorState, type Transaction } from "@tiptap/pm/state";
import { closeHistory } from "@tiptap/pm/history";
import { Decoration, DecorationSet } from "@tiptap/pm/view";

/** One match of the query in the document. */
export interface FindMatch {
  from: number;
  to: number;
}

/** More matches than anyone steps through; the count says "1000+" rather than the page slowing down. */
export const maxFindMatches = 1000;

/** Stands for an inline node that isn't text (a line break): one position, never part of a match. */
const OBJECT = "\uFFFC";

/**
 * Every match of `query` in the document's text, in order, without overlaps. Matches stay inside one
 * block (a query never spans two paragraphs); letter case is ignored unless asked for.
 */
export function findMatches(doc: Node, query: string, { caseSensitive = false, limit = maxFindMatches } = {}): FindMatch[] {
  const matches: FindMatch[] = [];
  if (query === "") return matches;
  const needle = caseSensitive ? query : query.toLowerCase();
  doc.descendants((node, pos) => {
    if (matches.length >= limit) return false;
    if (!node.isTextblock) return true;
    // Each inline node is as many characters as it has positions, so an offset maps straight to a position.
    let text = "";
    node.forEach((child) => {
      text += child.isText ? child.text! : OBJECT.repeat(child.nodeSize);
    });
    const haystack = caseSensitive ? text : text.toLowerCase();
    // Lower-casing can change a string's length (rare letters): then offsets would drift, so skip that block.
    if (haystack.length !== text.length) return false;
    for (let at = haystack.indexOf(needle); at !== -1 && matches.length < limit; at = haystack.indexOf(needle, at + needle.length)) {
      matches.push({ from: pos + 1 + at, to: pos + 1 + at + needle.length });
    }
    return false;
  });
  return matches;
}

/** The match to go to from `position`: the first one starting at or after it (or before it, going back), wrapping round. */
export function nearestMatch(matches: readonly FindMatch[], position: number, direction: 1 | -1): number {
  if (matches.length === 0) return -1;
  if (direction === 1) {
    const next = matches.findIndex((match) => match.from >= position);
    return next === -1 ? 0 : next;
  }
  for (let i = matches.length - 1; i >= 0; i--) if (matches[i]!.to <= position) return i;
  return matches.length - 1;
}

/** Replaces every match with `replacement` in one transaction (one undo step); the last one first, so earlier positions hold. */
export function replaceAll(state: EditorState, matches: readonly FindMatch[], replacement: string): Transaction | null {
  if (matches.length === 0) return null;
  // One undo step of its own, never merged with the typing just before.
  const tr = closeHistory(state.tr);
  for (let i = matches.length - 1; i >= 0; i--) tr.insertText(replacement, matches[i]!.from, matches[i]!.to);
  return tr;
}

interface FindState {
  query: string;
  matches: FindMatch[];
  /** The match the writer is on, or -1. */
  current: number;
  /** The document changed since the matches were found: they are mapped, and found again after a pause. */
  stale: boolean;
  decorations: DecorationSet;
}

/**
 * What the find bar tells the plugin: a new query ("" closes), its current match the first at or after
 * `near` (or the given matches, already found); or which match is current; or to search again.
 */
type FindMeta = { query: string; near: number; found?: { matches: FindMatch[]; current: number } } | { current: number } | { refresh: true };

export const findKey = new PluginKey<FindState>("find");

const matchClass = "dw-find-match";
const currentClass = "dw-find-current";

function decorate(doc: Node, matches: readonly FindMatch[], current: number): DecorationSet {
  return DecorationSet.create(
    doc,
    matches.map((match, i) => Decoration.inline(match.from, match.to, { class: i === current ? `${matchClass} ${currentClass}` : matchClass })),
  );
}

function found(doc: Node, query: string, matches: FindMatch[], current: number): FindState {
  const at = matches.length === 0 ? -1 : Math.min(Math.max(current, 0), matches.length - 1);
  return { query, matches, current: at, stale: false, decorations: decorate(doc, matches, at) };
}

function search(doc: Node, query: string, near: number): FindState {
  const matches = findMatches(doc, query);
  return found(doc, query, matches, nearestMatch(matches, near, 1));
}

const closed: FindState = { query: "", matches: [], current: -1, stale: false, decorations: DecorationSet.empty };

/**
 * Find's state: the query, its matches (highlighted by decorations) and the current one. The query is
 * searched when it changes; an edit only maps the matches and marks them stale, and the view finds
 * them again after a pause (`refreshFind`), so typing with the bar open doesn't search on every key.
 */
export function findPlugin({ refreshDelayMs = 250 } = {}): Plugin<FindState> {
  return new Plugin<FindState>({
    key: findKey,
    state: {
      init: () => closed,
      apply(tr, value, _old, state) {
        const meta = tr.getMeta(findKey) as FindMeta | undefined;
        if (meta && "query" in meta) {
          if (meta.query === "") return closed;
          return meta.found ? found(state.doc, meta.query, meta.found.matches, meta.found.current) : search(state.doc, meta.query, meta.near);
        }
        if (meta && "refresh" in meta) {
          if (value.query === "") return value;
          // Stay on the match the writer was on, where it has moved to.
          return search(state.doc, value.query, value.matches[value.current]?.from ?? state.selection.from);
        }
        if (meta && "current" in meta) return { ...value, current: meta.current, decorations: decorate(state.doc, value.matches, meta.current) };
        if (!tr.docChanged || value.query === "") return value;
        const matches = value.matches
          .map((match) => ({ from: tr.mapping.map(match.from, 1), to: tr.mapping.map(match.to, -1) }))
          .filter((match) => match.to > match.from);
        return { ...value, matches, current: Math.min(value.current, matches.length - 1), stale: true, decorations: value.decorations.map(tr.mapping, tr.doc) };
      },
    },
    props: { decorations: (state) => findKey.getState(state)?.decorations },
    view: () => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      return {
        update(view) {
          if (timer !== undefined || !findKey.getState(view.state)?.stale) return;
          timer = setTimeout(() => {
            timer = undefined;
            if (!view.isDestroyed && findKey.getState(view.state)?.stale) view.dispatch(refreshFind(view.state));
          }, refreshDelayMs);
        },
        destroy: () => clearTimeout(timer),
      };
    },
  });
}

export function findState(state: EditorState): FindState {
  return findKey.getState(state) ?? closed;
}

/** Searches for the query again, after edits. */
export function refreshFind(state: EditorState): Transaction {
  return state.tr.setMeta(findKey, { refresh: true });
}

/** Searches for `query` ("" clears the highlights), starting at the first match after the selection. */
export function setFindQuery(state: EditorState, query: string): Transaction {
  return state.tr.setMeta(findKey, { query, near: state.selection.from });
}

/** Moves from the current match to the next (1) or previous (-1) one, wrapping round, and selects it; null when there is none. */
export function goToMatch(state: EditorState, direction: 1 | -1): Transaction | null {
  const { matches, current } = findState(state);
  if (matches.length === 0) return null;
  const index = current === -1 ? nearestMatch(matches, state.selection.from, direction) : (current + direction + matches.length) % matches.length;
  const match = matches[index]!;
  return state.tr.setSelection(TextSelection.create(state.doc, match.from, match.to)).setMeta(findKey, { current: index }).scrollIntoView();
}

/** Replaces the current match and moves on to the next one. */
export function replaceCurrent(state: EditorState, replacement: string): Transaction | null {
  const { matches, current, query } = findState(state);
  const match = matches[current];
  if (!match) return null;
  const tr = closeHistory(state.tr).insertText(replacement, match.from, match.to);
  const after = findMatches(tr.doc, query);
  const next = nearestMatch(after, match.from + replacement.length, 1);
  tr.setMeta(findKey, { query, near: 0, found: { matches: after, current: next } });
  const target = after[next];
  if (target) tr.setSelection(TextSelection.create(tr.doc, target.from, target.to)).scrollIntoView();
  return tr;
}

/** Replaces every match at once, one undo step, and searches again (usually nothing is left). */
export function replaceAllMatches(state: EditorState, replacement: string): Transaction | null {
  const { query } = findState(state);
  // All of them, not just the highlighted first thousand.
  const tr = replaceAll(state, findMatches(state.doc, query, { limit: Infinity }), replacement);
  return tr?.setMeta(findKey, { query, near: 0 }) ?? null;
}
