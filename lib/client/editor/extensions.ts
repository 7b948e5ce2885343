import Placeholder from "@tiptap/extension-placeholder";
import { schemaExtensions } from "@/lib/documents/schema";
import { LockedSections } from "./locked-sections";
import { Suggestions } from "./suggestions";
import { LiveRuns } from "./tracked-run";
import { TrackedRanges } from "./tracked-ranges";

/** The document schema and behaviour; created once so the editor never re-initialises. */
export const documentExtensions = [
  ...schemaExtensions,
  Placeholder.configure({ placeholder: "Start writing… Select text and press Ctrl+J (⌘J) for AI actions." }),
  TrackedRanges,
  Suggestions,
  LiveRuns,
  LockedSections,
];
