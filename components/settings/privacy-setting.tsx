"use client";

import { useId, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Switch } from "@/components/ui/switch";
import { updateAccount } from "@/lib/client/api/account";

/**
 * "Don't store my prompts and AI outputs": on means `store_content: false`. The switch moves at
 * once and goes back if the server refuses.
 */
export function PrivacySetting({ initialStoreContent }: { initialStoreContent: boolean }) {
  const [storeContent, setStoreContent] = useState(initialStoreContent);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();
  const labelId = useId();
  const descriptionId = useId();

  const toggle = async (dontStore: boolean) => {
    const previous = storeContent;
    setStoreContent(!dontStore);
    setSaving(true);
    setError(undefined);
    const result = await updateAccount({ store_content: !dontStore });
    setSaving(false);
    if (result.ok) setStoreContent(result.data.account.store_content);
    else {
      setStoreContent(previous);
      setError(result.error.message);
    }
  };

  return (
    <div className="flex flex-col gap-3">
      <div className="flex items-start justify-between gap-4">
        <div className="flex flex-col gap-1">
          <span id={labelId} className="text-sm font-medium">
            Don&apos;t store my prompts and AI outputs
          </span>
          <p id={descriptionId} className="text-sm leading-6 text-neutral-600 dark:text-neutral-400">
            While this is on, only token counts are kept (for the usage page): what you send to the model and what it writes
            back are not stored, and chats are not saved. Your documents are still saved as you write.
          </p>
        </div>
        <Switch
          checked={!storeContent}
          onCheckedChange={(checked) => void toggle(checked)}
          disabled={saving}
          aria-labelledby={labelId}
          aria-describedby={descriptionId}
          data-testid="privacy-switch"
          className="mt-0.5"
        />
      </div>
      {error ? <Alert>{error}</Alert> : null}
    </div>
  );
}
