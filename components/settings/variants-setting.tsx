"use client";

import { useId, useState } from "react";
import { maxVariants } from "@/lib/contracts/variants";
import { Alert } from "@/components/ui/alert";
import { SegmentedControl } from "@/components/ui/segmented-control";
import { updateAccount } from "@/lib/client/api/account";

const choices = Array.from({ length: maxVariants }, (_, i) => ({ value: i + 1, label: i === 0 ? "Off" : String(i + 1), testId: `variants-default-${i + 1}` }));

/**
 * How many variants the studio's AI rewrites ask for by default: the account's, so every device
 * starts with it. The AI actions' Variants step changes the same setting.
 */
export function VariantsSetting({ initial }: { initial: number }) {
  const [variants, setVariants] = useState(initial);
  const [error, setError] = useState<string>();
  const descriptionId = useId();

  const choose = async (count: number) => {
    const previous = variants;
    setVariants(count);
    setError(undefined);
    const result = await updateAccount({ variants: count });
    if (result.ok) setVariants(result.data.account.variants);
    else {
      setVariants(previous);
      setError(result.error.message);
    }
  };

  return (
    <div className="flex flex-col gap-3" data-testid="variants-setting">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <p id={descriptionId} className="max-w-prose text-sm leading-6 text-neutral-600 dark:text-neutral-400">
          Rewrites in the studio can ask for several answers at once, shown side by side: take one whole, or mix them
          change by change. Each variant counts as a request against your limits.
        </p>
        <SegmentedControl label="Variants for AI rewrites" options={choices} value={variants} onChange={(count) => void choose(count)} />
      </div>
      {error ? <Alert>{error}</Alert> : null}
    </div>
  );
}
