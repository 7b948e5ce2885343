"use client";

import { useCallback, useMemo, useState } from "react";
import { updateAccount } from "@/lib/client/api/account";
import { storageKeys } from "@/lib/client/storage";
import { defaultVariantOptions, parseVariantOptions, type VariantOptions } from "@/lib/client/editor/variant-options";
import { useLocalStorage } from "./use-local-storage";

/**
 * The AI actions' variant options. How many is the account's default (every device starts with it, and
 * changing it here changes it in Settings too); the models and temperatures compared stay in this browser.
 */
export function useVariantOptions(accountDefault: number): [VariantOptions, (next: VariantOptions) => void] {
  const [stored, setStored] = useLocalStorage<VariantOptions>(storageKeys.variants, defaultVariantOptions, parseVariantOptions);
  const [count, setCount] = useState(accountDefault);
  const options = useMemo(() => ({ ...stored, count }), [stored, count]);
  const change = useCallback(
    (next: VariantOptions) => {
      setStored(next);
      if (next.count === count) return;
      setCount(next.count);
      // Kept for this page even if saving fails (offline): the next visit starts from the account's.
      void updateAccount({ variants: next.count });
    },
    [count, setStored],
  );
  return [options, change];
}
