"use client";

import { useCallback, useRef, useState } from "react";
import type { ExportFormat, ExportSuggestions } from "@/lib/contracts/documents";
import { exportUrl } from "@/lib/client/api/editor-document";
import { downloadFile } from "@/lib/client/download";
import { useAuthorshipReport } from "@/hooks/use-authorship-report";
import { Button } from "@/components/ui/button";
import { DownloadIcon } from "@/components/ui/icons";
import { Menu, type MenuCloseReason, type MenuItem } from "@/components/ui/menu";
import { Spinner } from "@/components/ui/spinner";
import { AuthorshipReportDialog } from "./authorship-report-dialog";

interface ExportMenuProps {
  documentId: string;
  /** Saves the latest edits first, so the file has them. */
  onBeforeExport: () => Promise<boolean>;
  /** Whether the document holds pending AI suggestions: Markdown and HTML then ask how to export them. */
  hasSuggestions: () => boolean;
}

const formats: { format: ExportFormat; label: string }[] = [
  { format: "md", label: "Markdown (.md)" },
  { format: "html", label: "HTML (.html)" },
  { format: "docx", label: "Word (.docx)" },
];

/** Markdown and HTML can't show tracked changes: the writer picks a side. Word keeps them as tracked changes. */
const settled: { suggestions: ExportSuggestions; label: string }[] = [
  { suggestions: "accepted", label: "With suggestions accepted" },
  { suggestions: "original", label: "As the original" },
];

const isTrigger = (target: Element) => target.closest("[data-export-trigger]") !== null;

/**
 * Downloads the document as Markdown, HTML or Word, made by the server from the saved version. With
 * pending AI suggestions, Markdown and HTML ask whether to export them accepted or as the original.
 * Word can carry the authorship record as an appendix; "Authorship report…" shows that record (it
 * lives here, beside the files it goes into, rather than in the crowded header).
 */
export function ExportMenu({ documentId, onBeforeExport, hasSuggestions }: ExportMenuProps) {
  const [open, setOpen] = useState(false);
  /** The format waiting for the suggestions question, when it is asked. */
  const [asking, setAsking] = useState<ExportFormat | null>(null);
  const [busy, setBusy] = useState(false);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const authorship = useAuthorshipReport(documentId);

  const close = useCallback((reason: MenuCloseReason) => {
    setOpen(false);
    setAsking(null);
    if (reason !== "outside") triggerRef.current?.focus();
  }, []);

  const download = async (format: ExportFormat, suggestions?: ExportSuggestions, appendix?: "appendix") => {
    setOpen(false);
    setAsking(null);
    setBusy(true);
    await onBeforeExport();
    setBusy(false);
    downloadFile(exportUrl(documentId, format, suggestions, appendix));
    triggerRef.current?.focus();
  };

  const pending = open && hasSuggestions();
  const items: MenuItem[] = asking
    ? settled.map(({ suggestions, label }) => ({
        id: suggestions,
        label,
        testId: `export-suggestions-${suggestions}`,
        onSelect: () => void download(asking, suggestions),
      }))
    : [
        ...formats.map(({ format, label }) => {
          const asks = pending && format !== "docx";
          return {
            id: format,
            label,
            // A second line, not a longer label: the menu stays narrow enough for a phone.
            ...(pending && format === "docx" ? { description: "Pending AI changes as tracked changes" } : {}),
            testId: `export-${format}`,
            ...(asks ? { trailing: "›" } : {}),
            onSelect: () => (asks ? setAsking(format) : void download(format)),
          };
        }),
        { id: "docx-authorship", label: "Word + authorship record", testId: "export-docx-authorship", onSelect: () => void download("docx", undefined, "appendix") },
        {
          id: "authorship-report",
          label: "Authorship report…",
          testId: "export-authorship-report",
          onSelect: () => {
            setOpen(false);
            void authorship.show(onBeforeExport());
          },
        },
      ];

  return (
    <div className="relative">
      <Button
        ref={triggerRef}
        size="sm"
        variant="ghost"
        aria-haspopup="menu"
        aria-expanded={open}
        disabled={busy}
        onClick={() => {
          setOpen((current) => !current);
          setAsking(null);
        }}
        data-export-trigger=""
        data-testid="export-menu"
        title="Export"
      >
        {busy ? <Spinner /> : <DownloadIcon />}
        <span className="sr-only xl:not-sr-only">Export</span>
      </Button>
      {open ? (
        <div className="absolute top-full left-0 z-50 mt-1.5 sm:right-0 sm:left-auto">
          {/* Keyed by step: the question is a fresh menu, focused on its first choice. */}
          <Menu
            key={asking ?? "formats"}
            label={asking ? "Pending AI suggestions" : "Export as"}
            testId={asking ? "export-suggestions" : "export-options"}
            items={items}
            onClose={close}
            isInside={isTrigger}
          />
        </div>
      ) : null}
      <AuthorshipReportDialog
        documentId={documentId}
        state={authorship.state}
        onClose={() => {
          authorship.close();
          triggerRef.current?.focus();
        }}
      />
    </div>
  );
}
