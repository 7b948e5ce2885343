"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import type { ModelInfo } from "@/lib/ai/models";
import { AccountMenu, type AccountMenuAccount } from "@/components/account/account-menu";
import { ExportMenu } from "@/components/export/export-menu";
import { Button } from "@/components/ui/button";
import { ChatIcon, FileTextIcon, FilesIcon, HistoryIcon, OutlineIcon, PenIcon } from "@/components/ui/icons";
import { cn } from "@/lib/utils";
import { DocumentTitleInput } from "./document-title-input";
import { ModelPicker } from "./model-picker";
import { ThemeToggle } from "./theme-toggle";

export type Drawer = "outline" | "chat";

interface StudioHeaderProps {
  documentId: string;
  /** The writer's title ("" while automatic) and the automatic one. */
  title: string;
  automaticTitle: string;
  onTitleChange: (title: string) => void;
  account: AccountMenuAccount;
  models: ModelInfo[];
  model: string | undefined;
  onModelChange: (id: string) => void;
  drawer: Drawer | null;
  onToggleDrawer: (drawer: Drawer) => void;
  historyOpen: boolean;
  onOpenHistory: () => void;
  onBeforeExport: () => Promise<boolean>;
  /** Whether the document holds pending AI suggestions (the export menu then asks how to export them). */
  hasSuggestions: () => boolean;
  templatesOpen: boolean;
  onOpenTemplates: () => void;
  /** Whether a style guide applies, opening its panel. */
  styleGuide?: ReactNode;
}

const drawerButtons = [
  { drawer: "outline", label: "Outline", icon: <OutlineIcon />, controls: "outline-panel" },
  { drawer: "chat", label: "Chat", icon: <ChatIcon />, controls: "chat-panel" },
] as const;

export function StudioHeader(props: StudioHeaderProps) {
  const { documentId, title, onTitleChange, account, models, model, onModelChange, drawer, onToggleDrawer } = props;
  return (
    // Small screens: name and account on the first row, the tools on a second one.
    <header className="flex shrink-0 flex-wrap items-center gap-x-2 gap-y-1.5 border-b border-neutral-200 bg-white px-3 py-2 sm:h-14 sm:flex-nowrap sm:gap-3 sm:px-4 sm:py-0 dark:border-neutral-800 dark:bg-neutral-950">
      <Link
        href="/documents"
        className="grid size-8 shrink-0 place-items-center rounded-lg bg-indigo-600 text-white shadow-sm [&_svg]:size-4"
        aria-label="Draftwise — all documents"
        title="Draftwise"
      >
        <PenIcon />
      </Link>
      <Link
        href="/documents"
        className="hidden items-center gap-1.5 rounded-lg px-2 py-1.5 text-[13px] font-medium text-neutral-600 hover:bg-neutral-100 hover:text-neutral-900 md:flex dark:text-neutral-400 dark:hover:bg-neutral-800 dark:hover:text-neutral-100 [&_svg]:size-4"
        data-testid="documents-link"
      >
        <FilesIcon /> Documents
      </Link>
      <span aria-hidden="true" className="hidden text-neutral-300 md:inline dark:text-neutral-700">
        /
      </span>
      <DocumentTitleInput value={title} automatic={props.automaticTitle} onChange={onTitleChange} />
      <div className="order-last flex basis-full items-center justify-end gap-1 sm:order-none sm:ml-auto sm:basis-auto sm:gap-1.5">
        {props.styleGuide}
        <Button
          size="sm"
          variant="ghost"
          aria-haspopup="dialog"
          aria-expanded={props.templatesOpen}
          onClick={props.onOpenTemplates}
          data-testid="templates-button"
          title="Write from a template"
        >
          <FileTextIcon />
          <span className="sr-only xl:not-sr-only">Templates</span>
        </Button>
        <Button
          size="sm"
          variant="ghost"
          aria-haspopup="dialog"
          aria-expanded={props.historyOpen}
          onClick={props.onOpenHistory}
          data-testid="history-button"
          title="Version history"
        >
          <HistoryIcon />
          <span className="sr-only xl:not-sr-only">History</span>
        </Button>
        <ExportMenu documentId={documentId} onBeforeExport={props.onBeforeExport} hasSuggestions={props.hasSuggestions} />
        <ModelPicker models={models} value={model} onChange={onModelChange} />
        {drawerButtons.map((b) => (
          <Button
            key={b.drawer}
            size="sm"
            variant="ghost"
            aria-controls={b.controls}
            aria-expanded={drawer === b.drawer}
            onClick={() => onToggleDrawer(b.drawer)}
            className={cn("xl:hidden", drawer === b.drawer && "bg-neutral-100 dark:bg-neutral-800")}
            data-testid={`toggle-${b.drawer}`}
          >
            {b.icon}
            <span className="sr-only sm:not-sr-only">{b.label}</span>
          </Button>
        ))}
        <ThemeToggle />
      </div>
      <AccountMenu account={account} />
    </header>
  );
}
