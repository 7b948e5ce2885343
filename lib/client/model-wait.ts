/** A model's circuit breaker as `GET /api/status` reports it. */
export interface BreakerJson {
  model: string;
  state: "closed" | "open" | "half_open";
  failures: number;
  retryAfterSeconds?: number;
  retriedSecondsAgo?: number;
}

/** After this long without a word, a wait is worth explaining. */
export const slowAfterSeconds = 3;

/**
 * What the writer is told while the studio waits on a model, from the breaker of the model it
 * waits on and how long it has waited: paused after repeated failures (and for how long),
 * retrying after a failure, or only slow. Null while there is nothing to say.
 */
export function waitNote(breaker: BreakerJson | undefined, waitedSeconds: number): string | null {
  if (breaker?.state === "open") {
    const retry = breaker.retryAfterSeconds;
    return `The model provider keeps failing, so calls to it are paused${retry ? `; trying again in ${retry} s` : ""}.`;
  }
  if (breaker?.retriedSecondsAgo !== undefined && breaker.retriedSecondsAgo <= waitedSeconds) {
    return "The model provider returned an error; retrying…";
  }
  if (breaker?.state === "half_open") return "The model provider was failing; checking whether it is back…";
  if (waitedSeconds >= 10) return "The model is slow to answer. You can stop and try again later.";
  return null;
}

/** "42 s", "2 min 5 s". */
export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}
