"use client";

import type { WebhookSecretJson } from "@/lib/contracts/webhooks";
import { useCopyToClipboard } from "@/hooks/use-copy-to-clipboard";
import { Button } from "@/components/ui/button";
import { CheckIcon, CopyIcon } from "@/components/ui/icons";

/** The new secret, shown this once, with a copy button and what happens to the previous one. */
export function WebhookSecretReveal({ secret, onDone }: { secret: WebhookSecretJson; onDone: () => void }) {
  const { copied, failed, copy } = useCopyToClipboard();
  return (
    <div
      className="flex flex-col gap-3 rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm dark:border-amber-500/30 dark:bg-amber-500/10"
      data-testid="webhook-secret-reveal"
    >
      <p className="leading-6" data-testid="webhook-secret-warning">
        <strong className="font-semibold">Copy your webhook secret now: it won&apos;t be shown again.</strong> Store it where your
        receiver can read it.
        {secret.previous_secret_expires_at ? (
          <>
            {" "}
            The previous secret keeps signing deliveries (beside the new one) for 24 hours, until{" "}
            <time dateTime={secret.previous_secret_expires_at}>{new Date(secret.previous_secret_expires_at).toLocaleString("en")}</time>, so you
            can switch your receiver over.
          </>
        ) : null}
      </p>
      <div className="flex items-center gap-2">
        <label htmlFor="webhook-secret-value" className="sr-only">
          Webhook secret
        </label>
        <input
          id="webhook-secret-value"
          readOnly
          value={secret.secret}
          spellCheck={false}
          onFocus={(event) => event.currentTarget.select()}
          className="h-9 w-full min-w-0 rounded-lg border border-neutral-200 bg-white px-3 font-mono text-xs text-neutral-900 dark:border-neutral-700 dark:bg-neutral-950 dark:text-neutral-100"
          data-testid="webhook-secret-value"
        />
        <Button onClick={() => void copy(secret.secret)} aria-label="Copy webhook secret" data-testid="webhook-secret-copy">
          {copied ? <CheckIcon /> : <CopyIcon />}
          <span aria-live="polite">{copied ? "Copied" : failed ? "Copy failed" : "Copy"}</span>
        </Button>
      </div>
      <Button size="sm" className="self-end" onClick={onDone} data-testid="webhook-secret-done">
        I&apos;ve stored it
      </Button>
    </div>
  );
}
