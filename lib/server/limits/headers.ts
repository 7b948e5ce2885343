import "server-only";

export type LimitName = "rpm" | "rph" | "tpm" | "tpd" | "concurrent";
export type LimitScope = "user" | "key";

/** One limit of one scope as it stands after (or, refused, before) this request. */
export interface LimitReport {
  scope: LimitScope;
  name: LimitName;
  limit: number;
  remaining: number;
  /** Length of the window in seconds; none for concurrency. */
  windowSeconds?: number;
  /** Milliseconds until the window resets; none for concurrency. */
  resetMs?: number;
}

export interface BudgetReport {
  period: "daily" | "monthly";
  limit: number;
  remaining: number;
  resetMs: number;
}

const units: Record<LimitName, string | undefined> = {
  rpm: undefined,
  rph: undefined,
  // Not (yet) in the draft's quota-unit registry, which has requests, content-bytes and concurrent-requests.
  tpm: "tokens",
  tpd: "tokens",
  concurrent: "concurrent-requests",
};

const seconds = (ms: number) => Math.max(0, Math.ceil(ms / 1000));

/** Go-style durations as OpenAI sends them in x-ratelimit-reset-*: "250ms", "12s", "6m0s", "1h0m0s". */
export function resetDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.ceil(ms))}ms`;
  const total = seconds(ms);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}

/** Of the scopes' versions of one limit, the one that binds first (least left; the lower limit on a tie). */
function binding(reports: LimitReport[], name: LimitName): LimitReport | undefined {
  return reports
    .filter((r) => r.name === name)
    .sort((a, b) => a.remaining - b.remaining || a.limit - b.limit)[0];
}

/**
 * The rate-limit headers of a metered response, successful or refused:
 * - `RateLimit-Policy` and `RateLimit` (draft-ietf-httpapi-ratelimit-headers-11: Structured
 *   Field lists of `"name";q=…;w=…` and `"name";r=…;t=…`), one policy per scope and limit,
 *   e.g. `"key-rpm"`, and one per budget;
 * - OpenAI's `x-ratelimit-*-requests` (requests per minute) and `x-ratelimit-*-tokens`
 *   (tokens per minute), for the scope that binds first;
 * - `x-budget-remaining-tokens-daily` / `-monthly` for a key with budgets.
 */
export function limitHeaders(reports: LimitReport[], budgets: BudgetReport[] = []): Record<string, string> {
  const policies: string[] = [];
  const states: string[] = [];
  for (const r of reports) {
    const id = `"${r.scope}-${r.name}"`;
    const unit = units[r.name];
    policies.push(`${id};q=${r.limit}${unit ? `;qu="${unit}"` : ""}${r.windowSeconds ? `;w=${r.windowSeconds}` : ""}`);
    states.push(`${id};r=${Math.max(0, r.remaining)}${r.resetMs !== undefined ? `;t=${seconds(r.resetMs)}` : ""}`);
  }
  const headers: Record<string, string> = {};
  for (const b of budgets) {
    const id = `"key-${b.period}-tokens"`;
    policies.push(`${id};q=${b.limit};qu="tokens"${b.period === "daily" ? ";w=86400" : ""}`);
    states.push(`${id};r=${Math.max(0, b.remaining)};t=${seconds(b.resetMs)}`);
    headers[`x-budget-remaining-tokens-${b.period}`] = String(Math.max(0, b.remaining));
  }
  if (policies.length) {
    headers["RateLimit-Policy"] = policies.join(", ");
    headers.RateLimit = states.join(", ");
  }
  const requests = binding(reports, "rpm");
  if (requests) {
    headers["x-ratelimit-limit-requests"] = String(requests.limit);
    headers["x-ratelimit-remaining-requests"] = String(Math.max(0, requests.remaining));
    headers["x-ratelimit-reset-requests"] = resetDuration(requests.resetMs ?? 0);
  }
  const tokens = binding(reports, "tpm");
  if (tokens) {
    headers["x-ratelimit-limit-tokens"] = String(tokens.limit);
    headers["x-ratelimit-remaining-tokens"] = String(Math.max(0, tokens.remaining));
    headers["x-ratelimit-reset-tokens"] = resetDuration(tokens.resetMs ?? 0);
  }
  return headers;
}
