import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/server/db/client";
import { insertJob } from "@/lib/server/db/queries/jobs";
import { createGuestUser, createUserWithPassword, moveGuestData } from "@/lib/server/db/queries/users";
import {
  claimDueWebhookDeliveries,
  findJobsMissingWebhookDeliveries,
  getWebhookDelivery,
  getWebhookSecret,
  insertWebhookDelivery,
  listJobWebhookDeliveries,
  recordWebhookAttempt,
  rotateWebhookSecret,
} from "@/lib/server/db/queries/webhooks";
import { jobs } from "@/lib/server/db/schema";

const day = 24 * 60 * 60 * 1000;
let seq = 0;
const newId = () => `msg_dbtest_${Date.now()}_${seq++}`;

async function finishedJob(ownerId: string, { webhookUrl = "https://example.com/hook", finishedAgoMs = 0 } = {}) {
  const { row } = await insertJob({ job: { ownerId, apiKeyId: null, type: "chat", input: {}, metadata: {}, idempotencyKey: null, requestHash: null } });
  const db = await getDb();
  await db
    .update(jobs)
    .set({ status: "succeeded", webhookUrl, finishedAt: new Date(Date.now() - finishedAgoMs) })
    .where(eq(jobs.id, row.id));
  return row.id;
}

async function newAccount(tag: string) {
  const account = await createUserWithPassword({ email: `wh-${Date.now()}-${tag}@example.com`, passwordHash: "not-a-real-hash" });
  if (account === "email_taken") throw new Error("email taken");
  return account.user;
}

/** Claims until nothing due is left (what earlier tests left behind included). */
async function drainDue() {
  while ((await claimDueWebhookDeliveries({ limit: 100, claimMs: 60_000 })).length);
}

describe("webhook secrets", () => {
  it("creates a secret, then rotates it keeping the previous one for the overlap", async () => {
    const owner = await createGuestUser();
    const first = await rotateWebhookSecret({ ownerId: owner.id, secret: "whsec_first", overlapMs: day });
    expect(first).toMatchObject({ secret: "whsec_first", previousSecret: null, previousExpiresAt: null });
    const second = await rotateWebhookSecret({ ownerId: owner.id, secret: "whsec_second", overlapMs: day });
    expect(second).toMatchObject({ secret: "whsec_second", previousSecret: "whsec_first" });
    expect(Math.abs(second.previousExpiresAt!.getTime() - (Date.now() + day))).toBeLessThan(60_000);
    expect(second.createdAt.getTime()).toBeGreaterThanOrEqual(first.createdAt.getTime());
    expect((await getWebhookSecret({ ownerId: owner.id }))?.secret).toBe("whsec_second");
  });
});

