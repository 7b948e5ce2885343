import type { ApiKeyJson } from "@/lib/contracts/api-keys";
import { Button } from "@/components/ui/button";
import { TrashIcon } from "@/components/ui/icons";
import { ApiKeyBudgetMeter } from "./api-key-budget-meter";
import { formatDate, formatDateTime } from "./api-key-format";
import type { RateLimitDefaults } from "./api-key-form";
import { ApiKeyLimitsSummary } from "./api-key-limits-summary";
import { ApiKeyStatusBadge } from "./api-key-status-badge";

function Timestamp({ iso, empty, withTime }: { iso: string | null; empty: string; withTime?: boolean }) {
  if (!iso) return <>{empty}</>;
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {withTime ? formatDateTime(iso) : formatDate(iso)}
    </time>
  );
}

interface ApiKeyItemProps {
  apiKey: ApiKeyJson;
  defaults: RateLimitDefaults;
  onRevoke: (key: ApiKeyJson) => void;
}

/** One key: how to recognise it, its state, its limits and what its budgets have left. */
export function ApiKeyItem({ apiKey, defaults, onRevoke }: ApiKeyItemProps) {
  const { daily, monthly } = apiKey.budget;
  return (
    <li
      tabIndex={-1}
      className="flex flex-col gap-3 rounded-sm py-4 outline-offset-4 first:pt-0 last:pb-0"
      data-testid="api-key-item"
      data-key-id={apiKey.id}
      data-status={apiKey.status}
      aria-label={apiKey.name}
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <span className="text-sm font-medium" data-testid="api-key-name">
          {apiKey.name}
        </span>
        <ApiKeyStatusBadge status={apiKey.status} />
        <code
          className="rounded bg-neutral-100 px-1.5 py-0.5 font-mono text-xs text-neutral-700 dark:bg-neutral-800 dark:text-neutral-300"
          data-testid="api-key-prefix"
          title="The start of the key, to recognise it"
        >
          {apiKey.prefix}…
        </code>
        {apiKey.status === "revoked" ? null : (
          <Button
            variant="danger"
            size="sm"
            className="ml-auto"
            onClick={() => onRevoke(apiKey)}
            aria-label={`Revoke ${apiKey.name}`}
            data-testid="api-key-revoke"
          >
            <TrashIcon /> Revoke
          </Button>
        )}
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-xs sm:grid-cols-[auto_1fr_auto_1fr_auto_1fr]">
        <dt className="text-neutral-500 dark:text-neutral-400">Created</dt>
        <dd data-testid="api-key-created">
          <Timestamp iso={apiKey.created_at} empty="—" />
        </dd>
        <dt className="text-neutral-500 dark:text-neutral-400">Last used</dt>
        <dd data-testid="api-key-last-used">
          <Timestamp iso={apiKey.last_used_at} empty="Never" withTime />
        </dd>
        <dt className="text-neutral-500 dark:text-neutral-400">{apiKey.revoked_at ? "Revoked" : apiKey.status === "expired" ? "Expired" : "Expires"}</dt>
        <dd data-testid="api-key-expires">
          <Timestamp iso={apiKey.revoked_at ?? apiKey.expires_at} empty="Never" />
        </dd>
      </dl>
      {/* A key that no longer works has no limits or budget left to speak of. */}
      {apiKey.status !== "active" ? null : (
        <>
          <ApiKeyLimitsSummary limits={apiKey.limits} defaults={defaults} />
          {daily || monthly ? (
            <div className="flex flex-wrap gap-x-6 gap-y-2" aria-label="Token budgets" role="group">
              {daily ? <ApiKeyBudgetMeter period="daily" budget={daily} /> : null}
              {monthly ? <ApiKeyBudgetMeter period="monthly" budget={monthly} /> : null}
            </div>
          ) : (
            <p className="text-xs text-neutral-500 dark:text-neutral-400" data-testid="api-key-no-budget">
              No token budget
            </p>
          )}
        </>
      )}
    </li>
  );
}
