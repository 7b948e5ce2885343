"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { AccountJson } from "@/lib/contracts/account";
import type { DocumentContent, DocumentJson } from "@/lib/contracts/documents";
import { writeActionLabels } from "@/lib/contracts/write";
import { documentToText } from "@/lib/documents/convert";
import { shownTitle } from "@/lib/documents/title";
import { hasPendingSuggestions } from "@/lib/editor/suggestions/info";
import { isModelNotConfigured, type ApiError } from "@/lib/client/api/error";
import { storageKeys } from "@/lib/client/storage";
import { useAuthorshipContext } from "@/hooks/use-authorship";
import { useDocumentEditor } from "@/hooks/use-document-editor";
import { useFocusMode } from "@/hooks/use-focus-mode";
import { useLegacyImport } from "@/hooks/use-legacy-import";
import { useLocalStorage } from "@/hooks/use-local-storage";
import { useModelStatus } from "@/hooks/use-model-status";
import { useDocumentStyleGuide } from "@/hooks/use-style-guide";
import type { TrackedEdits } from "@/hooks/use-tracked-edits";
import { useVersionHistory } from "@/hooks/use-version-history";
import type { AccountMenuAccount } from "@/components/account/account-menu";
import { ChatPanel } from "@/components/chat/chat-panel";
import { EditorWorkspace } from "@/components/editor/editor-workspace";
import { HistoryPanel } from "@/components/history/history-panel";
import { OutlinePanel } from "@/components/outline/outline-panel";
import { StyleGuideIndicator } from "@/components/style-guide/style-guide-indicator";
import { StyleGuidePanel } from "@/components/style-guide/style-guide-panel";
import { TemplatesDialog } from "@/components/templates/templates-dialog";
import { cn } from "@/lib/utils";
import { ConflictDialog } from "./conflict-dialog";
import { SetupNotice } from "./setup-notice";
import { SidePanel } from "./side-panel";
import { SidePanelTabs } from "./side-panel-tabs";
import { SkipToDocument } from "./skip-to-document";
import { studioColumns } from "./studio-columns";
import { StudioHeader, type Drawer } from "./studio-header";

/** The outline column's tabs: the outline, and the style guide beside it. */
const planningTabs = [
  { value: "outline", label: "Outline", controls: "outline-tab-panel" },
  { value: "style", label: "Style guide", controls: "style-guide-tab-panel" },
] as const;
type PlanningTab = (typeof planningTabs)[number]["value"];

const parseModelId = (value: unknown) => (typeof value === "string" ? value : undefined);

export interface StudioProps {
  /** The document as the server has it; unsaved edits left on this device are put back on top. */
  document: DocumentJson;
  account: AccountMenuAccount & Pick<AccountJson, "store_content"> & Partial<Pick<AccountJson, "style_guide" | "variants">>;
}

