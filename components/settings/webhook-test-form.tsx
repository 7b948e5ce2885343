"use client";

import { useState, type FormEvent } from "react";
import { webhookUrlSchema, type WebhookDeliveryJson } from "@/lib/contracts/webhooks";
import { Button } from "@/components/ui/button";
import { SendIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { cn } from "@/lib/utils";

import { sendWebhookTest } from "@/lib/client/api/webhooks";

const withoutPath = (message: string) => message.replace(/^[\w.]+: /, "");

/** "Send test event": one signed `webhook.test` POST to a URL, and how it went (status or error, duration). */
export function WebhookTestForm() {
  const [url, setUrl] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [delivery, setDelivery] = useState<WebhookDeliveryJson | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = webhookUrlSchema.safeParse(url);
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? "Enter an absolute http(s) URL.");
    setError(null);
    setDelivery(null);
    setSending(true);
    const result = await sendWebhookTest(parsed.data);
    setSending(false);
    if (result.ok) setDelivery(result.data);
    else setError(withoutPath(result.error.message));
  };

  const attempt = delivery?.attempts.at(-1);
  const ok = delivery?.status === "delivered";
  return (
    <form onSubmit={(event) => void submit(event)} noValidate className="flex flex-col gap-3" data-testid="webhook-test-form" aria-label="Send a test event">
      <div className="flex flex-col gap-2 sm:flex-row sm:items-start">
        <Input
          label="Receiver URL"
          type="url"
          placeholder="https://example.com/webhooks/draftwise"
          value={url}
          onChange={(event) => setUrl(event.target.value)}
          error={error ?? undefined}
          wrapperClassName="flex-1"
          data-testid="webhook-test-url"
        />
        <Button type="submit" disabled={sending} className="sm:mt-[1.375rem]" data-testid="webhook-test-send">
          {sending ? <Spinner /> : <SendIcon />} Send test event
        </Button>
      </div>
      <div role="status" aria-live="polite" className="empty:hidden">
        {delivery ? (
          <p
            className={cn(
              "rounded-lg px-3 py-2 text-[13px]",
              ok ? "bg-emerald-50 text-emerald-800 dark:bg-emerald-500/10 dark:text-emerald-200" : "bg-red-50 text-red-800 dark:bg-red-500/10 dark:text-red-200",
            )}
            data-testid="webhook-test-result"
            data-status={delivery.status}
          >
            {ok ? "Delivered" : "Not delivered"}
            {attempt?.status_code != null ? <> · HTTP <span data-testid="webhook-test-status">{attempt.status_code}</span></> : null}
            {attempt?.error ? <> · {attempt.error}</> : null}
            {attempt ? <> · {attempt.duration_ms} ms</> : null}
          </p>
        ) : null}
      </div>
    </form>
  );
}
