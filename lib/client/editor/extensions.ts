import { Extension } from "@tiptap/core";
import Placeholder from "@tiptap/extension-placeholder";
import { findPlugin } from "@/lib/editor/find";
import { workPointPlugin } from "@/lib/editor/insertion-point";
import { schemaExtensions } from "@/lib/documents/schema";
import { Authorship } from "./authorship";
import { LockedSections } from "./locked-sections";
import { Suggestions } from "./suggestions";
import { LiveRuns } from "./tracked-run";
import { TrackedRanges } from "./tracked-ranges";

/** Where the writer last worked (generated text goes in there) and find's highlights: plugins from lib/editor. */
const EditorPlugins = Extension.create({
  name: "draftwisePlugins",
  addProseMirrorPlugins: () => [workPointPlugin(), findPlugin()],
});

/** The document schema and behaviour; created once so the editor never re-initialises. */
export const documentExtensions = [
  ...schemaExtensions,
  Placeholder.configure({ placeholder: "Start writing… Select text and press Ctrl+J (⌘J) for AI actions." }),
  TrackedRanges,
  Suggestions,
  LiveRuns,
  LockedSections,
  Authorship,
  EditorPlugins,
];
