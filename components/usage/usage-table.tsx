import type { UsageJson } from "@/lib/contracts/conversations";
import { colorOf, formatCount } from "./usage-chart-data";

interface UsageTableProps {
  usage: UsageJson;
  /** The chart's model order, so the swatches match its colours. */
  models: string[];
}

const cell = "px-4 py-2.5 text-right tabular-nums";

/** Calls and tokens per model over the period, with totals. */
export function UsageTable({ usage, models }: UsageTableProps) {
  const rows = [...usage.by_model].sort((a, b) => models.indexOf(a.model) - models.indexOf(b.model));
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" data-testid="usage-table">
        <caption className="sr-only">Calls and tokens per model over the last {usage.days} days</caption>
        <thead className="border-b border-neutral-200 text-xs text-neutral-500 dark:border-neutral-800 dark:text-neutral-400">
          <tr>
            <th scope="col" className="px-4 py-2.5 text-left font-medium">
              Model
            </th>
            <th scope="col" className={`${cell} font-medium`}>
              Calls
            </th>
            <th scope="col" className={`${cell} font-medium`}>
              Prompt tokens
            </th>
            <th scope="col" className={`${cell} font-medium`}>
              Completion tokens
            </th>
            <th scope="col" className={`${cell} font-medium`}>
              Total tokens
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-neutral-200 dark:divide-neutral-800">
          {rows.map((row) => (
            <tr key={row.model} data-testid="usage-row">
              <th scope="row" className="px-4 py-2.5 text-left font-medium">
                <span className="flex items-center gap-2 whitespace-nowrap">
                  <span aria-hidden="true" className={`size-2.5 shrink-0 rounded-sm ${colorOf(models.indexOf(row.model)).swatch}`} />
                  {row.model}
                </span>
              </th>
              <td className={cell}>{formatCount(row.calls)}</td>
              <td className={cell}>{formatCount(row.prompt_tokens)}</td>
              <td className={cell}>{formatCount(row.completion_tokens)}</td>
              <td className={cell}>{formatCount(row.prompt_tokens + row.completion_tokens)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot className="border-t border-neutral-300 font-semibold dark:border-neutral-700">
          <tr data-testid="usage-totals">
            <th scope="row" className="px-4 py-2.5 text-left">
              Total
            </th>
            <td className={cell}>{formatCount(usage.totals.calls)}</td>
            <td className={cell}>{formatCount(usage.totals.prompt_tokens)}</td>
            <td className={cell}>{formatCount(usage.totals.completion_tokens)}</td>
            <td className={cell}>{formatCount(usage.totals.prompt_tokens + usage.totals.completion_tokens)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
