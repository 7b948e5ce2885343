import { z } from "zod";

/** The first message per field of a failed parse, for the form's inline errors. */
export function firstFieldErrors<K extends string>(error: z.ZodError): Partial<Record<K, string>> {
  const fields = z.flattenError(error).fieldErrors as Record<string, string[] | undefined>;
  const result: Partial<Record<K, string>> = {};
  for (const [key, messages] of Object.entries(fields)) {
    if (messages?.[0]) result[key as K] = messages[0];
  }
  return result;
}

/** Moves focus to the first control (in form order) that has an error. */
export function focusFirstInvalid(form: HTMLFormElement | null, errors: Partial<Record<string, string>>) {
  const control = Array.from(form?.elements ?? []).find((el) => el instanceof HTMLInputElement && errors[el.name]);
  if (control instanceof HTMLElement) control.focus();
}
