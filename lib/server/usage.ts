import "server-only";
import type { UsageJson } from "@/lib/contracts/conversations";
import type { CallContext, CallOutcome } from "@/lib/server/ai/client";
import { groupCommit } from "@/lib/server/db/group-commit";
import { recordUsageBatch, usageByDay, type NewUsageRecord } from "@/lib/server/db/queries/usage";
import { trackWrite } from "@/lib/server/lifecycle";
import type { ApiKeyRow } from "@/lib/server/db/queries/api-keys";
import type { UserRow } from "@/lib/server/db/queries/users";
import type { RouteLabel } from "@/lib/server/route-table";

/** Who is calling the model, from where, about which document: what usage is recorded against. */
export interface Caller {
  user: UserRow;
  /** The key the request came with; none for browser sessions. */
  apiKey?: ApiKeyRow;
  /** The route that made the call, as its template (routeOf(req)), e.g. "/api/chat". */
  route: RouteLabel;
  /** The request's X-Request-Id, for the logs. */
  requestId?: string;
  documentId?: string;
  /** Told the real usage of each model call (rate limits and budgets charge it). */
  onUsage?: (outcome: CallOutcome) => void;
}

/** What the logs, metrics and traces of a model call say about its caller: ids, never text. */
export function callContext(caller: Caller): CallContext {
  return { route: caller.route, requestId: caller.requestId, userId: caller.user.id, keyId: caller.apiKey?.id };
}

/** Calls that settle together are recorded in one insert (the hot path's only write). */
const writeUsage = groupCommit<NewUsageRecord>((records) => recordUsageBatch({ records }));

/** Records one model call: tokens, latency, outcome and the model that answered. Counts only, never text. */
export async function recordCall(caller: Caller, outcome: CallOutcome): Promise<void> {
  try {
    await trackWrite(
      writeUsage({
        userId: caller.user.id,
        documentId: caller.documentId ?? null,
        apiKeyId: caller.apiKey?.id ?? null,
        route: caller.route,
        model: outcome.model,
        promptTokens: outcome.inputTokens,
        completionTokens: outcome.outputTokens,
        latencyMs: outcome.latencyMs,
        outcome: outcome.status,
        errorCode: outcome.errorCode ?? null,
      }),
    );
  } finally {
    // After the insert: a budget's reservation is released only once the usage is on record.
    caller.onUsage?.(outcome);
  }
}

export async function usageSummary({ userId, days }: { userId: string; days: number }): Promise<UsageJson> {
  const since = new Date(Date.now() - days * 86_400_000);
  since.setUTCHours(0, 0, 0, 0);
  const rows = await usageByDay({ userId, since });
  const byModel = new Map<string, UsageJson["by_model"][number]>();
  const totals = { calls: 0, prompt_tokens: 0, completion_tokens: 0 };
  for (const row of rows) {
    const entry = byModel.get(row.model) ?? { model: row.model, calls: 0, prompt_tokens: 0, completion_tokens: 0 };
    entry.calls += row.calls;
    entry.prompt_tokens += row.promptTokens;
    entry.completion_tokens += row.completionTokens;
    byModel.set(row.model, entry);
    totals.calls += row.calls;
    totals.prompt_tokens += row.promptTokens;
    totals.completion_tokens += row.completionTokens;
  }
  return {
    days,
    by_day: rows.map((r) => ({
      date: r.date,
      model: r.model,
      calls: r.calls,
      prompt_tokens: r.promptTokens,
      completion_tokens: r.completionTokens,
    })),
    by_model: [...byModel.values()].sort((a, b) => b.prompt_tokens + b.completion_tokens - (a.prompt_tokens + a.completion_tokens)),
    totals,
  };
}
