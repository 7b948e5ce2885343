"use client";

import { useCallback, useState } from "react";
import { isModelNotConfigured, type ApiError } from "@/lib/client/api-error";
import { storageKeys } from "@/lib/client/storage";
import { useDocumentEditor } from "@/hooks/use-document-editor";
import { useLocalStorage } from "@/hooks/use-local-storage";
import { useModelStatus } from "@/hooks/use-model-status";
import { ChatPanel } from "@/components/chat/chat-panel";
import { EditorWorkspace } from "@/components/editor/editor-workspace";
import { OutlinePanel } from "@/components/outline/outline-panel";
import { SetupNotice } from "./setup-notice";
import { SidePanel } from "./side-panel";
import { StudioHeader, type Drawer } from "./studio-header";

const parseModelId = (value: unknown) => (typeof value === "string" ? value : undefined);

/** The writing studio: outline | document | chat, sharing one editor and one model choice. */
export function Studio() {
  const modelStatus = useModelStatus();
  const [chosenModel, setChosenModel] = useLocalStorage<string | null>(storageKeys.model, null, parseModelId);
  const [notConfigured, setNotConfigured] = useState(false);
  const [drawer, setDrawer] = useState<Drawer | null>(null);
  const { editor, saveState } = useDocumentEditor();

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
    if (drawer) document.querySelector<HTMLElement>(`[aria-controls="${drawer}-panel"]`)?.focus();
  };

  return (
    <div className="flex h-dvh flex-col bg-neutral-50 dark:bg-neutral-950">
      <StudioHeader models={models} model={model} onModelChange={setChosenModel} drawer={drawer} onToggleDrawer={toggleDrawer} />
      {showSetup ? <SetupNotice setup={modelStatus.status?.setup} checking={modelStatus.loading} onCheckAgain={checkAgain} /> : null}
      <main className="grid min-h-0 flex-1 grid-cols-1 gap-3 p-3 sm:gap-4 sm:p-4 lg:grid-cols-[minmax(17rem,21rem)_minmax(0,1fr)_minmax(20rem,25rem)]">
        <SidePanel id="outline-panel" label="Outline" side="left" open={drawer === "outline"} onClose={closeDrawer}>
          <OutlinePanel editor={editor} model={model} onApiError={onApiError} onClose={closeDrawer} />
        </SidePanel>
        <EditorWorkspace editor={editor} saveState={saveState} model={model} onApiError={onApiError} />
        <SidePanel id="chat-panel" label="Chat" side="right" open={drawer === "chat"} onClose={closeDrawer}>
          <ChatPanel editor={editor} model={model} onApiError={onApiError} onClose={closeDrawer} />
        </SidePanel>
      </main>
    </div>
  );
}
