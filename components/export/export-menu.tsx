"use client";

import { useCallback, useRef, useState } from "react";
import type { ExportFormat } from "@/lib/contracts/documents";
import { exportUrl } from "@/lib/client/api/editor-document";
import { Button } from "@/components/ui/button";
import { DownloadIcon } from "@/components/ui/icons";
import { Menu, type MenuCloseReason, type MenuItem } from "@/components/ui/menu";
import { Spinner } from "@/components/ui/spinner";

interface ExportMenuProps {
  documentId: string;
  /** Saves the latest edits first, so the file has them. */
  onBeforeExport: () => Promise<boolean>;
}

const formats: { format: ExportFormat; label: string }[] = [
  { format: "md", label: "Markdown (.md)" },
  { format: "html", label: "HTML (.html)" },
  { format: "docx", label: "Word (.docx)" },
];

const isTrigger = (target: Element) => target.closest("[data-export-trigger]") !== null;

/** Downloads the document as Markdown, HTML or Word, made by the server from the saved version. */
export function ExportMenu({ documentId, onBeforeExport }: ExportMenuProps) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const triggerRef = useRef<HTMLButtonElement>(null);

  const close = useCallback((reason: MenuCloseReason) => {
    setOpen(false);
    if (reason !== "outside") triggerRef.current?.focus();
  }, []);

  const download = async (format: ExportFormat) => {
    setOpen(false);
    setBusy(true);
    await onBeforeExport();
    setBusy(false);
    // A link with `download`: the file arrives as an attachment and the studio stays put.
    const link = document.createElement("a");
    link.href = exportUrl(documentId, format);
    link.download = "";
    document.body.append(link);
    link.click();
    link.remove();
    triggerRef.current?.focus();
  };

  const items: MenuItem[] = formats.map(({ format, label }) => ({
    id: format,
    label,
    testId: `export-${format}`,
    onSelect: () => void download(format),
  }));

  return (
    <div className="relative">
      <Button
        ref={triggerRef}
        size="sm"
        variant="ghost"
        aria-haspopup="menu"
        aria-expanded={open}
        disabled={busy}
        onClick={() => setOpen((current) => !current)}
        data-export-trigger=""
        data-testid="export-menu"
        title="Export"
      >
        {busy ? <Spinner /> : <DownloadIcon />}
        <span className="sr-only xl:not-sr-only">Export</span>
      </Button>
      {open ? (
        <div className="absolute top-full left-0 z-50 mt-1.5 sm:right-0 sm:left-auto">
          <Menu label="Export as" testId="export-options" items={items} onClose={close} isInside={isTrigger} />
        </div>
      ) : null}
    </div>
  );
}
