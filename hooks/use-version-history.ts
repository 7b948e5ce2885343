"use client";

import { useCallback, useRef, useState } from "react";
import type { VersionJson, VersionSummaryJson } from "@/lib/contracts/documents";
import type { ApiError } from "@/lib/client/api/error";
import { getVersion, listVersions, nameVersion, renameVersion } from "@/lib/client/api/editor-document";

interface HistoryState {
  versions: VersionSummaryJson[] | null;
  /** When the list was loaded: relative times are counted from it. */
  loadedAt: Date | null;
  loading: boolean;
  error: ApiError | null;
  selectedId: string | null;
  selected: VersionJson | null;
}

const initial: HistoryState = { versions: null, loadedAt: null, loading: false, error: null, selectedId: null, selected: null };

/** A document's stored versions: the list (newest first) and the one chosen, loaded on demand. */
export function useVersionHistory(documentId: string) {
  const [state, setState] = useState<HistoryState>(initial);
  // The latest request wins: an older answer arriving late is dropped.
  const requestRef = useRef(0);

  /** Loads the list, after `after` settles (a save still on its way, so the list includes it). */
  const refresh = useCallback(async (after?: Promise<unknown>) => {
    const request = ++requestRef.current;
    setState({ ...initial, loading: true });
    try {
      await after;
      const versions = await listVersions(documentId);
      if (request === requestRef.current) setState({ ...initial, versions, loadedAt: new Date() });
    } catch (error) {
      if (request === requestRef.current) setState({ ...initial, error: error as ApiError });
    }
  }, [documentId]);

  const select = useCallback(
    async (versionId: string) => {
      const request = ++requestRef.current;
      setState((s) => ({ ...s, selectedId: versionId, selected: null, loading: true, error: null }));
      try {
        const version = await getVersion(documentId, versionId);
        if (request === requestRef.current) setState((s) => ({ ...s, selected: version, loading: false }));
      } catch (error) {
        if (request === requestRef.current) setState((s) => ({ ...s, loading: false, error: error as ApiError }));
      }
    },
    [documentId],
  );

  /** "Name this version": the current state (once `after`, a save on its way, settles) kept as a named version. Throws the API error. */
  const name = useCallback(
    async (label: string, after?: Promise<unknown>) => {
      await after;
      const version = await nameVersion(documentId, label);
      setState((s) => ({
        ...s,
        versions: s.versions ? [version, ...s.versions.filter((v) => v.id !== version.id)].sort((a, b) => b.version - a.version) : [version],
      }));
      return version;
    },
    [documentId],
  );

  /** Renames a kept version. Throws the API error. */
  const rename = useCallback(
    async (versionId: string, label: string) => {
      const version = await renameVersion(documentId, versionId, label);
      setState((s) => ({
        ...s,
        versions: s.versions?.map((v) => (v.id === versionId ? version : v)) ?? null,
        selected: s.selected?.id === versionId ? { ...s.selected, ...version } : s.selected,
      }));
    },
    [documentId],
  );

  return { ...state, refresh, select, name, rename };
}
