/**
 * The benchmark's pure pieces: percentiles, the open-loop arrival schedule, the capacity
 * search and the pass/fail rules. No I/O here, so tests/unit/bench-*.test.ts can check them.
 */

export interface Percentiles {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
}

/**
 * The p-th percentile (0–100) of ascending `sorted` values, nearest-rank: the smallest value
 * with at least p% of the values at or below it. NaN for no values.
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  if (p <= 0) return sorted[0]!;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarize(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const sum = sorted.reduce((s, v) => s + v, 0);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    mean: sorted.length ? sum / sorted.length : Number.NaN,
    max: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
  };
}

/** Route minus reference, percentile by percentile (the "added" latency). */
export function added(route: Percentiles, reference: Percentiles): Pick<Percentiles, "p50" | "p95" | "p99"> {
  return { p50: route.p50 - reference.p50, p95: route.p95 - reference.p95, p99: route.p99 - reference.p99 };
}

/**
 * Open-loop arrivals: `rate` requests per second spread evenly over `durationMs`, as offsets
 * (ms) from the start. Computed up front, so a slow answer never delays the next arrival.
 */
export function arrivalSchedule(rate: number, durationMs: number): number[] {
  if (!(rate > 0) || !(durationMs > 0)) return [];
  const interval = 1000 / rate;
  const count = Math.floor((durationMs * rate) / 1000 + 1e-9);
  return Array.from({ length: count }, (_, i) => i * interval);
}

/** Enough samples for a p99 that is not just the maximum: at least `minSamples` per point. */
export function pointDurationMs(rate: number, seconds: number, minSamples = 100): number {
  return Math.max(seconds * 1000, Math.ceil((minSamples / rate) * 1000));
}

export interface CapacityProbe {
  rate: number;
  pass: boolean;
}

export interface CapacityResult {
  /** Highest rate of the grid that passed below the lowest that failed; null when the lowest grid rate failed. */
  capacity: number | null;
  /** The whole grid passed: the capacity is at least `capacity`. */
  atLeast: boolean;
  /** Every probe used (known ones first), in the order they were decided. */
  probes: CapacityProbe[];
}

/**
 * Bisection over an ascending grid of arrival rates for the highest one that passes, assuming
 * pass/fail is monotone (measurement noise aside). `known` results (from the sweep) are used
 * first; with contradictory known results, the lowest failing rate wins (the conservative answer).
 */
export async function searchCapacity(
  grid: readonly number[],
  probe: (rate: number) => Promise<boolean>,
  known: ReadonlyMap<number, boolean> = new Map(),
): Promise<CapacityResult> {
  const probes: CapacityProbe[] = [];
  let hi = grid.length; // index of the lowest failing rate (grid.length: none failed)
  for (const [i, rate] of grid.entries()) {
    if (known.get(rate) === false) {
      hi = i;
      break;
    }
  }
  let lo = -1; // index of the highest passing rate below hi (-1: none)
  for (const [i, rate] of grid.entries()) {
    if (i < hi && known.get(rate) === true) lo = i;
  }
  for (const rate of grid) {
    const pass = known.get(rate);
    if (pass !== undefined) probes.push({ rate, pass });
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    const rate = grid[mid]!;
    const pass = await probe(rate);
    probes.push({ rate, pass });
    if (pass) lo = mid;
    else hi = mid;
  }
  return { capacity: lo >= 0 ? grid[lo]! : null, atLeast: hi === grid.length && lo >= 0, probes };
}

/** `from..to` in steps of `step`, both ends included (to is added when the steps miss it). */
export function rateGrid(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let r = from; r <= to + 1e-9; r += step) out.push(Math.round(r * 1000) / 1000);
  if (out.at(-1) !== to && to > from) out.push(to);
  return out;
}

/** Parses "10,50,100" → [10, 50, 100]; `fallback` when unset or empty. */
export function numberList(raw: string | undefined, fallback: number[]): number[] {
  if (!raw || raw.trim() === "") return fallback;
  const values = raw.split(",").map((s) => Number(s.trim()));
  if (values.some((v) => !Number.isFinite(v) || v <= 0)) throw new Error(`expected positive numbers separated by commas, got "${raw}"`);
  return values;
}

export interface Target {
  name: string;
  /** The measured value, or null when it was not measured. */
  value: number | null;
  comparison: "<=" | ">=";
  limit: number;
  unit: string;
}

export function passes(target: Target): boolean | null {
  if (target.value === null || Number.isNaN(target.value)) return null;
  return target.comparison === "<=" ? target.value <= target.limit : target.value >= target.limit;
}

/**
 * Decode speed of one stream, tokens/s: the tokens after the first over the time after the first
 * (the first token's time is the prompt's, counted in TTFT). NaN when it can't be told: fewer than
 * two tokens, or no time between the first token and the end.
 */
export function streamTokenRate(completionTokens: number, firstTokenMs: number, endMs: number): number {
  const seconds = (endMs - firstTokenMs) / 1000;
  if (!(completionTokens >= 2) || !(seconds > 0)) return Number.NaN;
  return (completionTokens - 1) / seconds;
}

export interface TimedAnswer {
  /** When the request was sent and when its answer ended, ms on one clock. */
  startMs: number;
  endMs: number;
  /** Completion tokens (0 for a failed request). */
  tokens: number;
}

/**
 * Tokens per second of several streams together: every completion token over the wall time
 * from the first request sent to the last answer ended. NaN for no answers or no time.
 */
export function aggregateTokenRate(answers: readonly TimedAnswer[]): number {
  if (answers.length === 0) return Number.NaN;
  const start = Math.min(...answers.map((a) => a.startMs));
  const end = Math.max(...answers.map((a) => a.endMs));
  const tokens = answers.reduce((sum, a) => sum + a.tokens, 0);
  return end > start ? tokens / ((end - start) / 1000) : Number.NaN;
}

/**
 * The phases to run: `--only a,b` (or `--only=a,b`) on the command line, else `BENCH_ONLY`, else
 * all. Unknown names are refused, so a typo doesn't silently run nothing.
 */
export function selectPhases(argv: readonly string[], envValue: string | undefined, all: readonly string[]): string[] {
  let raw: string | undefined = envValue;
  let given = false;
  for (const [i, arg] of argv.entries()) {
    if (arg === "--only") raw = argv[i + 1] ?? "";
    else if (arg.startsWith("--only=")) raw = arg.slice("--only=".length);
    else continue;
    given = true;
  }
  if (!given && (raw === undefined || raw.trim() === "")) return [...all];
  const names = [...new Set((raw ?? "").split(",").map((s) => s.trim()).filter(Boolean))];
  const unknown = names.filter((n) => !all.includes(n));
  if (unknown.length || names.length === 0) throw new Error(`unknown bench phase "${unknown.join(",")}": expected some of ${all.join(", ")}`);
  return names;
}
