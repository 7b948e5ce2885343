"use client";

import { useEffect, useState } from "react";
import type { JobStatusName } from "@/lib/contracts/jobs";
import type { WebhookDeliveryJson } from "@/lib/contracts/webhooks";
import type { ApiError } from "@/lib/client/api/error";
import { Button } from "@/components/ui/button";
import { RefreshIcon } from "@/components/ui/icons";
import { Spinner } from "@/components/ui/spinner";
import { cn } from "@/lib/utils";
import { formatDuration, formatTime } from "./job-format";
import { listDeliveries } from "@/lib/client/api/jobs";

const deliveryStyles: Record<WebhookDeliveryJson["status"], string> = {
  pending: "text-amber-700 dark:text-amber-300",
  delivered: "text-emerald-700 dark:text-emerald-300",
  failed: "text-red-700 dark:text-red-300",
};

interface Loaded {
  key: string;
  deliveries: WebhookDeliveryJson[] | null;
  error: ApiError | null;
}

/**
 * The job's webhook deliveries (GET /api/jobs/{id}/deliveries): each event sent to the job's
 * webhook URL, and every attempt at it (when, the receiver's status or the error, how long).
 * Loaded when shown and again when the job's status changes; Refresh asks again.
 */
export function WebhookDeliveryLog({ jobId, jobStatus }: { jobId: string; jobStatus: JobStatusName }) {
  const [refreshes, setRefreshes] = useState(0);
  const key = `${jobId}:${jobStatus}:${refreshes}`;
  const [loaded, setLoaded] = useState<Loaded | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    void listDeliveries(jobId, controller.signal).then((result) => {
      if (controller.signal.aborted) return;
      setLoaded((previous) => ({
        key,
        deliveries: result.ok ? result.data.data : (previous?.deliveries ?? null),
        error: result.ok ? null : result.error,
      }));
    });
    return () => controller.abort();
  }, [jobId, key]);

  const loading = loaded?.key !== key;
  return (
    <div className="flex flex-col gap-2" data-testid="webhook-deliveries" aria-busy={loading}>
      <div className="flex items-center justify-between gap-2">
        <h4 className="text-xs font-semibold tracking-wide text-neutral-500 uppercase dark:text-neutral-400">Webhook deliveries</h4>
        <Button size="sm" variant="ghost" onClick={() => setRefreshes((n) => n + 1)} disabled={loading} data-testid="webhook-deliveries-refresh">
          {loading ? <Spinner /> : <RefreshIcon />} Refresh
        </Button>
      </div>
      {loaded?.error ? (
        <p className="text-sm text-red-700 dark:text-red-300" role="alert">
          {loaded.error.message}
        </p>
      ) : null}
      {loaded?.deliveries?.length === 0 ? (
        <p className="text-sm text-neutral-500 dark:text-neutral-400" data-testid="webhook-deliveries-empty">
          No deliveries: this job has no webhook URL, or it hasn&apos;t finished yet.
        </p>
      ) : null}
      {loaded?.deliveries?.length ? (
        <ul className="flex flex-col gap-2">
          {loaded.deliveries.map((delivery) => (
            <li
              key={delivery.id}
              className="rounded-lg border border-neutral-200 p-3 text-[13px] dark:border-neutral-800"
              data-testid="webhook-delivery"
              data-status={delivery.status}
            >
              <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                <code className="font-mono text-xs">{delivery.event}</code>
                <span className={cn("font-medium", deliveryStyles[delivery.status])} data-testid="webhook-delivery-status">
                  {delivery.status}
                </span>
                <span className="min-w-0 flex-1 truncate text-neutral-600 dark:text-neutral-400" title={delivery.url}>
                  {delivery.url}
                </span>
              </div>
              {delivery.next_attempt_at && delivery.status === "pending" ? (
                <p className="mt-1 text-xs text-neutral-500 dark:text-neutral-400">Next attempt {formatTime(delivery.next_attempt_at)}</p>
              ) : null}
              {delivery.attempts.length ? (
                <table className="mt-2 w-full text-left text-xs">
                  <caption className="sr-only">Attempts at {delivery.event}</caption>
                  <thead className="text-neutral-500 dark:text-neutral-400">
                    <tr>
                      <th scope="col" className="py-1 pr-3 font-medium">#</th>
                      <th scope="col" className="py-1 pr-3 font-medium">Time</th>
                      <th scope="col" className="py-1 pr-3 font-medium">Result</th>
                      <th scope="col" className="py-1 font-medium">Duration</th>
                    </tr>
                  </thead>
                  <tbody>
                    {delivery.attempts.map((attempt) => (
                      <tr key={attempt.attempt} className="border-t border-neutral-100 dark:border-neutral-800" data-testid="webhook-attempt">
                        <td className="py-1 pr-3 tabular-nums">{attempt.attempt}</td>
                        <td className="py-1 pr-3">{formatTime(attempt.started_at)}</td>
                        <td className="py-1 pr-3" data-testid="webhook-attempt-result">
                          {attempt.status_code !== null ? `HTTP ${attempt.status_code}` : null}
                          {attempt.status_code !== null && attempt.error ? " · " : null}
                          {attempt.error ?? null}
                        </td>
                        <td className="py-1 tabular-nums">{formatDuration(attempt.duration_ms)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : (
                <p className="mt-1 text-xs text-neutral-500 dark:text-neutral-400">Not attempted yet.</p>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
