"use client";

import { useEffect, useId, useRef, type KeyboardEvent } from "react";
import type { ModelInfo } from "@/lib/ai/models";
import { maxVariantCount, temperatureChoices, type VariantOptions } from "@/lib/client/editor/variant-options";
import { variantLetter } from "@/lib/editor/variants/spots";
import { useOutsidePointer } from "@/hooks/use-outside-pointer";
import { Button } from "@/components/ui/button";
import type { MenuCloseReason } from "@/components/ui/menu";
import { popoverClasses } from "@/components/ui/menu";
import { SegmentedControl } from "@/components/ui/segmented-control";
import { Select } from "@/components/ui/select";
import { Switch } from "@/components/ui/switch";
import { cn } from "@/lib/utils";

interface VariantOptionsFormProps {
  options: VariantOptions;
  onChange: (options: VariantOptions) => void;
  models: readonly ModelInfo[];
  /** The studio's model, which variants without one of their own use. */
  model: string | undefined;
  /** What asking costs with these options, before asking. */
  estimate: string | null;
  onDone: () => void;
  onClose: (reason: MenuCloseReason) => void;
  isInside: (target: Element) => boolean;
}

const counts = Array.from({ length: maxVariantCount }, (_, i) => ({ value: i + 1, label: i === 0 ? "Off" : String(i + 1), testId: `variants-count-${i + 1}` }));

/**
 * How many variants the rewrites ask for (the account's default), and when comparing, each
 * variant's model and temperature; with the cost of asking so.
 */
export function VariantOptionsForm({ options, onChange, models, model, estimate, onDone, onClose, isInside }: VariantOptionsFormProps) {
  const ref = useRef<HTMLDivElement>(null);
  const compareId = useId();
  useOutsidePointer(ref, () => onClose("outside"), isInside);
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>("button[aria-pressed=true]")?.focus();
  }, []);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== "Escape") return;
    event.preventDefault();
    event.stopPropagation();
    onClose("escape");
  };
  const own = models.find((m) => m.id === model)?.label ?? "Studio model";
  const modelOptions = [{ value: "", label: `${own} (studio)` }, ...models.filter((m) => m.id !== model).map((m) => ({ value: m.id, label: m.label }))];
  const set = (field: "models" | "temperatures", index: number, value: string | number | null) => {
    const list = [...options[field]] as (string | number | null)[];
    while (list.length <= index) list.push(field === "models" ? "" : null);
    list[index] = value;
    onChange({ ...options, [field]: list });
  };

  return (
    <div ref={ref} role="dialog" aria-label="Variants" data-testid="variants-options" onKeyDown={onKeyDown} className={cn(popoverClasses, "flex w-80 flex-col gap-3 p-3")}>
      <div className="flex flex-col gap-1.5">
        <p className="text-xs font-medium text-neutral-600 dark:text-neutral-400">Variants for rewrites</p>
        <SegmentedControl label="Number of variants" options={counts} value={options.count} onChange={(count) => onChange({ ...options, count })} />
        <p className="text-xs text-neutral-500 dark:text-neutral-400">Several answers side by side: pick one, or mix them change by change. How many is your default everywhere (also in Settings).</p>
      </div>
      {options.count > 1 ? (
        <>
          <div className="flex items-center justify-between gap-3">
            <label htmlFor={compareId} className="text-sm text-neutral-800 dark:text-neutral-200">
              Compare models and temperatures
            </label>
            <Switch id={compareId} checked={options.compare} onCheckedChange={(compare) => onChange({ ...options, compare })} data-testid="variants-compare" />
          </div>
          {options.compare ? (
            <ul className="flex flex-col gap-2" aria-label="Each variant's settings">
              {Array.from({ length: options.count }, (_, i) => (
                <li key={i} className="flex items-end gap-2" data-testid="variants-slot">
                  <span aria-hidden="true" className="mb-2 w-4 text-sm font-semibold text-indigo-700 dark:text-indigo-300">
                    {variantLetter(i)}
                  </span>
                  <Select
                    label={`Variant ${variantLetter(i)} model`}
                    hideLabel
                    options={modelOptions}
                    value={models.some((m) => m.id === options.models[i]) ? options.models[i] : ""}
                    onChange={(event) => set("models", i, event.target.value)}
                    wrapperClassName="min-w-0 flex-1"
                    className="h-8 text-[13px]"
                    data-testid={`variants-model-${i}`}
                  />
                  <Select
                    label={`Variant ${variantLetter(i)} temperature`}
                    hideLabel
                    options={temperatureChoices.map((t) => ({ value: t === null ? "" : String(t), label: t === null ? "Default" : `${t}` }))}
                    value={options.temperatures[i] == null ? "" : String(options.temperatures[i])}
                    onChange={(event) => set("temperatures", i, event.target.value === "" ? null : Number(event.target.value))}
                    wrapperClassName="w-24"
                    className="h-8 text-[13px]"
                    data-testid={`variants-temperature-${i}`}
                  />
                </li>
              ))}
            </ul>
          ) : null}
          {estimate ? (
            <p data-testid="variants-cost" className="rounded-lg bg-neutral-100 px-2.5 py-1.5 text-xs text-neutral-700 dark:bg-neutral-800 dark:text-neutral-300">
              {estimate}
            </p>
          ) : null}
        </>
      ) : null}
      <Button variant="primary" size="sm" onClick={onDone} data-testid="variants-done" className="self-end">
        Done
      </Button>
    </div>
  );
}
