import type { ApiKeyJson } from "@/lib/contracts/api-keys";
import { formatCount } from "./api-key-format";
import { rateLimitFields, type RateLimitDefaults } from "./api-key-form";

/** The key's rate limits in effect: its own overrides, else the operator's defaults (marked so). */
export function ApiKeyLimitsSummary({ limits, defaults }: { limits: ApiKeyJson["limits"]; defaults: RateLimitDefaults }) {
  return (
    <ul className="flex flex-wrap gap-x-3 gap-y-1 text-xs text-neutral-600 dark:text-neutral-400" aria-label="Rate limits" data-testid="api-key-limits">
      {rateLimitFields.map((field) => {
        const own = limits[field.name];
        return (
          <li key={field.name} data-testid={`api-key-limit-${field.name}`}>
            <span className={own === undefined ? undefined : "font-medium text-neutral-800 dark:text-neutral-200"}>
              {formatCount(own ?? defaults[field.name])} {field.unit}
            </span>
            {own === undefined ? <span className="text-neutral-400 dark:text-neutral-500"> (default)</span> : null}
          </li>
        );
      })}
    </ul>
  );
}
