"use client";

import type { ModelInfo } from "@/lib/ai/models";
import { Select } from "@/components/ui/select";

interface ModelPickerProps {
  models: ModelInfo[];
  value: string | undefined;
  onChange: (id: string) => void;
}

/** Which model answers; absent when the server offers none. */
export function ModelPicker({ models, value, onChange }: ModelPickerProps) {
  if (models.length === 0) return null;
  return (
    <Select
      label="Model"
      hideLabel
      title="Model"
      options={models.map((m) => ({ value: m.id, label: m.label }))}
      value={value ?? models[0]?.id}
      disabled={models.length === 1}
      onChange={(e) => onChange(e.target.value)}
      wrapperClassName="w-28 sm:w-48"
      className="h-8 text-[13px]"
      data-testid="model-picker"
    />
  );
}
