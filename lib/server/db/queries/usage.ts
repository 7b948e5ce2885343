import "server-only";
import { and, eq, gte, sql } from "drizzle-orm";
import { getDb } from "../client";
import { usageRecords } from "../schema";

export type NewUsageRecord = Omit<typeof usageRecords.$inferInsert, "id" | "createdAt">;

/** Several records in one statement: under load, the calls that settled together are written together. */
export async function recordUsageBatch({ records }: { records: NewUsageRecord[] }): Promise<void> {
  if (!records.length) return;
  const db = await getDb();
  await db.insert(usageRecords).values(records);
}

interface UsageRow {
  date: string;
  model: string;
  calls: number;
  promptTokens: number;
  completionTokens: number;
}

/** Tokens per UTC day and model since `since`, oldest first. */
export async function usageByDay({ userId, since }: { userId: string; since: Date }): Promise<UsageRow[]> {
  const db = await getDb();
  const day = sql<string>`to_char(${usageRecords.createdAt} at time zone 'UTC', 'YYYY-MM-DD')`;
  const rows = await db
    .select({
      date: day,
      model: usageRecords.model,
      calls: sql<number>`count(*)::int`,
      promptTokens: sql<number>`coalesce(sum(${usageRecords.promptTokens}), 0)::int`,
      completionTokens: sql<number>`coalesce(sum(${usageRecords.completionTokens}), 0)::int`,
    })
    .from(usageRecords)
    .where(and(eq(usageRecords.userId, userId), gte(usageRecords.createdAt, since)))
    .groupBy(day, usageRecords.model)
    .orderBy(day, usageRecords.model);
  return rows;
}

/** Tokens (prompt + completion) a key has used since `since`: what its budgets are charged from. */
export async function tokensUsedByKey({ apiKeyId, since }: { apiKeyId: string; since: Date }): Promise<number> {
  const db = await getDb();
  const [row] = await db
    .select({ tokens: sql<number>`coalesce(sum(${usageRecords.promptTokens} + ${usageRecords.completionTokens}), 0)::bigint` })
    .from(usageRecords)
    .where(and(eq(usageRecords.apiKeyId, apiKeyId), gte(usageRecords.createdAt, since)));
  return Number(row?.tokens ?? 0);
}
