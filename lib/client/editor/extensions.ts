import StarterKit from "@tiptap/starter-kit";
import Placeholder from "@tiptap/extension-placeholder";
import { safeLink } from "@/lib/links";
import { TrackedRanges } from "./tracked-ranges";

/** The document schema and behaviour; created once so the editor never re-initialises. */
export const documentExtensions = [
  StarterKit.configure({
    heading: { levels: [1, 2, 3] },
    // Stored and pasted links pass the same rule as model output; a refused one renders without a target.
    link: { openOnClick: false, autolink: true, defaultProtocol: "https", isAllowedUri: (url) => safeLink(url) !== undefined },
  }),
  Placeholder.configure({ placeholder: "Start writing… Select text and press Ctrl+J (⌘J) for AI actions." }),
  TrackedRanges,
];
