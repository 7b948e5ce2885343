"use client";

import { useId, useState } from "react";
import type { VersionJson } from "@/lib/contracts/documents";
import { documentToText } from "@/lib/documents/convert";
import type { ApiError } from "@/lib/client/api/error";
import { useVersionHistory } from "@/hooks/use-version-history";
import { RelativeTime } from "@/components/documents/relative-time";
import { StudioDialog } from "@/components/studio/studio-dialog";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { IconButton } from "@/components/ui/icon-button";
import { BookmarkIcon, CloseIcon, PenIcon, RefreshIcon } from "@/components/ui/icons";
import { SegmentedControl } from "@/components/ui/segmented-control";
import { Spinner } from "@/components/ui/spinner";
import { cn } from "@/lib/utils";
import { VersionContent } from "./version-content";
import { VersionNameForm } from "./version-name-form";
import { versionTime } from "./version-time";
import { WordDiff } from "./word-diff";

type History = ReturnType<typeof useVersionHistory>;

interface HistoryPanelProps {
  open: boolean;
  history: History;
  /** The document's text now, to compare versions with. */
  currentText: string;
  /** The title shown now, and whether the writer set it (else it follows the text). */
  currentTitle: string;
  titleIsAutomatic: boolean;
  onRestore: (versionId: string, options: { restoreTitle: boolean }) => Promise<void>;
  /** "Name this version": saves what is unsaved, then keeps the current state under `label`. */
  onNameVersion: (label: string) => Promise<void>;
  onClose: () => void;
}

/** Stored versions of the document: look at one, compare it with the current text, restore it. */
export function HistoryPanel({ open, history, currentText, currentTitle, titleIsAutomatic, onRestore, onNameVersion, onClose }: HistoryPanelProps) {
  const titleId = useId();
  const { versions, loadedAt, loading, error, selectedId, selected } = history;
  const [naming, setNaming] = useState(false);

  return (
    <StudioDialog open={open} onClose={onClose} dismissible variant="sheet" labelledBy={titleId} testId="history-panel">
      <div className="flex h-full flex-col">
        <div className="flex h-14 shrink-0 items-center gap-2 border-b border-neutral-200 pr-3 pl-5 dark:border-neutral-800">
          <h2 id={titleId} className="flex-1 text-base font-semibold">
            Version history
          </h2>
          <IconButton label="Close version history" onClick={onClose} data-testid="history-close">
            <CloseIcon />
          </IconButton>
        </div>
        <div className="grid min-h-0 flex-1 grid-cols-[minmax(0,1fr)] grid-rows-[minmax(0,14rem)_minmax(0,1fr)] sm:grid-cols-[15rem_minmax(0,1fr)] sm:grid-rows-1">
          <nav aria-label="Versions" className="min-h-0 overflow-y-auto border-b border-neutral-200 p-2 sm:border-r sm:border-b-0 dark:border-neutral-800">
            <div className="mb-2 border-b border-neutral-200 px-1 pb-2 dark:border-neutral-800">
              {naming ? (
                <VersionNameForm
                  label="Version name"
                  testId="history-name-form"
                  onSave={async (label) => {
                    await onNameVersion(label);
                    setNaming(false);
                  }}
                  onCancel={() => setNaming(false)}
                />
              ) : (
                <Button size="sm" variant="ghost" className="w-full justify-start" onClick={() => setNaming(true)} data-testid="history-name-version">
                  <BookmarkIcon /> Name this version
                </Button>
              )}
            </div>
            {versions ? (
              <ol className="flex flex-col gap-0.5">
                {versions.map((version) => (
                  <li key={version.id}>
                    <button
                      type="button"
                      aria-current={version.id === selectedId ? "true" : undefined}
                      onClick={() => void history.select(version.id)}
                      data-testid="history-version"
                      className={cn(
                        "flex w-full flex-col items-start gap-0.5 rounded-lg px-3 py-2 text-left transition-colors",
                        version.id === selectedId
                          ? "bg-indigo-50 text-indigo-900 dark:bg-indigo-500/15 dark:text-indigo-100"
                          : "hover:bg-neutral-100 dark:hover:bg-neutral-800",
                      )}
                    >
                      <span className="text-sm font-medium" data-testid="history-version-label">
                        {version.label}
                      </span>
                      <span className="text-xs text-neutral-500 dark:text-neutral-400" data-testid="history-version-time">
                        {loadedAt ? (
                          <>
                            <time dateTime={version.created_at}>{versionTime(new Date(version.created_at), loadedAt)}</time> ·{" "}
                            <RelativeTime iso={version.created_at} now={loadedAt} />
                          </>
                        ) : null}{" "}
                        · v{version.version}
                      </span>
                    </button>
                  </li>
                ))}
              </ol>
            ) : loading ? (
              <p className="flex items-center gap-2 p-3 text-sm text-neutral-500">
                <Spinner /> Loading versions…
              </p>
            ) : null}
          </nav>
          <div className="flex min-h-0 flex-col">
            {error ? (
              <Alert
                testId="history-error"
                className="m-4"
                action={
                  <Button size="sm" onClick={() => void (selectedId ? history.select(selectedId) : history.refresh())}>
                    <RefreshIcon /> Retry
                  </Button>
                }
              >
                {error.message}
              </Alert>
            ) : null}
            {selected ? (
              <VersionDetail
                key={selected.id}
                version={selected}
                currentText={currentText}
                currentTitle={currentTitle}
                titleIsAutomatic={titleIsAutomatic}
                onRestore={onRestore}
                onRename={(label) => history.rename(selected.id, label)}
              />
            ) : selectedId && loading ? (
              <p className="flex items-center gap-2 p-5 text-sm text-neutral-500">
                <Spinner /> Loading the version…
              </p>
            ) : !error ? (
              <p className="p-5 text-sm leading-6 text-neutral-500 dark:text-neutral-400">
                Choose a version to read it and compare it with the current text. Restoring one makes it the newest version; the text
                you have now stays in the history.
              </p>
            ) : null}
          </div>
        </div>
      </div>
    </StudioDialog>
  );
}

