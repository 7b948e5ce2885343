"use client";

import { useEffect, useRef } from "react";
import { DOMSerializer } from "@tiptap/pm/model";
import type { DocumentContent } from "@/lib/contracts/documents";
import { documentToText } from "@/lib/documents/convert";
import { documentSchema } from "@/lib/documents/schema";
import { suggestionStyles } from "@/components/editor/suggestion-review";
import { documentProse } from "@/components/markdown/prose";
import { cn } from "@/lib/utils";

/**
 * A stored version, read-only, rendered as the editor renders it (its schema's own DOM
 * output, so links are as safe as in the editor; pending AI suggestions as in the editor);
 * plain text if the schema rejects it.
 */
export function VersionContent({ content, className }: { content: DocumentContent; className?: string }) {
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const target = ref.current;
    if (!target) return;
    try {
      const schema = documentSchema();
      target.replaceChildren(DOMSerializer.fromSchema(schema).serializeFragment(schema.nodeFromJSON(content).content));
    } catch {
      target.textContent = documentToText(content);
    }
  }, [content]);

  return <div ref={ref} data-testid="history-version-content" className={cn(documentProse, suggestionStyles, "text-base leading-7", className)} />;
}
