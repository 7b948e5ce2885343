import type { ApiKeyJson } from "@/lib/contracts/api-keys";
import { cn } from "@/lib/utils";
import { formatCount, formatDateTime } from "./api-key-format";

type Budget = NonNullable<ApiKeyJson["budget"]["daily"]>;

/** What a daily or monthly token budget has left, as a bar and in words. */
export function ApiKeyBudgetMeter({ period, budget }: { period: "daily" | "monthly"; budget: Budget }) {
  const label = period === "daily" ? "Today" : "This month";
  const share = budget.limit > 0 ? budget.remaining / budget.limit : 0;
  const text = `${formatCount(budget.remaining)} of ${formatCount(budget.limit)} tokens left`;
  return (
    <div className="flex min-w-44 flex-1 flex-col gap-1" data-testid={`api-key-budget-${period}`}>
      <div className="flex items-baseline justify-between gap-2 text-xs">
        <span className="font-medium text-neutral-700 dark:text-neutral-300">{label}</span>
        <span className="text-neutral-600 tabular-nums dark:text-neutral-400" data-testid={`api-key-budget-${period}-text`}>
          {text}
        </span>
      </div>
      <div
        role="meter"
        aria-label={`${period === "daily" ? "Daily" : "Monthly"} token budget left`}
        aria-valuemin={0}
        aria-valuemax={budget.limit}
        aria-valuenow={budget.remaining}
        aria-valuetext={text}
        title={`Resets ${formatDateTime(budget.resets_at)}`}
        className="h-1.5 overflow-hidden rounded-full bg-neutral-200 dark:bg-neutral-800"
      >
        <div
          className={cn(
            "h-full rounded-full",
            share > 0.25 ? "bg-indigo-500" : share > 0 ? "bg-amber-500" : "bg-red-500",
          )}
          style={{ width: `${Math.round(share * 1000) / 10}%` }}
        />
      </div>
    </div>
  );
}
