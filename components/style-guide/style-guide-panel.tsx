"use client";

import Link from "next/link";
import { useState } from "react";
import { isEmptyStyleGuide, type StyleGuide } from "@/lib/contracts/style-guide";
import type { DocumentStyleGuide, StyleGuideSource } from "@/hooks/use-style-guide";
import { Button } from "@/components/ui/button";
import { PanelHeader } from "@/components/ui/panel-header";
import { SegmentedControl } from "@/components/ui/segmented-control";
import { StyleGuideForm } from "./style-guide-form";
import { StyleGuidePreview } from "./style-guide-preview";
import { StyleGuideSummary } from "./style-guide-summary";

const sourceOptions = [
  { value: "default", label: "My default", testId: "style-guide-source-default" },
  { value: "own", label: "This document", testId: "style-guide-source-own" },
  { value: "none", label: "None", testId: "style-guide-source-none" },
] as const;

interface StyleGuidePanelProps {
  styleGuide: DocumentStyleGuide;
  onClose?: () => void;
}

/**
 * Which style guide the document's AI calls follow (the account default, its own, or none), the
 * form for its own, and the text the model is told.
 */
export function StyleGuidePanel({ styleGuide, onClose }: StyleGuidePanelProps) {
  const { own, accountDefault, source, applied, saveOwn, saveDefault } = styleGuide;
  const [view, setView] = useState<StyleGuideSource>(source);
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  // Switching away from the document's own guide keeps it here, so switching back brings it back.
  const [lastOwn, setLastOwn] = useState<StyleGuide | null>(source === "own" ? own : null);

  const choose = async (next: StyleGuideSource) => {
    setError(undefined);
    setNotice(undefined);
    if (next === "own" || next === source) return setView(next);
    if (source === "own") setLastOwn(own);
    const failed = await saveOwn(next === "none" ? {} : null);
    if (failed) return setError(failed);
    setView(next);
  };

  const saveAsDefault = async (guide: StyleGuide) => {
    const failed = (await saveDefault(guide)) ?? (await saveOwn(null));
    if (failed) return failed;
    setLastOwn(guide);
    setView("default");
    setNotice("Saved as your default: this document and every document without its own guide follow it.");
  };

  const saveOwnGuide = async (guide: StyleGuide) => {
    const failed = await saveOwn(guide);
    // An emptied guide is no guide at all.
    if (!failed && isEmptyStyleGuide(guide)) setView("none");
    return failed;
  };

  const hasDefault = applied !== null && source === "default";
  return (
    <div className="flex min-h-0 flex-1 flex-col" data-testid="style-guide-panel">
      {/* On wide screens its tab names it; in the drawer the header carries the close button. */}
      <div className="xl:hidden">
        <PanelHeader title="Style guide" onClose={onClose} />
      </div>
      <div id="style-guide-body" tabIndex={-1} className="flex min-h-0 flex-1 flex-col gap-4 overflow-y-auto p-4 outline-none">
        <p className="text-[13px] leading-relaxed text-neutral-600 dark:text-neutral-400">
          Every AI action, chat answer, outline and draft on this document follows it.
        </p>
        <SegmentedControl label="Style guide for this document" options={sourceOptions} value={view} onChange={(v) => void choose(v)} className="w-full [&>button]:flex-1" />
        {error ? (
          <p role="alert" className="text-xs text-red-600 dark:text-red-400">
            {error}
          </p>
        ) : null}
        {notice ? (
          <p role="status" className="text-xs text-emerald-700 dark:text-emerald-400" data-testid="style-guide-notice">
            {notice}
          </p>
        ) : null}

        {view === "default" ? (
          <>
            {hasDefault && accountDefault ? (
              <StyleGuideSummary guide={accountDefault} />
            ) : (
              <p className="text-[13px] text-neutral-600 dark:text-neutral-400" data-testid="style-guide-no-default">
                You have no default style guide yet, so none applies.
              </p>
            )}
            <div className="flex flex-wrap gap-2">
              <Button size="sm" onClick={() => void choose("own")} data-testid="style-guide-customize">
                Customize for this document
              </Button>
              <Link
                href="/settings#settings-style-guide"
                className="inline-flex h-8 items-center rounded-lg px-2.5 text-[13px] text-indigo-700 hover:underline dark:text-indigo-300"
              >
                {hasDefault ? "Edit my default" : "Set a default"}
              </Link>
            </div>
            <StyleGuidePreview guide={applied} />
          </>
        ) : null}

        {view === "own" ? (
          <>
            {source !== "own" ? (
              <p className="text-xs text-neutral-500 dark:text-neutral-400" data-testid="style-guide-unsaved-note">
                Not applied until you save: until then {source === "default" ? "your default applies" : "no guide applies"}.
              </p>
            ) : null}
            <StyleGuideForm
              saved={source === "own" ? own : null}
              initial={source === "own" ? own : (lastOwn ?? accountDefault)}
              onSave={saveOwnGuide}
              actions={[{ label: "Save as my default", testId: "style-guide-save-default", run: saveAsDefault, done: "Saved as your default" }]}
              testId="style-guide-form"
            />
            {source === "own" ? (
              <Button size="sm" variant="ghost" className="self-start" onClick={() => void choose("default")} data-testid="style-guide-use-default">
                Use my default instead
              </Button>
            ) : null}
          </>
        ) : null}

        {view === "none" ? (
          <>
            <p className="text-[13px] text-neutral-600 dark:text-neutral-400" data-testid="style-guide-none">
              No style guide applies to this document, not even your default: the model writes in its own style.
            </p>
            <StyleGuidePreview guide={null} />
          </>
        ) : null}
      </div>
    </div>
  );
}