describe("webhook deliveries", () => {
  it("inserts an event once: the same id again is a no-op", async () => {
    const owner = await createGuestUser();
    const jobId = await finishedJob(owner.id);
    const delivery = { id: newId(), ownerId: owner.id, jobId, event: "job.succeeded", url: "https://example.com/a", payload: { a: 1 }, nextAttemptAt: new Date() };
    expect(await insertWebhookDelivery({ delivery })).toBe(true);
    expect(await insertWebhookDelivery({ delivery: { ...delivery, url: "https://example.com/b" } })).toBe(false);
    const [only, ...rest] = await listJobWebhookDeliveries({ ownerId: owner.id, jobId });
    expect(rest).toEqual([]);
    expect(only?.delivery.url).toBe("https://example.com/a");
  });

  it("claims a due delivery once; the claim runs out and it is due again", async () => {
    await drainDue();
    const owner = await createGuestUser();
    const id = newId();
    await insertWebhookDelivery({ delivery: { id, ownerId: owner.id, jobId: null, event: "webhook.test", url: "https://example.com", payload: {}, nextAttemptAt: new Date(Date.now() - 1000) } });
    const [claimed, ...more] = await claimDueWebhookDeliveries({ limit: 10, claimMs: 300 });
    expect(more).toEqual([]);
    expect(claimed?.id).toBe(id);
    expect(claimed!.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now());
    expect(await claimDueWebhookDeliveries({ limit: 10, claimMs: 300 })).toEqual([]);
    await new Promise((r) => setTimeout(r, 400));
    expect((await claimDueWebhookDeliveries({ limit: 10, claimMs: 60_000 })).map((d) => d.id)).toEqual([id]);
  });

  it("does not claim a delivery that isn't due, or isn't pending", async () => {
    await drainDue();
    const owner = await createGuestUser();
    await insertWebhookDelivery({ delivery: { id: newId(), ownerId: owner.id, jobId: null, event: "webhook.test", url: "https://example.com", payload: {}, nextAttemptAt: new Date(Date.now() + 60_000) } });
    await insertWebhookDelivery({ delivery: { id: newId(), ownerId: owner.id, jobId: null, event: "webhook.test", url: "https://example.com", payload: {}, nextAttemptAt: null } });
    expect(await claimDueWebhookDeliveries({ limit: 10, claimMs: 1000 })).toEqual([]);
  });

  it("records attempts in order and moves the delivery on; a stale attempt number does not move it again", async () => {
    const owner = await createGuestUser();
    const id = newId();
    await insertWebhookDelivery({ delivery: { id, ownerId: owner.id, jobId: null, event: "webhook.test", url: "https://example.com", payload: {}, nextAttemptAt: new Date() } });
    const next = new Date(Date.now() + 5_000);
    await recordWebhookAttempt({ deliveryId: id, attempt: { attempt: 1, startedAt: new Date(), durationMs: 12, statusCode: 500, error: "500" }, outcome: { status: "pending", nextAttemptAt: next } });
    await recordWebhookAttempt({ deliveryId: id, attempt: { attempt: 2, startedAt: new Date(), durationMs: 8, statusCode: 200, error: null }, outcome: { status: "delivered" } });
    // A sender whose claim ran out records attempt 2 again: logged, but the delivery stays delivered.
    await recordWebhookAttempt({ deliveryId: id, attempt: { attempt: 2, startedAt: new Date(), durationMs: 9, statusCode: 500, error: "late" }, outcome: { status: "pending", nextAttemptAt: next } });
    const found = await getWebhookDelivery({ ownerId: owner.id, deliveryId: id });
    expect(found?.delivery).toMatchObject({ status: "delivered", attemptCount: 2, nextAttemptAt: null });
    expect(found?.delivery.finishedAt).toBeInstanceOf(Date);
    expect(found?.attempts.map((a) => [a.attempt, a.statusCode])).toEqual([
      [1, 500],
      [2, 200],
      [2, 500],
    ]);
    // Owner-scoped.
    expect(await getWebhookDelivery({ ownerId: (await createGuestUser()).id, deliveryId: id })).toBeUndefined();
  });

  it("finds finished jobs with a webhook URL and no delivery, from the last 7 days only", async () => {
    const owner = await createGuestUser();
    const missing = await finishedJob(owner.id);
    const old = await finishedJob(owner.id, { finishedAgoMs: 8 * day });
    const withDelivery = await finishedJob(owner.id);
    await insertWebhookDelivery({ delivery: { id: newId(), ownerId: owner.id, jobId: withDelivery, event: "job.succeeded", url: "https://example.com", payload: {}, nextAttemptAt: new Date() } });
    const db = await getDb();
    await db.update(jobs).set({ webhookUrl: null }).where(eq(jobs.id, await finishedJob(owner.id)));
    const found = await findJobsMissingWebhookDeliveries({ since: new Date(Date.now() - 7 * day), limit: 1000 });
    expect(found).toContain(missing);
    expect(found).not.toContain(old);
    expect(found).not.toContain(withDelivery);
  });
});

describe("moveGuestData and webhooks", () => {
  it("drops the guest's secret, jobs and deliveries instead of handing them to the account", async () => {
    const guest = await createGuestUser();
    const account = await newAccount("a");
    const jobId = await finishedJob(guest.id);
    const id = newId();
    await insertWebhookDelivery({ delivery: { id, ownerId: guest.id, jobId, event: "job.succeeded", url: "https://example.com", payload: {}, nextAttemptAt: null } });
    await rotateWebhookSecret({ ownerId: guest.id, secret: "whsec_guest", overlapMs: day });
    await moveGuestData({ guestId: guest.id, userId: account.id });
    expect(await getWebhookSecret({ ownerId: account.id })).toBeUndefined();
    expect(await getWebhookSecret({ ownerId: guest.id })).toBeUndefined();
    expect(await getWebhookDelivery({ ownerId: account.id, deliveryId: id })).toBeUndefined();
  });

  it("keeps the account's own secret", async () => {
    const guest = await createGuestUser();
    const account = await newAccount("b");
    await rotateWebhookSecret({ ownerId: account.id, secret: "whsec_account", overlapMs: day });
    await rotateWebhookSecret({ ownerId: guest.id, secret: "whsec_guest2", overlapMs: day });
    await moveGuestData({ guestId: guest.id, userId: account.id });
    expect((await getWebhookSecret({ ownerId: account.id }))?.secret).toBe("whsec_account");
    expect(await getWebhookSecret({ ownerId: guest.id })).toBeUndefined();
  });
});
