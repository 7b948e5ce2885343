"use client";

import { useCallback, useState } from "react";
import type { ApiKeyJson, CreateApiKeyInput, CreatedApiKeyJson } from "@/lib/contracts/api-keys";
import type { ApiError } from "@/lib/client/api/error";
import { deleteApiKey, fetchApiKeys, postApiKey } from "@/lib/client/api/api-keys";
import type { JsonResult } from "@/lib/client/api/request-json";

/**
 * The keys list of the settings page: starts from the server-rendered list, and is read
 * again after each change (budgets and statuses are the server's to compute).
 */
export function useApiKeys(initialKeys: ApiKeyJson[]) {
  const [keys, setKeys] = useState(initialKeys);
  const [error, setError] = useState<ApiError | null>(null);

  const refresh = useCallback(async () => {
    const result = await fetchApiKeys();
    if (result.ok) setKeys(result.data.keys);
    setError(result.ok ? null : result.error);
  }, []);

  const create = useCallback(
    async (input: CreateApiKeyInput): Promise<JsonResult<{ key: CreatedApiKeyJson }>> => {
      const result = await postApiKey(input);
      if (result.ok) {
        // The list never holds the secret: only the dialog that shows it once does.
        const { key: _secret, ...listed } = result.data.key;
        setKeys((current) => [listed, ...current.filter((key) => key.id !== listed.id)]);
        void refresh();
      }
      return result;
    },
    [refresh],
  );

  const revoke = useCallback(
    async (keyId: string): Promise<JsonResult<{ key: ApiKeyJson }>> => {
      const result = await deleteApiKey(keyId);
      if (result.ok) {
        const revoked = result.data.key;
        setKeys((current) => current.map((key) => (key.id === revoked.id ? revoked : key)));
        void refresh();
      }
      return result;
    },
    [refresh],
  );

  return { keys, error, refresh, create, revoke };
}