type View = "compare" | "read";

const viewOptions = [
  { value: "compare", label: "Compare with current", testId: "history-view-compare" },
  { value: "read", label: "Read", testId: "history-view-read" },
] as const;

interface VersionDetailProps {
  version: VersionJson;
  currentText: string;
  currentTitle: string;
  titleIsAutomatic: boolean;
  onRestore: HistoryPanelProps["onRestore"];
  onRename: (label: string) => Promise<void>;
}

function VersionDetail({ version, currentText, currentTitle, titleIsAutomatic, onRestore, onRename }: VersionDetailProps) {
  const [view, setView] = useState<View>("compare");
  const [restoring, setRestoring] = useState(false);
  const [renaming, setRenaming] = useState(false);
  const [restoreTitle, setRestoreTitle] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  // An automatic title follows the restored text anyway: the choice only matters for a title the writer set.
  const offerTitle = version.title !== currentTitle && (!titleIsAutomatic || version.title_source === "writer");

  const restore = async () => {
    setRestoring(true);
    setError(null);
    try {
      await onRestore(version.id, { restoreTitle: offerTitle && restoreTitle });
    } catch (failure) {
      setError(failure as ApiError);
      setRestoring(false);
    }
  };

  return (
    <section aria-label={`Version ${version.version}: ${version.label}`} className="flex min-h-0 flex-1 flex-col" data-testid="history-detail">
      <div className="flex flex-wrap items-center gap-2 border-b border-neutral-200 px-5 py-3 dark:border-neutral-800">
        {renaming ? (
          <div className="mr-auto min-w-0 flex-1">
            <VersionNameForm
              label="Version name"
              initial={version.label}
              testId="history-rename-form"
              onSave={async (label) => {
                await onRename(label);
                setRenaming(false);
              }}
              onCancel={() => setRenaming(false)}
            />
          </div>
        ) : (
          <div className="mr-auto flex min-w-0 items-start gap-1">
            <div className="min-w-0">
              <h3 className="truncate text-sm font-semibold">{version.label}</h3>
              <p className="truncate text-xs text-neutral-500 dark:text-neutral-400">
                “{version.title}” · version {version.version}
              </p>
            </div>
            <IconButton size="sm" label={`Rename “${version.label}”`} onClick={() => setRenaming(true)} data-testid="history-rename">
              <PenIcon />
            </IconButton>
          </div>
        )}
        <SegmentedControl label="Show" options={viewOptions} value={view} onChange={setView} />
        <Button variant="primary" size="sm" onClick={() => void restore()} disabled={restoring} data-testid="history-restore">
          {restoring ? <Spinner /> : null} Restore
        </Button>
        {offerTitle ? (
          <label className="flex basis-full items-start gap-2 text-xs text-neutral-600 dark:text-neutral-300">
            <input
              type="checkbox"
              checked={restoreTitle}
              onChange={(event) => setRestoreTitle(event.target.checked)}
              className="size-4 shrink-0 accent-indigo-600"
              data-testid="history-restore-title"
            />
            <span className="min-w-0 break-words">
              Also restore the title “{version.title}” (otherwise it stays “{currentTitle}”)
            </span>
          </label>
        ) : null}
      </div>
      {error ? (
        <Alert testId="history-restore-error" className="mx-5 mt-3">
          {error.message}
        </Alert>
      ) : null}
      <div className="min-h-0 flex-1 overflow-y-auto px-5 py-4">
        {view === "compare" ? (
          <>
            <p className="mb-3 text-xs text-neutral-500 dark:text-neutral-400">
              Restoring this version adds the <span className="text-emerald-700 underline dark:text-emerald-300">underlined</span> words and
              removes the <span className="text-red-700 line-through dark:text-red-300">struck-through</span> ones.
            </p>
            <WordDiff from={currentText} to={documentToText(version.content)} testId="history-diff" />
          </>
        ) : (
          <VersionContent content={version.content} />
        )}
      </div>
    </section>
  );
}
