"use client";

import { useEffect, useState } from "react";
import type { WebhookSecretInfoJson, WebhookSecretJson } from "@/lib/contracts/webhooks";
import type { ApiError } from "@/lib/client/api/error";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { RefreshIcon } from "@/components/ui/icons";
import { Spinner } from "@/components/ui/spinner";
import { createOrRotateWebhookSecret, getWebhookSecretInfo } from "@/lib/client/api/webhooks";
import { WebhookSecretReveal } from "./webhook-secret-reveal";

const dateTime = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });

/**
 * Whether a webhook secret exists and since when; "Create secret", or "Rotate secret" after a
 * confirmation. The new secret is shown once (WebhookSecretReveal) and only held in this state.
 */
export function WebhookSecretPanel() {
  const [info, setInfo] = useState<WebhookSecretInfoJson | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [revealed, setRevealed] = useState<WebhookSecretJson | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    void getWebhookSecretInfo(controller.signal).then((result) => {
      if (controller.signal.aborted) return;
      if (result.ok) setInfo(result.data);
      else setLoadError(result.error);
    });
    return () => controller.abort();
  }, []);

  const createOrRotate = async () => {
    setConfirming(false);
    setBusy(true);
    setError(null);
    const result = await createOrRotateWebhookSecret();
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    setRevealed(result.data);
    setInfo({
      object: "webhook_secret_info",
      exists: true,
      created_at: result.data.created_at,
      previous_secret_expires_at: result.data.previous_secret_expires_at,
    });
  };

  if (loadError) return <Alert testId="webhook-secret-error">{loadError.message}</Alert>;
  if (!info) {
    return (
      <p className="flex items-center gap-2 text-sm text-neutral-500 dark:text-neutral-400">
        <Spinner /> Loading…
      </p>
    );
  }
  return (
    <div className="flex flex-col gap-3" data-testid="webhook-secret-panel">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm" data-testid="webhook-secret-status" data-exists={info.exists}>
          {info.exists && info.created_at ? (
            <>
              Signing secret created <time dateTime={info.created_at}>{dateTime.format(new Date(info.created_at))}</time>.
              {info.previous_secret_expires_at ? (
                <span className="text-neutral-600 dark:text-neutral-400">
                  {" "}
                  The previous secret also signs until{" "}
                  <time dateTime={info.previous_secret_expires_at}>{dateTime.format(new Date(info.previous_secret_expires_at))}</time>.
                </span>
              ) : null}
            </>
          ) : (
            <span className="text-neutral-600 dark:text-neutral-400">No webhook secret yet: create one before giving a job a webhook URL.</span>
          )}
        </p>
        {info.exists ? (
          <Button onClick={() => setConfirming(true)} disabled={busy} data-testid="webhook-secret-rotate">
            {busy ? <Spinner /> : <RefreshIcon />} Rotate secret
          </Button>
        ) : (
          <Button variant="primary" onClick={() => void createOrRotate()} disabled={busy} data-testid="webhook-secret-create">
            {busy ? <Spinner /> : null} Create secret
          </Button>
        )}
      </div>
      {error ? <Alert testId="webhook-secret-error">{error}</Alert> : null}
      {revealed ? <WebhookSecretReveal secret={revealed} onDone={() => setRevealed(null)} /> : null}
      <Dialog
        open={confirming}
        title="Rotate the webhook secret?"
        description="A new secret is made and shown once. The current one keeps signing deliveries, beside the new one, for 24 hours; then only the new one does."
        onClose={() => setConfirming(false)}
        testId="webhook-rotate-confirm"
      >
        <Button onClick={() => setConfirming(false)}>Cancel</Button>
        <Button variant="primary" onClick={() => void createOrRotate()} data-testid="webhook-rotate-confirm-button">
          Rotate secret
        </Button>
      </Dialog>
    </div>
  );
}
