import type { ReactNode } from "react";
import { cn } from "@/lib/utils";

interface FieldProps {
  id: string;
  label: string;
  hideLabel?: boolean;
  hint?: string;
  /** Replaces the hint, in red, and marks the control invalid (see `describedBy`). */
  error?: string;
  className?: string;
  children: ReactNode;
}

export const controlClasses =
  "w-full rounded-lg border border-neutral-200 bg-white px-3 text-sm text-neutral-900 shadow-xs transition-colors placeholder:text-neutral-400 hover:border-neutral-300 focus-visible:border-indigo-500 disabled:cursor-not-allowed disabled:opacity-60 dark:border-neutral-700 dark:bg-neutral-900 dark:text-neutral-100 dark:placeholder:text-neutral-500 dark:hover:border-neutral-600";

/** A label above a form control, with an optional hint below it. */
/** The id(s) a control should reference with aria-describedby. */
export function describedBy(id: string, hint?: string, error?: string): string | undefined {
  return error || hint ? `${id}-hint` : undefined;
}

export function Field({ id, label, hideLabel, hint, error, className, children }: FieldProps) {
  return (
    <div className={cn("flex flex-col gap-1.5", className)}>
      <label htmlFor={id} className={cn("text-xs font-medium text-neutral-600 dark:text-neutral-400", hideLabel && "sr-only")}>
        {label}
      </label>
      {children}
      {error ? (
        <p id={`${id}-hint`} className="text-xs text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : hint ? (
        <p id={`${id}-hint`} className="text-xs text-neutral-500 dark:text-neutral-400">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
