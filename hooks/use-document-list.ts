"use client";

import { useCallback, useEffect, useState } from "react";
import type { DocumentSummaryJson } from "@/lib/contracts/documents";
import type { ApiError } from "@/lib/client/api/error";
import { listDocuments } from "@/lib/client/api/documents";

interface Loaded {
  key: string;
  trash: boolean;
  documents: DocumentSummaryJson[];
  error: ApiError | null;
}

const newestFirst = (a: DocumentSummaryJson, b: DocumentSummaryJson) => b.updated_at.localeCompare(a.updated_at);

/**
 * The live documents or the trash, matching `q`. While a new search loads, the previous
 * results of the same list stay on screen (`loading` says a newer one is on its way).
 */
export function useDocumentList({ q, trash }: { q: string; trash: boolean }) {
  const key = `${trash}\n${q}`;
  const [loaded, setLoaded] = useState<Loaded | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    void listDocuments({ q, trash, signal: controller.signal }).then((result) => {
      if (controller.signal.aborted) return;
      setLoaded((previous) => ({
        key,
        trash,
        documents: result.ok ? result.data.documents : previous?.trash === trash ? previous.documents : [],
        error: result.ok ? null : result.error,
      }));
    });
    return () => controller.abort();
  }, [key, q, trash]);

  /** After an action: the changed document takes its place (newest first), or leaves the list. */
  const update = useCallback((id: string, next: DocumentSummaryJson | null) => {
    setLoaded((current) => {
      if (!current) return current;
      const others = current.documents.filter((d) => d.id !== id);
      return { ...current, documents: next ? [...others, next].sort(newestFirst) : others };
    });
  }, []);

  const sameList = loaded?.trash === trash;
  return {
    documents: sameList ? loaded.documents : null,
    error: loaded?.key === key ? loaded.error : null,
    loading: loaded?.key !== key,
    update,
  };
}
