"use client";

import { useId, type InputHTMLAttributes, type Ref } from "react";
import { cn } from "@/lib/utils";
import { controlClasses, describedBy, Field } from "./field";

interface InputProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "id"> {
  label: string;
  hideLabel?: boolean;
  hint?: string;
  error?: string;
  wrapperClassName?: string;
  ref?: Ref<HTMLInputElement>;
}

export function Input({ label, hideLabel, hint, error, wrapperClassName, className, ref, ...props }: InputProps) {
  const id = useId();
  return (
    <Field id={id} label={label} hideLabel={hideLabel} hint={hint} error={error} className={wrapperClassName}>
      <input
        ref={ref}
        id={id}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? true : undefined}
        className={cn(controlClasses, "h-9", className)}
        {...props}
      />
    </Field>
  );
}
