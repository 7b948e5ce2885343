"use client";

import { ModelErrorAlert } from "@/components/model/model-error-alert";
import { useEffect, useMemo, useState, type RefObject } from "react";
import { useObject } from "@ai-sdk/react";
import type { Editor } from "@tiptap/react";
import type { Transaction } from "@tiptap/pm/state";
import { outlineSchema, type OutlineRequest } from "@/lib/contracts/outline";
import { toApiError, type ApiError } from "@/lib/client/api/error";
import { outlineTitle, type DocumentOutline } from "@/lib/contracts/document-outline";
import { draftableSections, editableOutline, plannedSection, type EditableOutline, type EditableSection, type OutlineBrief } from "@/lib/client/outline";
import { redraftInstruction, redraftTarget } from "@/lib/client/editor/drafting";
import { setLockedHeadings } from "@/lib/client/editor/locked-sections";
import { followRenames, headingRenames, headingRetitle } from "@/lib/editor/heading-renames";
import { documentHeading, moveSectionText, sectionState } from "@/lib/editor/outline-drafting";
import { findSection } from "@/lib/editor/sections";
import { useArticleDraft } from "@/hooks/use-article-draft";
import { useDocumentOutline } from "@/hooks/use-document-outline";
import type { TrackedEdits } from "@/hooks/use-tracked-edits";
import { Button } from "@/components/ui/button";
import { PanelHeader } from "@/components/ui/panel-header";
import { DraftControls } from "./draft-controls";
import { MoveTextOffer } from "./move-text-offer";
import { OutlineBriefForm } from "./outline-brief-form";
import { OutlineEditor } from "./outline-editor";
import { OutlinePreview } from "./outline-preview";

interface OutlinePanelProps {
  documentId: string;
  /** The outline the server keeps with the document (null: none yet). */
  initialOutline?: DocumentOutline | null;
  editor: Editor | null;
  model: string | undefined;
  onApiError: (error: ApiError) => void;
  onClose?: () => void;
  /** A drafted section is in the document: the studio keeps it as a version. */
  onSectionDrafted?: () => void;
  /** Redrafts a section as tracked changes to review. */
  review?: RefObject<TrackedEdits | null>;
  /** The outline's article title as it changes (undefined: none), for the document's title to follow. */
  onOutlineTitle?: (title: string | undefined) => void;
}

interface MoveOffer {
  heading: string;
  other: string;
  direction: -1 | 1;
}

