"use client";

import { useEffect, useRef, useState } from "react";
import Link from "next/link";
import type { ApiKeyJson, CreatedApiKeyJson } from "@/lib/contracts/api-keys";
import { useApiKeys } from "@/hooks/use-api-keys";
import { RetryAlert } from "@/components/ui/retry-alert";
import { Button } from "@/components/ui/button";
import { PlusIcon } from "@/components/ui/icons";
import type { RateLimitDefaults } from "./api-key-form";
import { ApiKeyItem } from "./api-key-item";
import { CreateApiKeyDialog } from "./create-api-key-dialog";
import { NewApiKeyDialog } from "./new-api-key-dialog";
import { RevokeApiKeyDialog } from "./revoke-api-key-dialog";

interface ApiKeysManagerProps {
  initialKeys: ApiKeyJson[];
  defaults: RateLimitDefaults;
}

/** The settings page's API keys: the list, and creating (secret shown once) and revoking keys. */
export function ApiKeysManager({ initialKeys, defaults }: ApiKeysManagerProps) {
  const { keys, error, refresh, create, revoke } = useApiKeys(initialKeys);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedApiKeyJson | null>(null);
  const [revoking, setRevoking] = useState<ApiKeyJson | null>(null);
  const revokedId = useRef<string | null>(null);

  // The dialog gives focus back to the key's Revoke button, which is gone now: focus the key instead.
  // (A parent's effect runs after the dialog's, which is where it closes.)
  useEffect(() => {
    if (revoking || !revokedId.current) return;
    document.querySelector<HTMLElement>(`[data-testid="api-key-item"][data-key-id="${revokedId.current}"]`)?.focus();
    revokedId.current = null;
  }, [revoking]);

  return (
    <div className="flex flex-col gap-4" data-testid="api-keys">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <p className="max-w-prose text-sm leading-6 text-neutral-600 dark:text-neutral-400">
          Keys let your own code call the Draftwise API (<code className="text-[13px]">/api/v1</code>) as you. Send one as{" "}
          <code className="text-[13px]">Authorization: Bearer …</code>. Keep keys secret: anyone with a key can use your account&apos;s
          AI budget.{" "}
          <Link href="/docs" className="font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
            API reference
          </Link>
        </p>
        <Button variant="primary" onClick={() => setCreating(true)} data-testid="api-key-create">
          <PlusIcon /> Create key
        </Button>
      </div>
      {error ? (
        <RetryAlert testId="api-keys-error" retryTestId="api-keys-retry" onRetry={() => void refresh()}>
          {error.message}
        </RetryAlert>
      ) : null}
      {keys.length === 0 ? (
        <p className="rounded-lg border border-dashed border-neutral-300 px-4 py-6 text-center text-sm text-neutral-500 dark:border-neutral-700 dark:text-neutral-400" data-testid="api-keys-empty">
          No API keys yet.
        </p>
      ) : (
        <ul aria-label="API keys" className="flex flex-col divide-y divide-neutral-200 dark:divide-neutral-800" data-testid="api-key-list">
          {keys.map((key) => (
            <ApiKeyItem key={key.id} apiKey={key} defaults={defaults} onRevoke={setRevoking} />
          ))}
        </ul>
      )}
      <CreateApiKeyDialog
        open={creating}
        onClose={() => setCreating(false)}
        create={create}
        onCreated={(key) => {
          setCreating(false);
          setCreated(key);
        }}
        defaults={defaults}
      />
      {/* Dropping `created` on close is what takes the secret out of the page. */}
      <NewApiKeyDialog created={created} onClose={() => setCreated(null)} />
      <RevokeApiKeyDialog apiKey={revoking} revoke={revoke} onClose={() => setRevoking(null)} onRevoked={(keyId) => (revokedId.current = keyId)} />
    </div>
  );
}