/** The writing studio on one document: outline | document | chat, sharing one editor and one model choice. */
export function Studio({ document: initialDocument, account }: StudioProps) {
  const modelStatus = useModelStatus();
  const [chosenModel, setChosenModel] = useLocalStorage<string | null>(storageKeys.model, null, parseModelId);
  const [notConfigured, setNotConfigured] = useState(false);
  const [drawer, setDrawer] = useState<Drawer | null>(null);
  const doc = useDocumentEditor(initialDocument);
  const { editor, documentId, saveAiEdit } = doc;
  useAuthorshipContext(editor, account);
  const history = useVersionHistory(documentId);
  const [historyText, setHistoryText] = useState<string | null>(null);
  const [keptCopy, setKeptCopy] = useState<DocumentJson | null>(null);
  const [templatesOpen, setTemplatesOpen] = useState(false);
  const [focusMode, toggleFocusMode] = useFocusMode();
  useLegacyImport();
  const styleGuide = useDocumentStyleGuide(initialDocument.id, initialDocument.style_guide ?? null, account.style_guide ?? null);
  const [planningTab, setPlanningTab] = useState<PlanningTab>("outline");

  // The header's indicator: the style guide tab, in the drawer on small screens.
  const openStyleGuide = () => {
    setPlanningTab("style");
    setDrawer("outline");
    requestAnimationFrame(() => window.document.getElementById("style-guide-body")?.focus());
  };

  // The browser tab says which document this is.
  const title = shownTitle(doc.title, doc.automaticTitle);
  useEffect(() => {
    window.document.title = `${title} — Draftwise`;
  }, [title]);

  const models = modelStatus.status?.models ?? [];
  // A remembered model the server no longer offers falls back to the server's default.
  const model = models.find((m) => m.id === chosenModel)?.id ?? modelStatus.status?.defaultModel ?? undefined;
  const showSetup = modelStatus.status?.configured === false || notConfigured;

  const onApiError = useCallback((error: ApiError) => {
    if (isModelNotConfigured(error)) setNotConfigured(true);
  }, []);

  const checkAgain = async () => {
    const status = await modelStatus.refresh();
    if (status?.configured) setNotConfigured(false);
  };

  const toggleDrawer = (next: Drawer) => setDrawer((current) => (current === next ? null : next));
  const closeDrawer = () => {
    setDrawer(null);
    // Back to the header button that opened it.
    if (drawer) window.document.querySelector<HTMLElement>(`[aria-controls="${drawer}-panel"]`)?.focus();
  };

  const openHistory = () => {
    setHistoryText(editor ? documentToText(editor.getJSON() as DocumentContent) : "");
    void history.refresh(doc.flush());
  };

  const restore = async (versionId: string, options?: { restoreTitle?: boolean }) => {
    await doc.restore(versionId, options);
    setHistoryText(null);
    editor?.commands.focus();
  };

  // The editor's tracked AI edits, for the chat and the outline to start runs in the document.
  const review = useRef<TrackedEdits>(null);
  const onSectionDrafted = useCallback(() => saveAiEdit(writeActionLabels["draft-section"]), [saveAiEdit]);

  return (
    <div className="flex h-dvh flex-col bg-neutral-50 dark:bg-neutral-950">
      <SkipToDocument editor={editor} />
      <StudioHeader
        documentId={documentId}
        title={doc.title}
        automaticTitle={doc.automaticTitle}
        onTitleChange={doc.setTitle}
        account={account}
        models={models}
        model={model}
        onModelChange={setChosenModel}
        drawer={drawer}
        onToggleDrawer={toggleDrawer}
        historyOpen={historyText !== null}
        onOpenHistory={openHistory}
        onBeforeExport={() => doc.flush()}
        hasSuggestions={() => (editor ? hasPendingSuggestions(editor.state.doc) : false)}
        templatesOpen={templatesOpen}
        onOpenTemplates={() => setTemplatesOpen(true)}
        styleGuide={<StyleGuideIndicator source={styleGuide.source} applies={styleGuide.applied !== null} onOpen={openStyleGuide} />}
      />
      {showSetup ? <SetupNotice setup={modelStatus.status?.setup} checking={modelStatus.loading} onCheckAgain={checkAgain} /> : null}
      {doc.unreadable ? (
        <p
          role="alert"
          data-testid="unreadable-notice"
          className="mx-3 mt-3 rounded-xl border border-red-200 bg-red-50 p-4 text-sm leading-6 text-red-950 sm:mx-4 dark:border-red-500/30 dark:bg-red-500/10 dark:text-red-100"
        >
          This document holds content this editor can&apos;t show, so it is open read-only and nothing is saved over it. Export it
          to keep a copy, or restore an earlier version from History.
        </p>
      ) : null}
      {/* The document comes first in the page (and in Tab order); on wide screens the grid puts the outline back on its left. */}
      <main
        className={cn(
          "grid min-h-0 flex-1 grid-cols-1 gap-3 p-3 sm:gap-4 sm:p-4",
          focusMode
            ? "xl:grid-cols-[minmax(0,1fr)] xl:[&>aside]:hidden!"
            : cn(studioColumns, "xl:[&>#outline-panel]:col-start-1 xl:[&>#outline-panel]:row-start-1"),
        )}
        data-focus-mode={focusMode}
      >
        <EditorWorkspace
          documentId={documentId}
          editor={editor}
          saveState={doc.saveState}
          model={model}
          models={models}
          onApiError={onApiError}
          onAiEdit={saveAiEdit}
          storePrompts={account.store_content}
          variantsDefault={account.variants}
          reviewRef={review}
          focusMode={focusMode}
          onToggleFocusMode={toggleFocusMode}
          guest={account.is_guest}
          className={focusMode ? undefined : "xl:col-start-2 xl:row-start-1"}
        />
        <SidePanel id="outline-panel" label={planningTab === "style" ? "Style guide" : "Outline"} side="left" open={drawer === "outline"} onClose={closeDrawer}>
          <SidePanelTabs label="Outline and style guide" tabs={planningTabs} value={planningTab} onChange={setPlanningTab} />
          {/* Both stay mounted: switching tabs never stops a draft or loses a half-typed guide. */}
          <div
            id="outline-tab-panel"
            role="tabpanel"
            aria-labelledby="outline-tab-panel-tab"
            className={cn("min-h-0 flex-1 flex-col", planningTab === "outline" ? "flex" : "hidden")}
          >
              <OutlinePanel
              documentId={documentId}
              initialOutline={initialDocument.outline}
              editor={editor}
              model={model}
              onApiError={onApiError}
              onClose={closeDrawer}
              onSectionDrafted={onSectionDrafted}
              onOutlineTitle={doc.setOutlineTitle}
              review={review}
            />
          </div>
          <div
            id="style-guide-tab-panel"
            role="tabpanel"
            aria-labelledby="style-guide-tab-panel-tab"
            className={cn("min-h-0 flex-1 flex-col", planningTab === "style" ? "flex" : "hidden")}
          >
            <StyleGuidePanel styleGuide={styleGuide} onClose={closeDrawer} />
          </div>
        </SidePanel>
        <SidePanel id="chat-panel" label="Chat" side="right" open={drawer === "chat"} onClose={closeDrawer}>
          <ChatPanel documentId={documentId} editor={editor} model={model} review={review} onApiError={onApiError} onClose={closeDrawer} />
        </SidePanel>
      </main>
      <HistoryPanel
        open={historyText !== null}
        history={history}
        currentText={historyText ?? ""}
        currentTitle={title}
        titleIsAutomatic={doc.title.trim() === ""}
        onNameVersion={async (label) => {
          await history.name(label, doc.flush());
        }}
        onRestore={restore}
        onClose={() => setHistoryText(null)}
      />
      <TemplatesDialog
        open={templatesOpen}
        onClose={() => setTemplatesOpen(false)}
        editor={editor}
        model={model}
        documentId={documentId}
        onApiError={onApiError}
        onInserted={(name) => saveAiEdit(`${name} template`)}
      />
      <ConflictDialog
        conflict={doc.conflict}
        copy={keptCopy}
        onMerge={doc.merge}
        onKeepBoth={async () => setKeptCopy(await doc.keepBoth())}
        onClose={() => setKeptCopy(null)}
      />
    </div>
  );
}
