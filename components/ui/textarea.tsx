"use client";

import { useId, type Ref, type TextareaHTMLAttributes } from "react";
import { cn } from "@/lib/utils";
import { controlClasses, describedBy, Field } from "./field";

interface TextareaProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id"> {
  label: string;
  hideLabel?: boolean;
  hint?: string;
  error?: string;
  wrapperClassName?: string;
  ref?: Ref<HTMLTextAreaElement>;
}

export function Textarea({ label, hideLabel, hint, error, wrapperClassName, className, ref, ...props }: TextareaProps) {
  const id = useId();
  return (
    <Field id={id} label={label} hideLabel={hideLabel} hint={hint} error={error} className={wrapperClassName}>
      <textarea
        ref={ref}
        id={id}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? true : undefined}
        className={cn(controlClasses, "min-h-16 resize-y py-2 leading-relaxed", className)}
        {...props}
      />
    </Field>
  );
}
