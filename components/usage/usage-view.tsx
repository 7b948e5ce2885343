"use client";

import { useMemo, useState } from "react";
import { PageHeading } from "@/components/app-shell/page-heading";
import { Alert } from "@/components/ui/alert";
import { SegmentedControl } from "@/components/ui/segmented-control";
import { Spinner } from "@/components/ui/spinner";
import { SparklesIcon } from "@/components/ui/icons";
import { buildChartData, formatCount } from "./usage-chart-data";
import { UsageChart, UsageLegend } from "./usage-chart";
import { UsageTable } from "./usage-table";
import { defaultUsagePeriod, usagePeriods, type UsagePeriod } from "./usage-periods";
import { useUsage } from "@/hooks/use-usage";

const card = "rounded-xl border border-neutral-200 bg-white shadow-xs dark:border-neutral-800 dark:bg-neutral-900";

/** Tokens the writer's AI calls used: a chart per day and model, and a table per model. */
export function UsageView({ initialDays }: { initialDays: UsagePeriod }) {
  const [days, setDays] = useState<UsagePeriod>(initialDays);
  const { usage, error, loading } = useUsage(days);
  // The chart counts days up to today; memoised so a re-render doesn't rebuild it.
  const chart = useMemo(() => (usage ? buildChartData(usage, new Date()) : null), [usage]);

  const changeDays = (next: UsagePeriod) => {
    setDays(next);
    window.history.replaceState(null, "", next === defaultUsagePeriod ? "/usage" : `/usage?days=${next}`);
  };

  return (
    <>
      <PageHeading
        title="Usage"
        description="Tokens used by AI actions, outlines and chat, per day and per model."
        actions={
          <SegmentedControl
            label="Period"
            options={usagePeriods.map((value) => ({ value, label: `${value} days`, testId: `usage-days-${value}` }))}
            value={days}
            onChange={changeDays}
          />
        }
      />
      {error ? <Alert>{error.message}</Alert> : null}
      {!usage || !chart ? (
        error ? null : (
          <div className={`${card} flex items-center justify-center gap-2 py-16 text-sm text-neutral-500 dark:text-neutral-400`}>
            <Spinner /> Loading…
          </div>
        )
      ) : usage.totals.calls === 0 ? (
        <div className={`${card} flex flex-col items-center gap-3 px-6 py-16 text-center`} data-testid="usage-empty">
          <span className="grid size-10 place-items-center rounded-full bg-neutral-100 text-neutral-500 dark:bg-neutral-800 dark:text-neutral-400 [&_svg]:size-5">
            <SparklesIcon />
          </span>
          <p className="text-sm font-medium">No usage in the last {usage.days} days</p>
          <p className="max-w-sm text-sm text-neutral-600 dark:text-neutral-400">
            When you use an AI action, draft from an outline or chat about a document, the tokens it takes show up here.
          </p>
        </div>
      ) : (
        <div className="flex flex-col gap-6" aria-busy={loading}>
          <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
            {[
              { label: "Total tokens", value: usage.totals.prompt_tokens + usage.totals.completion_tokens, testId: "usage-total-tokens" },
              { label: "Prompt tokens", value: usage.totals.prompt_tokens },
              { label: "Completion tokens", value: usage.totals.completion_tokens },
              { label: "Calls", value: usage.totals.calls, testId: "usage-total-calls" },
            ].map((stat) => (
              <div key={stat.label} className={`${card} flex flex-col gap-1 px-4 py-3`}>
                <dt className="text-xs text-neutral-500 dark:text-neutral-400">{stat.label}</dt>
                <dd className="text-lg font-semibold tabular-nums" data-testid={stat.testId}>
                  {formatCount(stat.value)}
                </dd>
              </div>
            ))}
          </dl>
          <section aria-labelledby="usage-chart-heading" className={`${card} flex flex-col gap-4 p-4 sm:p-5`}>
            <div className="flex flex-wrap items-center justify-between gap-3">
              <h2 id="usage-chart-heading" className="text-sm font-semibold">
                Tokens per day
              </h2>
              <UsageLegend models={chart.models} />
            </div>
            <UsageChart data={chart} />
          </section>
          <section aria-labelledby="usage-table-heading" className={`${card} flex flex-col`}>
            <h2 id="usage-table-heading" className="px-4 pt-4 text-sm font-semibold">
              By model
            </h2>
            <UsageTable usage={usage} models={chart.models} />
          </section>
        </div>
      )}
    </>
  );
}
