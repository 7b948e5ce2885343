"use client";

import { useCallback, useRef, useState } from "react";
import type { AuthorshipReport } from "@/lib/contracts/authorship";
import { getAuthorship } from "@/lib/client/api/authorship";
import type { ApiError } from "@/lib/client/api/error";

export interface AuthorshipReportState {
  open: boolean;
  report: AuthorshipReport | null;
  error: ApiError | null;
}

const closed: AuthorshipReportState = { open: false, report: null, error: null };

/** The authorship report dialog's data: opened after `after` settles (the latest edits saved), so the record has them. */
export function useAuthorshipReport(documentId: string) {
  const [state, setState] = useState<AuthorshipReportState>(closed);
  const requestRef = useRef(0);

  const show = useCallback(
    async (after?: Promise<unknown>) => {
      const request = ++requestRef.current;
      setState({ ...closed, open: true });
      await after;
      const result = await getAuthorship(documentId);
      if (request !== requestRef.current) return;
      setState(result.ok ? { open: true, report: result.data, error: null } : { open: true, report: null, error: result.error });
    },
    [documentId],
  );

  const close = useCallback(() => {
    requestRef.current++;
    setState(closed);
  }, []);

  return { state, show, close };
}
