"use client";

import { Input } from "@/components/ui/input";
import { ChevronDownIcon } from "@/components/ui/icons";
import { formatCount } from "./api-key-format";
import { budgetFields, rateLimitFields, type FieldErrors, type LimitName, type RateLimitDefaults } from "./api-key-form";

interface ApiKeyLimitsFieldsProps {
  values: Partial<Record<LimitName, string>>;
  onChange: (name: LimitName, value: string) => void;
  errors: FieldErrors;
  defaults: RateLimitDefaults;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

const legendClasses = "mb-2 text-xs font-semibold tracking-wide text-neutral-500 uppercase dark:text-neutral-400";

/** The optional per-key overrides and budgets, folded away until asked for (a native disclosure). */
export function ApiKeyLimitsFields({ values, onChange, errors, defaults, open, onOpenChange }: ApiKeyLimitsFieldsProps) {
  const field = (name: LimitName, label: string, hint: string, placeholder: string) => (
    <Input
      key={name}
      label={label}
      name={`limits.${name}`}
      type="number"
      inputMode="numeric"
      min={1}
      step={1}
      value={values[name] ?? ""}
      onChange={(event) => onChange(name, event.target.value)}
      placeholder={placeholder}
      hint={hint}
      error={errors[`limits.${name}`]}
      data-testid={`api-key-limit-input-${name}`}
    />
  );

  return (
    <details
      open={open}
      onToggle={(event) => onOpenChange(event.currentTarget.open)}
      className="group rounded-lg border border-neutral-200 dark:border-neutral-700"
    >
      <summary
        className="flex h-9 cursor-pointer list-none items-center gap-2 rounded-lg px-3 text-sm font-medium select-none hover:bg-neutral-50 dark:hover:bg-neutral-800 [&::-webkit-details-marker]:hidden"
        data-testid="api-key-limits-toggle"
      >
        <ChevronDownIcon className="size-4 -rotate-90 transition-transform group-open:rotate-0" aria-hidden="true" />
        Limits <span className="font-normal text-neutral-500 dark:text-neutral-400">(optional)</span>
      </summary>
      <div className="flex flex-col gap-4 px-3 pt-1 pb-3">
        <fieldset>
          <legend className={legendClasses}>Rate limits</legend>
          <div className="grid grid-cols-2 gap-3">
            {rateLimitFields.map((f) => field(f.name, f.label, `Default: ${formatCount(defaults[f.name])}`, formatCount(defaults[f.name])))}
          </div>
        </fieldset>
        <fieldset>
          <legend className={legendClasses}>Token budgets</legend>
          <div className="grid grid-cols-2 gap-3">{budgetFields.map((f) => field(f.name, f.label, f.hint, "No budget"))}</div>
        </fieldset>
      </div>
    </details>
  );
}
