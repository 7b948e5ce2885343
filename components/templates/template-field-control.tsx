"use client";

import { useId } from "react";
import type { TemplateField } from "@/lib/client/templates";
import { controlClasses, describedBy, Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { cn } from "@/lib/utils";

interface TemplateFieldControlProps {
  field: TemplateField;
  value: string | boolean | undefined;
  error?: string;
  onChange: (value: string | boolean) => void;
  /** The form's first control: focused when the dialog opens on the form. */
  autoFocus?: boolean;
}

/** One template input, as the control its schema calls for: text, textarea, select, checkbox or number. */
export function TemplateFieldControl({ field, value, error, onChange, autoFocus }: TemplateFieldControlProps) {
  const id = useId();
  const label = field.required ? field.label : `${field.label} (optional)`;
  const text = typeof value === "string" ? value : "";
  const common = { name: field.name, "data-testid": `template-field-${field.name}`, ...(autoFocus ? { "data-autofocus": "" } : {}) };

  switch (field.kind) {
    case "textarea":
      return (
        <Textarea
          {...common}
          label={label}
          rows={3}
          value={text}
          maxLength={field.maxLength}
          placeholder={field.placeholder}
          hint={field.description}
          error={error}
          onChange={(event) => onChange(event.target.value)}
        />
      );
    case "select":
      return (
        // ui/select has no error slot; the same Field gives it one, wired up like the inputs.
        <Field id={id} label={label} hint={field.description} error={error}>
          <select
            {...common}
            id={id}
            value={text}
            aria-describedby={describedBy(id, field.description, error)}
            aria-invalid={error ? true : undefined}
            onChange={(event) => onChange(event.target.value)}
            className={cn(controlClasses, "h-9 pr-8")}
          >
            <option value="">{field.required ? "Choose…" : "Any"}</option>
            {field.options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </Field>
      );
    case "checkbox":
      return (
        <div className="flex items-start gap-2.5">
          <input
            {...common}
            id={id}
            type="checkbox"
            checked={value === true}
            onChange={(event) => onChange(event.target.checked)}
            aria-describedby={field.description ? `${id}-hint` : undefined}
            className="mt-0.5 size-4 rounded border-neutral-300 accent-indigo-600"
          />
          <div className="flex flex-col gap-0.5">
            <label htmlFor={id} className="text-sm font-medium">
              {field.label}
            </label>
            {field.description ? (
              <p id={`${id}-hint`} className="text-xs text-neutral-500 dark:text-neutral-400">
                {field.description}
              </p>
            ) : null}
          </div>
        </div>
      );
    case "number":
      return (
        <Input
          {...common}
          label={label}
          type="number"
          inputMode="numeric"
          min={field.min}
          max={field.max}
          value={text}
          placeholder={field.placeholder}
          hint={field.description ?? (field.min !== undefined && field.max !== undefined ? `${field.min}–${field.max}` : undefined)}
          error={error}
          onChange={(event) => onChange(event.target.value)}
        />
      );
    default:
      return (
        <Input
          {...common}
          label={label}
          value={text}
          maxLength={field.maxLength}
          placeholder={field.placeholder}
          hint={field.description}
          error={error}
          onChange={(event) => onChange(event.target.value)}
        />
      );
  }
}
