"use client";

import { useEffect, useId, useRef, useState } from "react";
import type { Editor } from "@tiptap/react";
import { templates, type TemplateId } from "@/lib/contracts/templates";
import type { ApiError } from "@/lib/client/api/error";
import type { TemplateFieldErrors } from "@/lib/client/templates";
import { useTemplateGenerator } from "@/hooks/use-template-generator";
import { StudioDialog } from "@/components/studio/studio-dialog";
import { IconButton } from "@/components/ui/icon-button";
import { CloseIcon } from "@/components/ui/icons";
import { useUndoToast } from "@/hooks/use-undo-toast";
import { Toast, ToastAction } from "@/components/ui/toast";
import { insertGeneratedMarkdown } from "./insert-markdown";
import { TemplateForm } from "./template-form";
import { TemplateOutput } from "./template-output";
import { TemplatePicker } from "./template-picker";

interface TemplatesDialogProps {
  open: boolean;
  onClose: () => void;
  editor: Editor | null;
  model: string | undefined;
  /** The document the piece goes into: its style guide applies. */
  documentId?: string;
  onApiError: (error: ApiError) => void;
  /** The piece went into the document: the studio keeps a version, named after the template. */
  onInserted: (templateName: string) => void;
}

/** Runs after React has rendered the next view. */
const afterRender = (run: () => void) => requestAnimationFrame(run);

/**
 * "Templates": pick one, fill in its form (built from the template's schema), watch the piece
 * stream in, then insert it (as new blocks where the writer last worked, with an Undo notice) or copy it. The form and the last piece stay while
 * the dialog is closed.
 */
export function TemplatesDialog({ open, onClose, editor, model, documentId, onApiError, onInserted }: TemplatesDialogProps) {
  const titleId = useId();
  const descriptionId = useId();
  const generator = useTemplateGenerator(model, onApiError, documentId);
  const [view, setView] = useState<"form" | "output">("form");
  const bodyRef = useRef<HTMLDivElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const template = generator.templateId ? templates[generator.templateId] : null;
  const focusEditorOnClose = useRef(false);
  const inserted = useUndoToast(editor);

  // After an insert, the editor takes focus (with the cursor after the new text) rather than the
  // button the dialog hands it back to; this effect runs after the dialog's own, which closes it.
  useEffect(() => {
    if (open || !focusEditorOnClose.current) return;
    focusEditorOnClose.current = false;
    editor?.commands.focus();
  }, [open, editor]);

  const focusIn = (selector: string) => afterRender(() => bodyRef.current?.querySelector<HTMLElement>(selector)?.focus());
  const focusFirstInvalid = (errors: TemplateFieldErrors) =>
    afterRender(() => {
      const control = Array.from(formRef.current?.elements ?? []).find((element) => element instanceof HTMLElement && errors[(element as HTMLInputElement).name]);
      (control as HTMLElement | undefined)?.focus();
    });

  const close = () => {
    generator.stop();
    onClose();
  };

  const pick = (id: TemplateId | null) => {
    generator.choose(id);
    setView("form");
    focusIn(id ? "input, textarea, select" : "[data-testid^='template-option-']");
  };

  const edit = () => {
    setView("form");
    focusIn("input, textarea, select");
  };

  const generate = async () => {
    const outcome = generator.generate();
    if ("invalid" in outcome) return focusFirstInvalid(outcome.invalid);
    setView("output");
    focusIn("[data-testid='template-output']");
    const fieldErrors = await outcome.result;
    if (fieldErrors) {
      setView("form");
      focusFirstInvalid(fieldErrors);
    }
  };

  const insert = () => {
    if (!editor || !template || !insertGeneratedMarkdown(editor, generator.text, { model, template: template.name })) return;
    onInserted(template.name);
    inserted.show(`Inserted “${template.name}”`);
    generator.clearOutput();
    setView("form");
    focusEditorOnClose.current = true;
    onClose();
  };

  return (
    <>
      {inserted.message ? (
        <Toast
          testId="insert-toast"
          action={
            <ToastAction onClick={inserted.undo} testId="insert-undo">
              Undo
            </ToastAction>
          }
        >
          {inserted.message}
        </Toast>
      ) : null}
      <StudioDialog open={open} onClose={close} dismissible labelledBy={titleId} describedBy={descriptionId} testId="templates-dialog">
        <div ref={bodyRef} className="flex max-h-[inherit] flex-col gap-4 p-5">
          <div className="flex items-start gap-3">
            <div className="flex min-w-0 flex-1 flex-col gap-1">
              <h2 id={titleId} className="text-base font-semibold">
                {template ? template.name : "Start from a template"}
              </h2>
              <p id={descriptionId} className="text-sm leading-6 text-neutral-600 dark:text-neutral-400">
                {template ? template.description : "Fill in a few details and the model writes a first draft, ready to insert where you were writing."}
              </p>
            </div>
            <IconButton label="Close templates" size="sm" onClick={close} data-testid="templates-close">
              <CloseIcon />
            </IconButton>
          </div>
          {!generator.templateId ? (
            <div className="min-h-0 overflow-y-auto p-0.5">
              <TemplatePicker onPick={pick} />
            </div>
          ) : view === "form" ? (
            <TemplateForm
              templateId={generator.templateId}
              values={generator.values}
              errors={generator.errors}
              onChange={generator.setValue}
              onSubmit={() => void generate()}
              onBack={() => pick(null)}
              formRef={formRef}
            />
          ) : (
            <TemplateOutput
              text={generator.text}
              status={generator.status}
              error={generator.error}
              stopped={generator.stopped}
              canInsert={editor !== null}
              onStop={generator.stop}
              onRegenerate={() => void generate()}
              onEdit={edit}
              onInsert={insert}
            />
          )}
        </div>
      </StudioDialog>
    </>
  );
}
