import "server-only";
import { and, asc, desc, eq, gt, inArray, isNotNull, lte, notExists, sql } from "drizzle-orm";
import { getDb } from "../client";
import { jobs, webhookAttempts, webhookDeliveries, webhookSecrets } from "../schema";

export type WebhookSecretRow = typeof webhookSecrets.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
type WebhookAttemptRow = typeof webhookAttempts.$inferSelect;
type NewWebhookDelivery = Pick<typeof webhookDeliveries.$inferInsert, "id" | "ownerId" | "jobId" | "event" | "url" | "payload" | "nextAttemptAt">;

const interval = (ms: number) => sql`now() + ${`${Math.round(ms)} milliseconds`}::interval`;

export async function getWebhookSecret({ ownerId }: { ownerId: string }): Promise<WebhookSecretRow | undefined> {
  const db = await getDb();
  const [row] = await db.select().from(webhookSecrets).where(eq(webhookSecrets.ownerId, ownerId)).limit(1);
  return row;
}

/**
 * Creates the owner's secret, or rotates it: the current one becomes the previous one and keeps
 * signing until `overlapMs` from now. One statement, so two rotations at once can't lose a secret.
 */
export async function rotateWebhookSecret({ ownerId, secret, overlapMs }: { ownerId: string; secret: string; overlapMs: number }): Promise<WebhookSecretRow> {
  const db = await getDb();
  const [row] = await db
    .insert(webhookSecrets)
    .values({ ownerId, secret })
    .onConflictDoUpdate({
      target: webhookSecrets.ownerId,
      set: {
        previousSecret: sql`${webhookSecrets.secret}`,
        previousExpiresAt: interval(overlapMs),
        secret: sql`excluded.secret`,
        createdAt: sql`now()`,
      },
    })
    .returning();
  return row!;
}

/** Adds a delivery unless one with its id exists already (an event is delivered once); true when added. */
export async function insertWebhookDelivery({ delivery }: { delivery: NewWebhookDelivery }): Promise<boolean> {
  const db = await getDb();
  const rows = await db.insert(webhookDeliveries).values(delivery).onConflictDoNothing({ target: webhookDeliveries.id }).returning({ id: webhookDeliveries.id });
  return rows.length > 0;
}

/**
 * Claims up to `limit` due pending deliveries for an attempt: their next_attempt_at moves
 * `claimMs` ahead, so other senders skip them, and a sender that dies mid-attempt leaves them
 * due again once that time has passed.
 */
export async function claimDueWebhookDeliveries({ limit, claimMs }: { limit: number; claimMs: number }): Promise<WebhookDeliveryRow[]> {
  const db = await getDb();
  const due = sql`(select ${webhookDeliveries.id} from ${webhookDeliveries} where ${webhookDeliveries.status} = 'pending' and ${webhookDeliveries.nextAttemptAt} <= now() order by ${webhookDeliveries.nextAttemptAt} limit ${limit} for update skip locked)`;
  return db
    .update(webhookDeliveries)
    .set({ nextAttemptAt: interval(claimMs) })
    .where(and(inArray(webhookDeliveries.id, due), eq(webhookDeliveries.status, "pending"), lte(webhookDeliveries.nextAttemptAt, sql`now()`)))
    .returning();
}

/**
 * Records one attempt and what follows from it: delivered, failed for good, or pending again at
 * `nextAttemptAt`. The delivery only moves on if no other sender recorded this attempt number
 * first (a claim that ran out while the attempt was slow).
 */
export async function recordWebhookAttempt({
  deliveryId,
  attempt,
  outcome,
}: {
  deliveryId: string;
  attempt: Omit<typeof webhookAttempts.$inferInsert, "id" | "deliveryId">;
  outcome: { status: "pending"; nextAttemptAt: Date } | { status: "delivered" | "failed" };
}): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    await tx.insert(webhookAttempts).values({ ...attempt, deliveryId });
    await tx
      .update(webhookDeliveries)
      .set({
        attemptCount: attempt.attempt,
        status: outcome.status,
        nextAttemptAt: outcome.status === "pending" ? outcome.nextAttemptAt : null,
        finishedAt: outcome.status === "pending" ? null : sql`now()`,
      })
      .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.attemptCount, attempt.attempt - 1), eq(webhookDeliveries.status, "pending")));
  });
}

export interface DeliveryWithAttempts {
  delivery: WebhookDeliveryRow;
  attempts: WebhookAttemptRow[];
}

async function withAttempts(deliveries: WebhookDeliveryRow[]): Promise<DeliveryWithAttempts[]> {
  if (deliveries.length === 0) return [];
  const db = await getDb();
  const attempts = await db
    .select()
    .from(webhookAttempts)
    .where(
      inArray(
        webhookAttempts.deliveryId,
        deliveries.map((d) => d.id),
      ),
    )
    .orderBy(asc(webhookAttempts.attempt), asc(webhookAttempts.startedAt));
  return deliveries.map((delivery) => ({ delivery, attempts: attempts.filter((a) => a.deliveryId === delivery.id) }));
}

/** The owner's deliveries for one job, newest first, each with its attempts in order. */
export async function listJobWebhookDeliveries({ ownerId, jobId }: { ownerId: string; jobId: string }): Promise<DeliveryWithAttempts[]> {
  const db = await getDb();
  const deliveries = await db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.ownerId, ownerId), eq(webhookDeliveries.jobId, jobId)))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id));
  return withAttempts(deliveries);
}

export async function getWebhookDelivery({ ownerId, deliveryId }: { ownerId: string; deliveryId: string }): Promise<DeliveryWithAttempts | undefined> {
  const db = await getDb();
  const [delivery] = await db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.ownerId, ownerId), eq(webhookDeliveries.id, deliveryId)))
    .limit(1);
  return delivery ? (await withAttempts([delivery]))[0] : undefined;
}

/** A job as an event needs it, whoever owns it (the sender acts for every owner). */
export async function getJobForWebhook({ jobId }: { jobId: string }) {
  const db = await getDb();
  const [row] = await db.select().from(jobs).where(eq(jobs.id, jobId)).limit(1);
  return row;
}

/**
 * Finished jobs with a webhook URL that have no delivery yet: a process that stopped between
 * finishing a job and queuing its event leaves one behind. Only those finished after `since`.
 */
export async function findJobsMissingWebhookDeliveries({ since, limit }: { since: Date; limit: number }): Promise<string[]> {
  const db = await getDb();
  const rows = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(
      and(
        inArray(jobs.status, ["succeeded", "failed", "cancelled"]),
        isNotNull(jobs.webhookUrl),
        gt(jobs.finishedAt, since),
        notExists(db.select({ one: sql`1` }).from(webhookDeliveries).where(eq(webhookDeliveries.jobId, jobs.id))),
      ),
    )
    .orderBy(asc(jobs.finishedAt))
    .limit(limit);
  return rows.map((r) => r.id);
}
