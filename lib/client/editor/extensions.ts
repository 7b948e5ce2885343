import StarterKit from "@tiptap/starter-kit";
import Placeholder from "@tiptap/extension-placeholder";
import { TrackedRanges } from "./tracked-ranges";

/** The document schema and behaviour; created once so the editor never re-initialises. */
export const documentExtensions = [
  StarterKit.configure({
    heading: { levels: [1, 2, 3] },
    link: { openOnClick: false, autolink: true, defaultProtocol: "https" },
  }),
  Placeholder.configure({ placeholder: "Start writing… Select text and press Ctrl+J (⌘J) for AI actions." }),
  TrackedRanges,
];
