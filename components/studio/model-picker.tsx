"use client";

import type { ModelInfo } from "@/lib/ai/models";
import { Select } from "@/components/ui/select";

interface ModelPickerProps {
  models: ModelInfo[];
  value: string | undefined;
  onChange: (id: string) => void;
}

/**
 * Which model answers: a picker when there is a choice, the model's name when there is one, nothing
 * when the server offers none. Its room is kept from the first render, so the header doesn't shift
 * when the model list arrives.
 */
export function ModelPicker({ models, value, onChange }: ModelPickerProps) {
  const only = models.length === 1 ? models[0] : undefined;
  return (
    <div className="flex w-28 min-w-20 items-center sm:w-48 sm:shrink-0" data-testid="model-slot">
      {only ? (
        <span
          className="truncate px-2 text-[13px] text-neutral-600 dark:text-neutral-400"
          title={`Model: ${only.label}`}
          data-testid="model-picker"
          data-model={only.id}
        >
          <span className="sr-only">Model: </span>
          {only.label}
        </span>
      ) : models.length > 1 ? (
        <Select
          label="Model"
          hideLabel
          title="Model"
          options={models.map((m) => ({ value: m.id, label: m.label }))}
          value={value ?? models[0]?.id}
          onChange={(e) => onChange(e.target.value)}
          wrapperClassName="w-full"
          className="h-8 text-[13px]"
          data-testid="model-picker"
        />
      ) : null}
    </div>
  );
}