/** Outline an article from a topic, shape it, then draft it into the document section by section. */
export function OutlinePanel({ documentId, initialOutline, editor, model, onApiError, onClose, onSectionDrafted, review, onOutlineTitle }: OutlinePanelProps) {
  const { outline: stored, setOutline: setStored, migrated } = useDocumentOutline(documentId, initialOutline);
  const [moveOffer, setMoveOffer] = useState<MoveOffer | null>(null);
  const [topicError, setTopicError] = useState<string | null>(null);
  const [incomplete, setIncomplete] = useState(false);
  const [lastRequest, setLastRequest] = useState<OutlineRequest | null>(null);
  const [redraftNotice, setRedraftNotice] = useState<string | null>(null);

  const generation = useObject({
    api: "/api/outline",
    schema: outlineSchema,
    onFinish: ({ object }) => {
      if (object) setStored((s) => ({ ...s, outline: editableOutline(object) }));
      else setIncomplete(true);
    },
    onError: (error) => onApiError(toApiError(error)),
  });
  const markDrafted = (sectionId: string) =>
    setStored((s) => (s.outline ? { ...s, outline: { ...s.outline, sections: s.outline.sections.map((x) => (x.id === sectionId ? { ...x, drafted: true } : x)) } } : s));
  const draft = useArticleDraft(editor, model, onApiError, { documentId, onSectionDrafted, onSectionDone: markDrafted });

  // An outline moved from localStorage: the sections already in the text count as drafted.
  useEffect(() => {
    if (!migrated || !editor) return;
    setStored((s) =>
      s.outline
        ? { ...s, outline: { ...s.outline, sections: s.outline.sections.map((x) => ({ ...x, drafted: findSection(editor.state.doc, documentHeading(x.heading)) !== null })) } }
        : s,
    );
  }, [migrated, editor, setStored]);

  // Sections are linked to the text by their headings: renaming one in the text renames its section too.
  useEffect(() => {
    if (!editor) return;
    const onTransaction = ({ transaction }: { transaction: Transaction }) => {
      const renames = headingRenames(transaction);
      if (renames.length === 0) return;
      setStored((s) => {
        const sections = s.outline ? followRenames(s.outline.sections, renames) : undefined;
        return s.outline && sections && sections !== s.outline.sections ? { ...s, outline: { ...s.outline, sections } } : s;
      });
    };
    editor.on("transaction", onTransaction);
    return () => {
      editor.off("transaction", onTransaction);
    };
  }, [editor, setStored]);

  const generating = generation.isLoading;
  const drafting = draft.status === "drafting";

  // …and a section renamed here renames its heading in the text (one undo step), once the field is left.
  const retitle = (from: string, to: string) => {
    const change = editor ? headingRetitle(editor.state.doc, from, to) : null;
    if (editor && change) editor.view.dispatch(editor.state.tr.insertText(change.text, change.from, change.to));
  };

  // Until it is complete (or edited), the outline on screen is the one streaming in.
  const outline = stored.outline ?? (generation.object ? editableOutline(generation.object) : null);
  // Once per error, so its retry countdown keeps one deadline across renders.
  const generationError = useMemo(() => (generation.error ? toApiError(generation.error) : null), [generation.error]);
  const sections = outline ? draftableSections(outline) : [];

  // Whole-section and whole-document AI edits refuse the sections locked here.
  const lockedKey = JSON.stringify(outline?.sections.filter((s) => s.locked).map((s) => s.heading) ?? []);
  useEffect(() => {
    if (editor) setLockedHeadings(editor, JSON.parse(lockedKey) as string[]);
  }, [editor, lockedKey]);

  const title = outlineTitle(stored);
  useEffect(() => onOutlineTitle?.(title), [onOutlineTitle, title]);

  const stateOf = (section: EditableSection) =>
    sectionState(section, drafting && draft.currentId === section.id, editor ? findSection(editor.state.doc, documentHeading(section.heading)) !== null : false);

  const setBrief = (patch: Partial<OutlineBrief>) => setStored((s) => ({ ...s, brief: { ...s.brief, ...patch } }));

  const editOutline = (change: (o: EditableOutline) => EditableOutline) => {
    if (!outline) return;
    setStored((s) => ({ ...s, outline: change(s.outline ?? outline) }));
  };

  const submit = (request: OutlineRequest) => {
    setIncomplete(false);
    setLastRequest(request);
    setStored((s) => ({ ...s, outline: null }));
    generation.submit(request);
  };

  const generate = () => {
    const { topic, audience, tone, length } = stored.brief;
    if (topic.trim().length < 3) {
      setTopicError("Describe the topic in at least 3 characters.");
      return;
    }
    setTopicError(null);
    submit({
      topic: topic.trim(),
      ...(audience.trim() ? { audience: audience.trim() } : {}),
      ...(tone.trim() ? { tone: tone.trim() } : {}),
      length,
      ...(model ? { model } : {}),
      document_id: documentId,
    });
  };

  /** The section's text in the document, redrafted from its heading and key points as changes to review. */
  const redraft = (section: EditableSection) => {
    const tracked = review?.current;
    if (!editor || !tracked) return;
    const planned = plannedSection(section);
    const target = planned ? redraftTarget(editor.state, planned.heading) : null;
    if (!planned || !target) {
      setRedraftNotice(`There is no heading “${section.heading.trim()}” in the document: draft the article first, or give the section the heading it has there.`);
      return;
    }
    setRedraftNotice(null);
    void tracked.start({ action: "custom", instruction: redraftInstruction(planned) }, { ...target, label: "Redraft from outline", action: "redraft" });
  };

  /** A section moved in the outline: when both are in the text in the old order, offer to move the text too. */
  const moved = (section: EditableSection, other: EditableSection, direction: -1 | 1) => {
    const offer = { heading: section.heading, other: other.heading, direction };
    setMoveOffer(editor && !drafting && moveSectionText(editor.state, offer.heading, offer.other, direction) ? offer : null);
  };

  const moveText = () => {
    const tr = editor && moveOffer ? moveSectionText(editor.state, moveOffer.heading, moveOffer.other, moveOffer.direction) : null;
    if (tr) editor!.view.dispatch(tr.scrollIntoView());
    setMoveOffer(null);
  };

  const toggleLock = (section: EditableSection) => editOutline((o) => ({ ...o, sections: o.sections.map((s) => (s.id === section.id ? { ...s, locked: !s.locked } : s)) }));

  const clear = () => {
    generation.clear();
    setIncomplete(false);
    setStored((s) => ({ ...s, outline: null }));
  };

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <PanelHeader
        title="Outline"
        onClose={onClose}
        actions={
          outline && !generating ? (
            <Button variant="ghost" size="sm" onClick={clear} data-testid="outline-clear">
              Clear
            </Button>
          ) : null
        }
      />
      <div className="flex min-h-0 flex-1 flex-col gap-5 overflow-y-auto p-4">
        <OutlineBriefForm
          brief={stored.brief}
          generating={generating}
          hasOutline={outline !== null}
          topicError={topicError}
          onChange={setBrief}
          onGenerate={generate}
          onStop={generation.stop}
        />
        {generationError ? (
          <ModelErrorAlert error={generationError} testId="outline-error" retryTestId="outline-retry" onRetry={lastRequest ? () => submit(lastRequest) : undefined} />
        ) : null}
        {redraftNotice ? (
          <p role="status" data-testid="redraft-notice" className="rounded-lg bg-amber-50 p-3 text-xs text-amber-900 dark:bg-amber-500/10 dark:text-amber-200">
            {redraftNotice}
          </p>
        ) : null}
        {incomplete && !generating ? (
          <p role="status" className="rounded-lg bg-amber-50 p-3 text-xs text-amber-900 dark:bg-amber-500/10 dark:text-amber-200">
            The outline came back incomplete. Edit it below or generate again.
          </p>
        ) : null}
        {generating ? (
          <OutlinePreview outline={outline} />
        ) : outline ? (
          <OutlineEditor
            outline={outline}
            onChange={editOutline}
            stateOf={stateOf}
            onMoved={moved}
            onToggleLock={toggleLock}
            onRedraft={editor && review && !drafting ? redraft : undefined}
            onDraftFromHere={editor && !drafting ? (section) => draft.start(outline, section.id) : undefined}
            onRenamed={drafting ? undefined : retitle}
          />
        ) : (
          <p className="text-sm leading-6 text-neutral-500 dark:text-neutral-400">
            Describe a topic and generate an outline. You can rename, reorder and remove sections, then draft the whole
            article into your document.
          </p>
        )}
      </div>
      {(outline && !generating) || draft.status === "drafting" ? (
        <div className="flex shrink-0 flex-col gap-3 border-t border-neutral-200 p-4 dark:border-neutral-800">
          {moveOffer ? <MoveTextOffer heading={documentHeading(moveOffer.heading)} onMove={moveText} onDismiss={() => setMoveOffer(null)} /> : null}
          <DraftControls
            status={draft.status}
            current={draft.current}
            total={draft.total}
            drafted={outline?.sections.filter((s) => stateOf(s) === "drafted").length ?? 0}
            locked={outline?.sections.filter((s) => s.locked).length ?? 0}
            error={draft.error}
            canDraft={sections.length > 0 && editor !== null && !generating}
            heading={outline?.sections.find((s) => s.id === draft.currentId)?.heading}
            resume={(outline?.sections.some((s) => s.drafted) && outline.sections.some((s) => !s.locked && stateOf(s) !== "drafted")) ?? false}
            onDraft={() => outline && draft.start(outline)}
            onStop={draft.stop}
            onRetry={draft.retry}
          />
        </div>
      ) : null}
    </div>
  );
}
