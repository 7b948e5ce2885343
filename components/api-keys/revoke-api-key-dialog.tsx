"use client";

import { useState } from "react";
import type { ApiKeyJson } from "@/lib/contracts/api-keys";
import type { JsonResult } from "@/lib/client/api/request-json";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Spinner } from "@/components/ui/spinner";

interface RevokeApiKeyDialogProps {
  /** The key to revoke; null when the dialog is closed. */
  apiKey: ApiKeyJson | null;
  revoke: (keyId: string) => Promise<JsonResult<{ key: ApiKeyJson }>>;
  onClose: () => void;
  /** The key is revoked; the dialog closes next (and its Revoke button is gone, so focus needs a new home). */
  onRevoked: (keyId: string) => void;
}

/** Asks before revoking: apps using the key stop working at once, and it can't be undone. */
export function RevokeApiKeyDialog({ apiKey, revoke, onClose, onRevoked }: RevokeApiKeyDialogProps) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const close = () => {
    setError(null);
    onClose();
  };

  const confirm = async () => {
    if (!apiKey) return;
    setPending(true);
    setError(null);
    const result = await revoke(apiKey.id);
    setPending(false);
    if (result.ok) {
      onRevoked(apiKey.id);
      close();
    } else setError(result.error.message);
  };

  return (
    <Dialog
      open={apiKey !== null}
      title={apiKey ? `Revoke “${apiKey.name}”?` : ""}
      description={
        <>
          <p>
            Requests with this key ({apiKey?.prefix}…) are refused from now on, with 401 <code>invalid_api_key</code>. This can&apos;t be
            undone: to use the API again, create a new key.
          </p>
          {error ? (
            <Alert testId="api-key-revoke-error" className="mt-3">
              {error}
            </Alert>
          ) : null}
        </>
      }
      onClose={close}
      testId="api-key-revoke-dialog"
    >
      <Button onClick={close} data-testid="api-key-revoke-cancel">
        Cancel
      </Button>
      <Button
        variant="danger"
        className="border border-red-200 dark:border-red-500/40"
        onClick={() => void confirm()} disabled={pending}
        data-testid="api-key-revoke-confirm"
      >
        {pending ? <Spinner /> : null} Revoke key
      </Button>
    </Dialog>
  );
}
