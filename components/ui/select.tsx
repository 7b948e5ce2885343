"use client";

import { useId, type Ref, type SelectHTMLAttributes } from "react";
import { cn } from "@/lib/utils";
import { controlClasses, Field } from "./field";

interface SelectOption {
  value: string;
  label: string;
}

interface SelectProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, "id" | "children"> {
  label: string;
  options: readonly SelectOption[];
  hideLabel?: boolean;
  wrapperClassName?: string;
  ref?: Ref<HTMLSelectElement>;
}

export function Select({ label, options, hideLabel, wrapperClassName, className, ref, ...props }: SelectProps) {
  const id = useId();
  return (
    <Field id={id} label={label} hideLabel={hideLabel} className={wrapperClassName}>
      <select ref={ref} id={id} className={cn(controlClasses, "h-9 pr-8", className)} {...props}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </Field>
  );
}
