"use client";

import Link from "next/link";
import { useRef, useState } from "react";
import { flushSync } from "react-dom";
import type { DocumentSummaryJson } from "@/lib/contracts/documents";
import { Button } from "@/components/ui/button";
import { IconButton } from "@/components/ui/icon-button";
import { FileTextIcon, PenIcon, RefreshIcon, TrashIcon } from "@/components/ui/icons";
import { DocumentTitleForm } from "./document-title-form";
import { RelativeTime } from "./relative-time";

export const displayTitle = (document: DocumentSummaryJson) => document.title.trim() || "Untitled";

interface DocumentRowProps {
  document: DocumentSummaryJson;
  now: Date;
  /** Resolves to an error message, or undefined once renamed. */
  onRename: (title: string) => Promise<string | undefined>;
  onTrash: () => void;
  onRestore: () => void;
  onDeleteForever: () => void;
  busy: boolean;
}

/** One document: its title and opening words linking to the studio, and what can be done with it. */
export function DocumentRow({ document, now, onRename, onTrash, onRestore, onDeleteForever, busy }: DocumentRowProps) {
  const [renaming, setRenaming] = useState(false);
  const trashed = document.deleted_at !== null;
  const title = displayTitle(document);

  const renameButton = useRef<HTMLButtonElement>(null);

  // Back to the rename button, so keyboard focus isn't lost when the form goes away.
  const stopRenaming = () => {
    flushSync(() => setRenaming(false));
    renameButton.current?.focus();
  };

  const rename = async (next: string) => {
    const error = await onRename(next);
    if (!error) stopRenaming();
    return error;
  };

  return (
    <li
      data-testid="document-row"
      data-id={document.id}
      className="flex items-start gap-3 px-4 py-3.5 transition-colors hover:bg-neutral-50 dark:hover:bg-neutral-800/40"
    >
      <FileTextIcon className="mt-0.5 size-5 shrink-0 text-neutral-400 dark:text-neutral-500" />
      {renaming ? (
        <DocumentTitleForm title={document.title} onSave={rename} onCancel={stopRenaming} />
      ) : (
        <>
          <div className="flex min-w-0 flex-1 flex-col gap-0.5">
            {trashed ? (
              <span className="truncate text-sm font-medium" data-testid="document-title">
                {title}
              </span>
            ) : (
              <Link
                href={`/d/${document.id}`}
                className="truncate rounded text-sm font-medium text-neutral-900 hover:text-indigo-700 hover:underline dark:text-neutral-100 dark:hover:text-indigo-300"
                data-testid="document-title"
              >
                {title}
              </Link>
            )}
            {document.snippet ? (
              <p className="line-clamp-2 text-[13px] leading-5 text-neutral-600 dark:text-neutral-400" data-testid="document-snippet">
                {document.snippet}
              </p>
            ) : (
              <p className="text-[13px] text-neutral-400 italic dark:text-neutral-500">Empty document</p>
            )}
            <p className="text-xs text-neutral-500 dark:text-neutral-400">
              {trashed && document.deleted_at ? (
                <RelativeTime iso={document.deleted_at} prefix="Moved to trash" now={now} />
              ) : (
                <RelativeTime iso={document.updated_at} prefix="Edited" now={now} />
              )}
            </p>
          </div>
          <div className="flex shrink-0 items-center gap-1">
            {trashed ? (
              <>
                <Button size="sm" onClick={onRestore} disabled={busy} data-testid="document-restore">
                  <RefreshIcon /> Restore
                </Button>
                <Button size="sm" variant="danger" onClick={onDeleteForever} disabled={busy} data-testid="document-delete-forever">
                  Delete forever
                </Button>
              </>
            ) : (
              <>
                <IconButton ref={renameButton} label={`Rename “${title}”`} onClick={() => setRenaming(true)} disabled={busy} data-testid="document-rename">
                  <PenIcon />
                </IconButton>
                <IconButton label={`Move “${title}” to the trash`} onClick={onTrash} disabled={busy} data-testid="document-trash">
                  <TrashIcon />
                </IconButton>
              </>
            )}
          </div>
        </>
      )}
    </li>
  );
}
