"use client";

import { useCallback, useState } from "react";
import type { TemplateId } from "@/lib/contracts/templates";
import type { ApiError } from "@/lib/client/api/error";
import { checkTemplateInputs, templateFieldError, templateRequest, type TemplateFieldErrors, type TemplateFormValues } from "@/lib/client/templates";
import { useTextStream } from "./use-text-stream";

/**
 * One template at a time: its form values and field errors, and the piece it streams.
 * Inputs are checked with the template's schema first, so an invalid form sends nothing.
 */
export function useTemplateGenerator(model: string | undefined, onError: (error: ApiError) => void, documentId?: string) {
  const [templateId, setTemplateId] = useState<TemplateId | null>(null);
  const [values, setValues] = useState<TemplateFormValues>({});
  const [errors, setErrors] = useState<TemplateFieldErrors>({});
  const stream = useTextStream();
  const { start, reset: resetStream } = stream;

  /** Another template (or none): a fresh form and no output. */
  const choose = useCallback(
    (id: TemplateId | null) => {
      resetStream();
      setTemplateId(id);
      setValues({});
      setErrors({});
    },
    [resetStream],
  );

  const setValue = useCallback((name: string, value: string | boolean) => {
    setValues((current) => ({ ...current, [name]: value }));
  }, []);

  /**
   * Invalid inputs come back at once (nothing is sent); otherwise the stream starts and
   * `result` settles when it ends, with the field errors of a 422 naming an input.
   */
  const generate = useCallback((): { invalid: TemplateFieldErrors } | { result: Promise<TemplateFieldErrors | null> } => {
    if (!templateId) return { invalid: {} };
    const checked = checkTemplateInputs(templateId, values);
    if (!checked.ok) {
      setErrors(checked.errors);
      return { invalid: checked.errors };
    }
    setErrors({});
    const { url, body } = templateRequest(templateId, checked.inputs, model, documentId);
    const result = start(url, body).then((outcome) => {
      if (!outcome?.error) return null;
      const fieldError = templateFieldError(outcome.error);
      if (fieldError) setErrors(fieldError);
      else onError(outcome.error);
      return fieldError;
    });
    return { result };
  }, [templateId, values, model, documentId, start, onError]);

  return {
    templateId,
    choose,
    values,
    setValue,
    errors,
    generate,
    text: stream.text,
    status: stream.status,
    error: stream.error,
    stopped: stream.stopped,
    stop: stream.stop,
    /** Back to the form, keeping what was typed. */
    clearOutput: resetStream,
  };
}
