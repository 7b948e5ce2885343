import type { UsageJson } from "@/lib/contracts/conversations";

interface ChartSegment {
  model: string;
  tokens: number;
  calls: number;
}

interface ChartDay {
  /** YYYY-MM-DD (UTC, like the server's grouping). */
  date: string;
  segments: ChartSegment[];
  total: number;
}

export interface ChartData {
  days: ChartDay[];
  /** Models by tokens, most used first: this order picks their colours and stacks the bars. */
  models: string[];
  /** The axis top and its gridlines, on round numbers. */
  top: number;
  ticks: number[];
  total: number;
}

const dayMs = 24 * 3600 * 1000;
const isoDay = (time: number) => new Date(time).toISOString().slice(0, 10);

/** 1, 2, 2.5 or 5 times a power of ten, at least `raw`. */
function niceStep(raw: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * magnitude >= raw) ?? 10;
  return step * magnitude;
}

/**
 * Every day of the period (days without calls too, so gaps show), each with its tokens
 * (prompt + completion) per model, and a y axis in round steps.
 */
export function buildChartData(usage: UsageJson, today: Date): ChartData {
  const byDate = new Map<string, ChartSegment[]>();
  const modelTokens = new Map<string, number>();
  let last = isoDay(today.getTime());
  let first = last;
  for (const row of usage.by_day) {
    const date = row.date.slice(0, 10);
    if (date > last) last = date;
    if (date < first) first = date;
    const tokens = row.prompt_tokens + row.completion_tokens;
    byDate.set(date, [...(byDate.get(date) ?? []), { model: row.model, tokens, calls: row.calls }]);
    modelTokens.set(row.model, (modelTokens.get(row.model) ?? 0) + tokens);
  }
  const models = [...modelTokens.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([model]) => model);
  const rank = (model: string) => models.indexOf(model);

  // The period ends today; a row from just before it (the server counts whole UTC days) still shows.
  const end = Date.parse(`${last}T00:00:00Z`);
  const length = Math.max(usage.days, Math.round((end - Date.parse(`${first}T00:00:00Z`)) / dayMs) + 1);
  const days: ChartDay[] = Array.from({ length }, (_, i) => {
    const date = isoDay(end - (length - 1 - i) * dayMs);
    const segments = (byDate.get(date) ?? []).sort((a, b) => rank(a.model) - rank(b.model));
    return { date, segments, total: segments.reduce((sum, s) => sum + s.tokens, 0) };
  });

  const max = Math.max(0, ...days.map((d) => d.total));
  const step = max > 0 ? niceStep(max / 4) : 1;
  const top = Math.max(step, Math.ceil(max / step) * step);
  const ticks = Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step);
  return { days, models, top, ticks, total: days.reduce((sum, d) => sum + d.total, 0) };
}

/** Fill classes per model, in order; light and dark shades both readable on their background. */
const seriesColors = [
  { fill: "fill-indigo-500 dark:fill-indigo-400", swatch: "bg-indigo-500 dark:bg-indigo-400" },
  { fill: "fill-emerald-500 dark:fill-emerald-400", swatch: "bg-emerald-500 dark:bg-emerald-400" },
  { fill: "fill-amber-500 dark:fill-amber-400", swatch: "bg-amber-500 dark:bg-amber-400" },
  { fill: "fill-sky-500 dark:fill-sky-400", swatch: "bg-sky-500 dark:bg-sky-400" },
  { fill: "fill-rose-500 dark:fill-rose-400", swatch: "bg-rose-500 dark:bg-rose-400" },
  { fill: "fill-violet-500 dark:fill-violet-400", swatch: "bg-violet-500 dark:bg-violet-400" },
] as const;

/** A model missing from the chart (index -1) still gets a colour. */
export const colorOf = (index: number) => seriesColors[Math.max(0, index) % seriesColors.length]!;

const integer = new Intl.NumberFormat("en");
const compact = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });
const dayLabel = new Intl.DateTimeFormat("en", { month: "short", day: "numeric", timeZone: "UTC" });

export const formatCount = (n: number) => integer.format(n);
export const formatCompact = (n: number) => compact.format(n);
export const formatDay = (date: string) => dayLabel.format(new Date(`${date}T00:00:00Z`));
