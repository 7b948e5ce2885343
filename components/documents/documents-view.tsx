"use client";

import { useEffect, useState } from "react";
import { useRouter } from "next/navigation";
import type { DocumentSummaryJson } from "@/lib/contracts/documents";
import { limits } from "@/lib/contracts/limits";
import { PageHeading } from "@/components/app-shell/page-heading";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { IconButton } from "@/components/ui/icon-button";
import { CloseIcon, PlusIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { SegmentedControl } from "@/components/ui/segmented-control";
import { Spinner } from "@/components/ui/spinner";
import { createDocument, deleteDocumentForever, listLimit, renameDocument, restoreDocument, toSummary, trashDocument } from "@/lib/client/api/documents";
import { DocumentRow, displayTitle } from "./document-row";
import { DocumentsEmpty } from "./documents-empty";
import { useDebouncedValue } from "@/hooks/use-debounced-value";
import { useDocumentList } from "@/hooks/use-document-list";

interface DocumentsViewProps {
  /** From the URL (`?trash=true`, `?q=`), so a reload or a shared link shows the same list. */
  initialTrash: boolean;
  initialQuery: string;
}

interface Notice {
  text: string;
  undo?: () => void;
}

/** The writer's documents: search, create, rename, trash; and the trash: restore, delete forever. */
export function DocumentsView({ initialTrash, initialQuery }: DocumentsViewProps) {
  const router = useRouter();
  const [trash, setTrash] = useState(initialTrash);
  const [query, setQuery] = useState(initialQuery);
  const q = useDebouncedValue(query.trim(), 250);
  const list = useDocumentList({ q, trash });
  const [busyId, setBusyId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [confirming, setConfirming] = useState<DocumentSummaryJson | null>(null);
  const now = useNow();

  useEffect(() => {
    const params = new URLSearchParams();
    if (trash) params.set("trash", "true");
    if (q) params.set("q", q);
    window.history.replaceState(null, "", params.size ? `/documents?${params}` : "/documents");
  }, [trash, q]);

  const showList = (nextTrash: boolean) => {
    setTrash(nextTrash);
    setNotice(null);
    setError(null);
  };

  const create = async () => {
    setCreating(true);
    setError(null);
    const result = await createDocument();
    if (result.ok) return router.push(`/d/${result.data.document.id}`);
    setCreating(false);
    setError(result.error.message);
  };

  /** Runs one action on a row, showing the server's message if it fails (then it returns null). */
  const act = async <T,>(document: DocumentSummaryJson, run: () => Promise<{ ok: true; data: T } | { ok: false; error: { message: string } }>) => {
    setBusyId(document.id);
    setError(null);
    setNotice(null);
    const result = await run();
    setBusyId(null);
    if (!result.ok) setError(result.error.message);
    return result.ok ? { data: result.data } : null;
  };

  const rename = async (document: DocumentSummaryJson, title: string) => {
    const result = await renameDocument(document, title);
    if (!result.ok) return result.error.message;
    list.update(document.id, toSummary(result.data.document));
    return undefined;
  };

  const restore = async (document: DocumentSummaryJson) => {
    if ((await act(document, () => restoreDocument(document.id))) === null) return;
    list.update(document.id, null);
    setNotice({ text: `Restored “${displayTitle(document)}”.` });
  };

  const moveToTrash = async (document: DocumentSummaryJson) => {
    if ((await act(document, () => trashDocument(document.id))) === null) return;
    list.update(document.id, null);
    setNotice({
      text: `Moved “${displayTitle(document)}” to the trash.`,
      undo: async () => {
        const restored = await act(document, () => restoreDocument(document.id));
        if (restored) list.update(document.id, toSummary(restored.data.document));
      },
    });
  };

  const deleteForever = async (document: DocumentSummaryJson) => {
    setConfirming(null);
    if ((await act(document, () => deleteDocumentForever(document.id))) === null) return;
    list.update(document.id, null);
    setNotice({ text: `Deleted “${displayTitle(document)}” forever.` });
  };

  const newButton = (
    <Button variant="primary" onClick={create} disabled={creating} data-testid="new-document">
      {creating ? <Spinner /> : <PlusIcon />} New document
    </Button>
  );

  return (
    <>
      <PageHeading title="Documents" description="Everything you have written, newest first." actions={newButton} />

      <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <SegmentedControl
          label="Show"
          options={[
            { value: false, label: "Documents", testId: "tab-documents" },
            { value: true, label: "Trash", testId: "tab-trash" },
          ]}
          value={trash}
          onChange={showList}
        />
        <Input
          label={trash ? "Search the trash" : "Search documents"}
          hideLabel
          type="search"
          placeholder={trash ? "Search the trash…" : "Search titles and text…"}
          value={query}
          maxLength={limits.searchChars}
          onChange={(event) => setQuery(event.target.value)}
          wrapperClassName="flex-1"
          data-testid="documents-search"
        />
      </div>

      {error ? (
        <Alert
          action={
            <IconButton size="sm" label="Dismiss" onClick={() => setError(null)} className="-my-1 text-red-700 dark:text-red-300">
              <CloseIcon />
            </IconButton>
          }
        >
          {error}
        </Alert>
      ) : null}
      {list.error ? <Alert>{list.error.message}</Alert> : null}

      <div role="status" aria-live="polite" className="empty:hidden" data-testid="documents-notice">
        {notice ? (
          <div className="flex items-center gap-3 rounded-lg border border-neutral-200 bg-white px-3 py-2 text-sm dark:border-neutral-800 dark:bg-neutral-900">
            <span className="flex-1">{notice.text}</span>
            {notice.undo ? (
              <Button size="sm" variant="ghost" onClick={notice.undo} data-testid="notice-undo">
                Undo
              </Button>
            ) : null}
          </div>
        ) : null}
      </div>

      <section
        aria-label={trash ? "Trash" : "Documents"}
        aria-busy={list.loading}
        className="overflow-hidden rounded-xl border border-neutral-200 bg-white shadow-xs dark:border-neutral-800 dark:bg-neutral-900"
      >
        {list.documents === null ? (
          <div className="flex items-center justify-center gap-2 py-14 text-sm text-neutral-500 dark:text-neutral-400">
            <Spinner /> Loading…
          </div>
        ) : list.documents.length === 0 ? (
          list.loading ? (
            <div className="flex items-center justify-center gap-2 py-14 text-sm text-neutral-500 dark:text-neutral-400">
              <Spinner /> Searching…
            </div>
          ) : (
            <DocumentsEmpty trash={trash} query={q} action={newButton} />
          )
        ) : (
          <ul className="divide-y divide-neutral-200 dark:divide-neutral-800" data-testid="documents-list">
            {list.documents.map((document) => (
              <DocumentRow
                key={document.id}
                document={document}
                now={now}
                busy={busyId === document.id}
                onRename={(title) => rename(document, title)}
                onTrash={() => void moveToTrash(document)}
                onRestore={() => void restore(document)}
                onDeleteForever={() => setConfirming(document)}
              />
            ))}
          </ul>
        )}
      </section>
      {list.documents && list.documents.length >= listLimit ? (
        <p className="text-center text-xs text-neutral-500 dark:text-neutral-400">
          Showing the {listLimit} most recently edited. Search to find older ones.
        </p>
      ) : null}

      <Dialog
        open={confirming !== null}
        title="Delete forever?"
        description={
          confirming ? (
            <>
              “{displayTitle(confirming)}” and all its versions will be deleted. This cannot be undone.
            </>
          ) : null
        }
        onClose={() => setConfirming(null)}
        testId="confirm-delete"
      >
        <Button onClick={() => setConfirming(null)}>Cancel</Button>
        <Button
          variant="danger"
          className="bg-red-600 text-white hover:bg-red-500 dark:bg-red-600 dark:text-white dark:hover:bg-red-500"
          onClick={() => confirming && void deleteForever(confirming)}
          data-testid="confirm-delete-button"
        >
          Delete forever
        </Button>
      </Dialog>
    </>
  );
}

/** The current time, moving on each minute so "5 minutes ago" stays true. */
function useNow(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}
