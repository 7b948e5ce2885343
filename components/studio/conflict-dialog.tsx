"use client";

import { useEffect, useId, useMemo, useRef, useState } from "react";
import Link from "next/link";
import type { DocumentJson } from "@/lib/contracts/documents";
import { documentToText } from "@/lib/documents/convert";
import type { ApiError } from "@/lib/client/api/error";
import { mergedState, type Conflict } from "@/hooks/use-document-editor";
import { WordDiff } from "@/components/history/word-diff";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { StudioDialog } from "./studio-dialog";

interface ConflictDialogProps {
  conflict: Conflict | null;
  /** After "Keep both": the new document holding this tab's version. */
  copy: DocumentJson | null;
  onMerge: () => Promise<boolean>;
  onKeepBoth: () => Promise<void>;
  onClose: () => void;
}

/**
 * A save was refused because the document changed elsewhere. Nothing is lost whatever the
 * choice, but saving waits for one: Escape only closes the dialog once the conflict is resolved.
 */
export function ConflictDialog({ conflict, copy, onMerge, onKeepBoth, onClose }: ConflictDialogProps) {
  const titleId = useId();
  const descriptionId = useId();
  const [busy, setBusy] = useState<"merge" | "keep" | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const preview = useMemo(() => {
    if (!conflict) return null;
    const merged = mergedState(conflict, conflict.mine);
    return { conflicts: merged.conflicts, mine: documentToText(conflict.mine.content), merged: documentToText(merged.content) };
  }, [conflict]);

  const run = async (choice: "merge" | "keep") => {
    setBusy(choice);
    setError(null);
    try {
      if (choice === "merge") await onMerge();
      else await onKeepBoth();
    } catch (failure) {
      setError(failure as ApiError);
    } finally {
      setBusy(null);
    }
  };

  const resolved = conflict === null && copy !== null;
  const doneRef = useRef<HTMLButtonElement>(null);

  // The buttons that were focused are gone: focus the way out.
  useEffect(() => {
    if (resolved) doneRef.current?.focus();
  }, [resolved]);

  return (
    <StudioDialog
      open={conflict !== null || copy !== null}
      onClose={onClose}
      dismissible={resolved}
      labelledBy={titleId}
      describedBy={descriptionId}
      testId="conflict-dialog"
    >
      {resolved ? (
        <div className="flex flex-col gap-4 p-5">
          <h2 id={titleId} className="text-base font-semibold">
            Both versions are kept
          </h2>
          <p id={descriptionId} className="text-sm leading-6 text-neutral-600 dark:text-neutral-400">
            This document now shows the version saved elsewhere. Your version is a new document:{" "}
            <Link href={`/d/${copy.id}`} className="font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300" data-testid="conflict-copy-link">
              {copy.title}
            </Link>
          </p>
          <div className="flex justify-end">
            <Button ref={doneRef} variant="primary" onClick={onClose} data-testid="conflict-close">
              Done
            </Button>
          </div>
        </div>
      ) : preview ? (
        <div className="flex max-h-[inherit] flex-col gap-4 p-5">
          <div className="flex flex-col gap-1.5">
            <h2 id={titleId} className="text-base font-semibold">
              This document changed in another tab or device
            </h2>
            <p id={descriptionId} className="text-sm leading-6 text-neutral-600 dark:text-neutral-400">
              It was saved somewhere else after this tab last saved, so your latest changes could not be saved on top. They are safe on
              this device. Choose how to combine the two versions:
            </p>
          </div>
          <ul className="flex list-disc flex-col gap-1 pl-5 text-sm leading-6 text-neutral-700 dark:text-neutral-300">
            <li>
              <strong className="font-semibold">Merge</strong> combines both: passages changed on one side take that change.{" "}
              {preview.conflicts > 0
                ? `${preview.conflicts} ${preview.conflicts === 1 ? "passage was" : "passages were"} changed in both places: both versions are kept, yours first.`
                : "The changes touch different passages, so they combine cleanly."}
            </li>
            <li>
              <strong className="font-semibold">Keep both</strong> saves your version as a new document and shows the other version here.
            </li>
          </ul>
          <section aria-label="What Merge changes in your text" className="flex min-h-0 flex-col gap-1.5">
            <h3 className="text-xs font-medium tracking-wide text-neutral-500 uppercase dark:text-neutral-400">What Merge changes in your text</h3>
            <div className="min-h-0 overflow-y-auto rounded-lg border border-neutral-200 bg-neutral-50 p-3 dark:border-neutral-700 dark:bg-neutral-950">
              <WordDiff from={preview.mine} to={preview.merged} condensed testId="conflict-preview" />
            </div>
          </section>
          {error ? <Alert testId="conflict-error">{error.message}</Alert> : null}
          <div className="flex flex-wrap justify-end gap-2">
            <Button onClick={() => void run("keep")} disabled={busy !== null} data-testid="conflict-keep-both">
              {busy === "keep" ? <Spinner /> : null} Keep both
            </Button>
            <Button variant="primary" onClick={() => void run("merge")} disabled={busy !== null} data-testid="conflict-merge" data-autofocus="">
              {busy === "merge" ? <Spinner /> : null} Merge
            </Button>
          </div>
        </div>
      ) : null}
    </StudioDialog>
  );
}
