import "server-only";
import { claimDueWebhookDeliveries, findJobsMissingWebhookDeliveries, type WebhookDeliveryRow } from "@/lib/server/db/queries/webhooks";
import { env } from "@/lib/server/env";
import { isDraining, trackWrite } from "@/lib/server/lifecycle";
import { logger } from "@/lib/server/log";
import { attemptDelivery, queueJobEvent } from "./deliveries";

/**
 * The in-process sender: claims due deliveries (FOR UPDATE SKIP LOCKED, so several instances
 * share the work), sends them, records each attempt and schedules the retry. It polls every
 * second and is woken at once when an event is queued or a retry falls due. While the server
 * drains it starts no new attempts; attempts in flight are waited for.
 */

const POLL_MS = 1_000;
const SWEEP_MS = 30_000;
const SWEEP_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;
const MAX_IN_FLIGHT = 16;

/**
 * A claim outlasts a whole attempt (a DNS check of at most 5 s, then the POST's timeout) with
 * room to spare; a sender that dies mid-attempt leaves the delivery due again after it.
 */
const claimMs = () => env.WEBHOOK_TIMEOUT_MS * 2 + 5_000;

interface SenderState {
  started: boolean;
  stopping: boolean;
  pumping: boolean;
  again: boolean;
  inFlight: number;
  lastSweep: number;
}

const key = Symbol.for("draftwise.webhookSender");
type Holder = { [key]?: SenderState };

function state(): SenderState {
  return ((globalThis as Holder)[key] ??= { started: false, stopping: false, pumping: false, again: false, inFlight: 0, lastSweep: 0 });
}

/** Jobs that finished (in the last 7 days) with a webhook URL but no delivery: queue their events. */
async function sweepMissingEvents(): Promise<void> {
  const ids = await findJobsMissingWebhookDeliveries({ since: new Date(Date.now() - SWEEP_WINDOW_MS), limit: 100 });
  for (const jobId of ids) await queueJobEvent({ jobId });
  if (ids.length) logger.info({ count: ids.length }, "webhooks: queued events of finished jobs that had none");
}

async function attempt(row: WebhookDeliveryRow): Promise<void> {
  const { outcome } = await attemptDelivery(row);
  // A retry due before the next poll is woken for on time.
  if (outcome.status === "pending") {
    const wait = outcome.nextAttemptAt.getTime() - Date.now();
    if (wait < POLL_MS) setTimeout(wakeWebhookSender, Math.max(0, wait) + 5).unref();
  }
}

const halted = (s: SenderState) => s.stopping || isDraining();

async function pump(s: SenderState): Promise<void> {
  if (halted(s)) return;
  if (Date.now() - s.lastSweep > SWEEP_MS) {
    s.lastSweep = Date.now();
    await sweepMissingEvents();
  }
  while (s.inFlight < MAX_IN_FLIGHT && !halted(s)) {
    const rows = await claimDueWebhookDeliveries({ limit: MAX_IN_FLIGHT - s.inFlight, claimMs: claimMs() });
    if (rows.length === 0) return;
    for (const row of rows) {
      s.inFlight++;
      void trackWrite(attempt(row))
        .catch((error: unknown) => logger.error({ err: error, deliveryId: row.id }, "webhooks: recording an attempt failed"))
        .finally(() => {
          s.inFlight--;
          wakeWebhookSender();
        });
    }
  }
}

/** Looks for due deliveries now; does nothing until the sender has been started in this process. */
export function wakeWebhookSender(): void {
  const s = state();
  if (!s.started) return;
  if (s.pumping) {
    s.again = true;
    return;
  }
  s.pumping = true;
  void pump(s)
    .catch((error: unknown) => logger.error({ err: error }, "webhooks: sender pass failed"))
    .finally(() => {
      s.pumping = false;
      if (s.again) {
        s.again = false;
        wakeWebhookSender();
      }
    });
}

export function startSender(): void {
  const s = state();
  if (s.started) return;
  s.started = true;
  setInterval(wakeWebhookSender, POLL_MS).unref();
  wakeWebhookSender();
}

/**
 * For a process that stops without the server's drain (`npm run worker`): starts no new attempt
 * and resolves once those in flight are recorded, so none is cut off and later sent again.
 */
export async function stopSender(): Promise<void> {
  const s = state();
  s.stopping = true;
  while (s.inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 50));
}

/** One pass for a cron call: queues missed events, then attempts due deliveries until none are left or the deadline. */
export async function deliverDue({ deadline }: { deadline: number }): Promise<number> {
  await sweepMissingEvents();
  let attempted = 0;
  while (Date.now() < deadline && !isDraining()) {
    const rows = await claimDueWebhookDeliveries({ limit: 10, claimMs: claimMs() });
    if (rows.length === 0) break;
    await Promise.all(rows.map((row) => trackWrite(attemptDelivery(row))));
    attempted += rows.length;
  }
  return attempted;
}
