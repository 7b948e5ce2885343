import { getSchema } from "@tiptap/core";
import type { Schema } from "@tiptap/pm/model";
import Code from "@tiptap/extension-code";
import Link from "@tiptap/extension-link";
import StarterKit from "@tiptap/starter-kit";
import { AuthorshipMark } from "@/lib/editor/authorship/marks";
import { SuggestionMark } from "@/lib/editor/suggestions/marks";
import { linkTarget } from "@/lib/editor/links";
import { safeLink } from "@/lib/links";

/** The heading levels the editor offers (and the server accepts). */
export const headingLevels = [1, 2, 3] as const;

/**
 * The extensions that define what a document may hold (its node and mark types and their
 * attributes). Client-safe and DOM-free: the editor adds its behaviour-only extensions to
 * these, and the server derives the same schema from them to check documents it is sent.
 */
export const schemaExtensions = [
  StarterKit.configure({
    heading: { levels: [...headingLevels] },
    code: false,
    link: false,
  }),
  // Typing at a link's end writes plain text after it (inside, it still extends the link): Tiptap
  // makes the mark inclusive whenever autolink is on. Stored and pasted links pass the same rule
  // as model output; the server refuses the others.
  Link.extend({ inclusive: false }).configure({
    openOnClick: false,
    autolink: true,
    defaultProtocol: "https",
    isAllowedUri: (url) => safeLink(url) !== undefined,
    // What typing and pasting turn into links: an ftp:// or tel: address stays text.
    shouldAutoLink: (url) => linkTarget(url) !== undefined,
  }),
  // Inline code keeps excluding the other formatting marks, but not a suggestion: code can be rewritten too.
  Code.extend({ excludes: "bold italic strike underline link code" }),
  SuggestionMark,
  AuthorshipMark,
];

let schema: Schema | undefined;

/** The editor's ProseMirror schema without an editor (read-only views, comparisons, the server's checks). */
export function documentSchema(): Schema {
  schema ??= getSchema(schemaExtensions);
  return schema;
}
