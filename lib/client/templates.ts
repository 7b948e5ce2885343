import { z } from "zod";
import { templates, type FieldMeta, type TemplateId, type TemplateRun } from "@/lib/contracts/templates";
import type { ApiError } from "@/lib/client/api/error";

/** How a template input is asked for, read from its zod schema and `.meta()`. */
export type TemplateField =
  | (FieldBase & { kind: "text" | "textarea"; maxLength?: number })
  | (FieldBase & { kind: "select"; options: { value: string; label: string }[] })
  | (FieldBase & { kind: "checkbox" })
  | (FieldBase & { kind: "number"; min?: number; max?: number });

interface FieldBase {
  name: string;
  label: string;
  description?: string;
  placeholder?: string;
  required: boolean;
}

/** The form's raw values: text as typed, a checkbox as a boolean. */
export type TemplateFormValues = Record<string, string | boolean>;
export type TemplateFieldErrors = Partial<Record<string, string>>;

// The contract's enums are identifiers; a few read better spelled as their owners do.
const optionLabels: Record<string, string> = { linkedin: "LinkedIn", x: "X (Twitter)", bluesky: "Bluesky" };
const optionLabel = (value: string) => optionLabels[value] ?? value.charAt(0).toUpperCase() + value.slice(1).replaceAll("_", " ");

function fieldMeta(outer: z.ZodType, inner: z.ZodType): FieldMeta {
  // `.meta()` sits on the optional wrapper (`tone`) or on the field inside it (`text(…).optional()`).
  const meta: Record<string, unknown> = { ...inner.meta(), ...outer.meta() };
  const text = (key: string) => (typeof meta[key] === "string" ? (meta[key] as string) : undefined);
  return { title: text("title") ?? "", description: text("description"), placeholder: text("placeholder"), multiline: meta.multiline === true };
}

/** The form for a template, field by field, in the schema's order. */
export function templateFields(id: TemplateId): TemplateField[] {
  const shape = templates[id].inputs.shape as Record<string, z.ZodType>;
  return Object.entries(shape).map(([name, outer]) => {
    const required = !(outer instanceof z.ZodOptional);
    const inner = outer instanceof z.ZodOptional ? (outer.unwrap() as z.ZodType) : outer;
    const meta = fieldMeta(outer, inner);
    const base: FieldBase = { name, label: meta.title || optionLabel(name), description: meta.description, placeholder: meta.placeholder, required };
    if (inner instanceof z.ZodEnum) return { ...base, kind: "select", options: inner.options.map((value) => ({ value: String(value), label: optionLabel(String(value)) })) };
    if (inner instanceof z.ZodBoolean) return { ...base, kind: "checkbox" };
    if (inner instanceof z.ZodNumber) return { ...base, kind: "number", min: inner.minValue ?? undefined, max: inner.maxValue ?? undefined };
    return { ...base, kind: meta.multiline ? "textarea" : "text", maxLength: inner instanceof z.ZodString ? (inner.maxLength ?? undefined) : undefined };
  });
}

/** The inputs as the route takes them: empty optional fields left out, numbers as numbers. */
function toInputs(fields: TemplateField[], values: TemplateFormValues): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const field of fields) {
    const value = values[field.name];
    if (field.kind === "checkbox") {
      if (value === true) inputs[field.name] = true;
    } else if (typeof value === "string" && value.trim() !== "") {
      inputs[field.name] = field.kind === "number" ? Number(value) : value;
    }
  }
  return inputs;
}

const count = new Intl.NumberFormat("en");

// Plain words for the contract's checks; a message the contract spells out itself wins.
const fieldMessages: z.core.$ZodErrorMap = (issue) => {
  const origin = "origin" in issue ? issue.origin : undefined;
  // A required input left empty: zod says invalid_type (text) or invalid_value (a select).
  if ((issue.code === "invalid_type" || issue.code === "invalid_value") && issue.input === undefined) return "Fill this in.";
  if (issue.code === "invalid_value") return "Choose one of the options.";
  if (issue.code === "invalid_type" && (issue.expected === "int" || issue.expected === "number")) return "Use a whole number.";
  if (issue.code === "too_small" && origin === "string") return Number(issue.minimum) <= 1 ? "Fill this in." : `Use at least ${count.format(Number(issue.minimum))} characters.`;
  if (issue.code === "too_big" && origin === "string") return `Use at most ${count.format(Number(issue.maximum))} characters.`;
  if (issue.code === "too_small") return `Use at least ${count.format(Number(issue.minimum))}.`;
  if (issue.code === "too_big") return `Use at most ${count.format(Number(issue.maximum))}.`;
  return undefined;
};

/** Checks the form with the template's own schema (the one the route uses): the inputs, or an error per field. */
export function checkTemplateInputs(
  id: TemplateId,
  values: TemplateFormValues,
): { ok: true; inputs: Record<string, unknown> } | { ok: false; errors: TemplateFieldErrors } {
  const fields = templateFields(id);
  const inputs = toInputs(fields, values);
  const parsed = templates[id].inputs.safeParse(inputs, { error: fieldMessages });
  if (parsed.success) return { ok: true, inputs };
  const errors: TemplateFieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = fields.find((f) => f.name === String(issue.path[0] ?? ""));
    if (!field) continue;
    errors[field.name] ??= field.kind === "select" && issue.message === "Fill this in." ? "Choose one." : issue.message;
  }
  return { ok: false, errors };
}

/** A 422 naming an input (`param: "inputs.brand"`), as that field's error. */
export function templateFieldError(error: ApiError): TemplateFieldErrors | null {
  const match = /^inputs\.([\w-]+)$/.exec(error.param ?? "");
  if (!match) return null;
  const name = match[1]!;
  const prefix = `${error.param}: `;
  return { [name]: error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message };
}

/** `POST /api/templates/{id}`: answers the piece as a plain text stream, by the style guide of the document it goes into. */
export function templateRequest(
  id: TemplateId,
  inputs: Record<string, unknown>,
  model: string | undefined,
  documentId?: string,
): { url: string; body: TemplateRun } {
  return { url: `/api/templates/${encodeURIComponent(id)}`, body: { inputs, ...(model ? { model } : {}), ...(documentId ? { document_id: documentId } : {}) } };
}
