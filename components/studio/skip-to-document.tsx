"use client";

import type { Editor } from "@tiptap/react";

/** The first Tab stop: straight into the document, past the header and the outline. */
export function SkipToDocument({ editor }: { editor: Editor | null }) {
  return (
    <a
      href="#document"
      data-testid="skip-to-document"
      className="sr-only z-50 rounded-lg bg-indigo-600 px-3 py-2 text-sm font-medium text-white shadow-lg focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      onClick={(event) => {
        if (!editor || editor.isDestroyed) return;
        event.preventDefault();
        editor.commands.focus();
      }}
    >
      Skip to document
    </a>
  );
}
