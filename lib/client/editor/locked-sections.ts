import { Extension, type Editor } from "@tiptap/core";
import { Plugin, PluginKey, type EditorState } from "@tiptap/pm/state";
import { documentHeading } from "@/lib/editor/outline-drafting";
import { findSection } from "@/lib/editor/sections";

/**
 * The headings of the sections the outline locks, held in the editor's state so whole-section and
 * whole-document AI edits can refuse them without the outline panel in between.
 */
const lockedKey = new PluginKey<string[]>("draftwiseLockedSections");

export const LockedSections = Extension.create({
  name: "lockedSections",
  addProseMirrorPlugins() {
    return [
      new Plugin<string[]>({
        key: lockedKey,
        state: {
          init: () => [],
          apply: (tr, headings) => (tr.getMeta(lockedKey) as string[] | undefined) ?? headings,
        },
      }),
    ];
  },
});

export function setLockedHeadings(editor: Editor, headings: string[]): void {
  if (editor.isDestroyed) return;
  editor.view.dispatch(editor.state.tr.setMeta(lockedKey, headings).setMeta("addToHistory", false));
}

/** The heading of a locked section that `from`–`to` reaches into, if any (looked up once per edit, not per keystroke). */
export function lockedSectionIn(state: EditorState, from: number, to: number): string | undefined {
  for (const heading of lockedKey.getState(state) ?? []) {
    const section = findSection(state.doc, documentHeading(heading));
    if (section && section.from < to && from < section.to) return documentHeading(heading);
  }
  return undefined;
}
