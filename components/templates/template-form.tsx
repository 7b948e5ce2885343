"use client";

import type { FormEvent, Ref } from "react";
import type { TemplateId } from "@/lib/contracts/templates";
import { templateFields, type TemplateFieldErrors, type TemplateFormValues } from "@/lib/client/templates";
import { Button } from "@/components/ui/button";
import { SparklesIcon } from "@/components/ui/icons";
import { TemplateFieldControl } from "./template-field-control";

interface TemplateFormProps {
  templateId: TemplateId;
  values: TemplateFormValues;
  errors: TemplateFieldErrors;
  onChange: (name: string, value: string | boolean) => void;
  onSubmit: () => void;
  onBack: () => void;
  formRef: Ref<HTMLFormElement>;
}

/** The template's inputs, generated from its schema; Generate checks them with that schema before sending. */
export function TemplateForm({ templateId, values, errors, onChange, onSubmit, onBack, formRef }: TemplateFormProps) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <form ref={formRef} noValidate onSubmit={submit} className="flex min-h-0 flex-1 flex-col gap-4" data-testid="template-form">
      <div className="flex min-h-0 flex-1 flex-col gap-3.5 overflow-y-auto p-0.5">
        {templateFields(templateId).map((field, index) => (
          <TemplateFieldControl
            key={field.name}
            autoFocus={index === 0}
            field={field}
            value={values[field.name]}
            error={errors[field.name]}
            onChange={(value) => onChange(field.name, value)}
          />
        ))}
      </div>
      <div className="flex items-center justify-end gap-2">
        <Button variant="ghost" onClick={onBack} className="mr-auto" data-testid="template-back">
          All templates
        </Button>
        <Button type="submit" variant="primary" data-testid="template-generate">
          <SparklesIcon /> Generate
        </Button>
      </div>
    </form>
  );
}
