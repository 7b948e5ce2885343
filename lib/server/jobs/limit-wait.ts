import "server-only";
import type { JobType } from "@/lib/contracts/jobs";
import { AppError } from "@/lib/errors";
import type { JobRow } from "@/lib/server/db/queries/jobs";
import { estimateRequestTokens, withLimits } from "@/lib/server/limits";
import type { Caller } from "@/lib/server/usage";
import { executeJob, type JobOutcome } from "./execute";

/** A limit that clears by itself (tokens per minute, concurrent calls) is waited out, up to this long. */
const LIMIT_WAIT_MS = 10 * 60_000;

/**
 * Runs the job's work under the same limits as a synchronous model call: tokens per minute,
 * concurrent calls and the key's token budgets (its request was counted when it was submitted).
 * A rate limit that clears by itself is waited out; a spent budget fails the job.
 */
export async function executeLimited(
  type: JobType,
  row: JobRow,
  caller: Caller,
  signal: AbortSignal,
  onProgress: (progress: number, partial?: Record<string, unknown>) => Promise<void>,
): Promise<JobOutcome> {
  const input = row.input as { max_tokens?: unknown };
  const estimatedTokens = estimateRequestTokens(row.input, typeof input.max_tokens === "number" ? input.max_tokens : undefined);
  const waitUntil = Date.now() + LIMIT_WAIT_MS;
  for (;;) {
    let outcome: JobOutcome | undefined;
    let admitted = false;
    try {
      await withLimits(caller, { estimatedTokens, model: true, requests: false }, async (metered) => {
        admitted = true;
        outcome = await executeJob(type, row.input, metered, signal, { job: row, onProgress });
        return new Response(null, { status: 204 });
      });
      return outcome!;
    } catch (error) {
      // Only a refusal by the limits themselves is waited out, never the work's own failure.
      const waitable = !admitted && error instanceof AppError && (error.code === "rate_limited" || error.code === "limits_unavailable");
      const retryAfterMs = waitable ? Math.max(1, error.retryAfter ?? 1) * 1_000 : 0;
      if (!waitable || Date.now() + retryAfterMs > waitUntil || signal.aborted) throw error;
      await abortableSleep(retryAfterMs, signal);
    }
  }
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    function done() {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }
    function onAbort() {
      clearTimeout(timer);
      reject(signal.reason);
    }
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
