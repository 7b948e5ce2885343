"use client";

import { useState } from "react";
import { isEmptyStyleGuide, type StyleGuide } from "@/lib/contracts/style-guide";
import { updateAccount } from "@/lib/client/api/account";
import { saveDocumentStyleGuide } from "@/lib/client/api/documents";

/** Where the guide a document's AI calls follow comes from. */
export type StyleGuideSource = "default" | "own" | "none";

export function styleGuideSource(own: StyleGuide | null): StyleGuideSource {
  if (own === null) return "default";
  return isEmptyStyleGuide(own) ? "none" : "own";
}

/**
 * A document's style guide and its owner's default, as the studio shows and changes them. Each save
 * returns the server's error message, or undefined once it is saved.
 */
export function useDocumentStyleGuide(documentId: string, initialOwn: StyleGuide | null, initialDefault: StyleGuide | null) {
  const [own, setOwn] = useState(initialOwn);
  const [accountDefault, setAccountDefault] = useState(initialDefault);
  const source = styleGuideSource(own);
  // A default that is empty is no guide either.
  const applied = own === null ? (isEmptyStyleGuide(accountDefault) ? null : accountDefault) : isEmptyStyleGuide(own) ? null : own;

  const saveOwn = async (guide: StyleGuide | null): Promise<string | undefined> => {
    const result = await saveDocumentStyleGuide(documentId, guide);
    if (!result.ok) return result.error.message;
    setOwn(result.data.style_guide);
  };

  const saveDefault = async (guide: StyleGuide | null): Promise<string | undefined> => {
    const result = await updateAccount({ style_guide: guide });
    if (!result.ok) return result.error.message;
    setAccountDefault(result.data.account.style_guide);
  };

  return { own, accountDefault, source, applied, saveOwn, saveDefault };
}
export type DocumentStyleGuide = ReturnType<typeof useDocumentStyleGuide>;
