import { describe, expect, it } from "vitest";
import {
  added,
  aggregateTokenRate,
  arrivalSchedule,
  numberList,
  passes,
  percentile,
  pointDurationMs,
  rateGrid,
  searchCapacity,
  selectPhases,
  streamTokenRate,
  summarize,
} from "@/bench/lib/stats";

describe("bench percentiles", () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100

  it("are nearest-rank: p50 of 1..100 is 50, p99 is 99, p100 is the maximum", () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 95)).toBe(95);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile(hundred, 0)).toBe(1);
  });

  it("of one value are that value, of none NaN", () => {
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it("summarize sorts its input and reports count, mean and max", () => {
    const shuffled = [...hundred].reverse();
    expect(summarize(shuffled)).toEqual({ count: 100, p50: 50, p95: 95, p99: 99, mean: 50.5, max: 100 });
  });

  it("p99 of a small sample is its maximum, so a single outlier shows", () => {
    const values = [...Array.from({ length: 60 }, () => 10), 900];
    expect(summarize(values).p99).toBe(900);
  });

  it("added latency is the route's percentile minus the reference's", () => {
    const route = summarize([30, 40, 50, 60, 500]);
    const reference = summarize([20, 21, 22, 23, 24]);
    expect(added(route, reference)).toEqual({ p50: 50 - 22, p95: 500 - 24, p99: 500 - 24 });
  });
});

describe("the open-loop schedule", () => {
  it("spreads R arrivals per second evenly: one every 1000/R ms from 0", () => {
    const offsets = arrivalSchedule(100, 1000);
    expect(offsets).toHaveLength(100);
    expect(offsets[0]).toBe(0);
    expect(offsets[1]).toBeCloseTo(10);
    expect(offsets[99]).toBeCloseTo(990);
    const gaps = offsets.slice(1).map((t, i) => t - offsets[i]!);
    for (const gap of gaps) expect(gap).toBeCloseTo(10);
  });

  it("has rate × seconds arrivals for fractional intervals too", () => {
    expect(arrivalSchedule(200, 6000)).toHaveLength(1200);
    expect(arrivalSchedule(75, 6000)).toHaveLength(450);
    expect(arrivalSchedule(3, 1000)[2]).toBeCloseTo(666.667, 2);
  });

  it("is empty for a zero rate or duration", () => {
    expect(arrivalSchedule(0, 1000)).toEqual([]);
    expect(arrivalSchedule(10, 0)).toEqual([]);
  });

  it("lasts long enough for at least 100 samples at low rates", () => {
    expect(pointDurationMs(10, 6)).toBe(10_000);
    expect(pointDurationMs(100, 6)).toBe(6_000);
  });
});

describe("the capacity search", () => {
  const grid = rateGrid(50, 400, 25);
  /** A route that passes up to `limit` streams/s; records what was probed. */
  const route = (limit: number) => {
    const probed: number[] = [];
    return { probed, probe: async (rate: number) => (probed.push(rate), rate <= limit) };
  };

  it("the grid runs 50, 75, … 400", () => {
    expect(grid).toHaveLength(15);
    expect(grid[0]).toBe(50);
    expect(grid.at(-1)).toBe(400);
    expect(rateGrid(50, 120, 50)).toEqual([50, 100, 120]);
  });

  it("finds the highest passing rate by bisection, in log2(grid) probes", async () => {
    const { probe, probed } = route(180);
    const result = await searchCapacity(grid, probe);
    expect(result.capacity).toBe(175);
    expect(result.atLeast).toBe(false);
    expect(probed.length).toBeLessThanOrEqual(Math.ceil(Math.log2(grid.length + 1)));
  });

  it("reuses known results and probes only between the highest pass and the lowest fail", async () => {
    const { probe, probed } = route(260);
    const known = new Map([
      [50, true],
      [100, true],
      [200, true],
    ]);
    const result = await searchCapacity(grid, probe, known);
    expect(result.capacity).toBe(250);
    for (const rate of probed) expect(rate).toBeGreaterThan(200);
    expect(result.probes.slice(0, 3)).toEqual([
      { rate: 50, pass: true },
      { rate: 100, pass: true },
      { rate: 200, pass: true },
    ]);
  });

  it("answers null without probing when the lowest rate is known to fail", async () => {
    const { probe, probed } = route(0);
    const result = await searchCapacity(grid, probe, new Map([[50, false]]));
    expect(result.capacity).toBeNull();
    expect(probed).toEqual([]);
  });

  it("says 'at least' when the whole grid passes", async () => {
    const result = await searchCapacity(grid, route(10_000).probe);
    expect(result).toMatchObject({ capacity: 400, atLeast: true });
  });

  it("takes the conservative answer from contradictory known results (a fail below a pass)", async () => {
    const { probe } = route(10_000);
    const known = new Map([
      [100, false],
      [200, true],
    ]);
    const result = await searchCapacity(grid, probe, known);
    expect(result.capacity).toBe(75);
  });
});

describe("bench settings and targets", () => {
  it("parses comma-separated rates and refuses junk", () => {
    expect(numberList("10, 50,100", [1])).toEqual([10, 50, 100]);
    expect(numberList(undefined, [1, 2])).toEqual([1, 2]);
    expect(() => numberList("10,abc", [])).toThrow(/positive numbers/);
  });

  it("a target passes on its side of the limit and is undecided without a value", () => {
    expect(passes({ name: "p99", value: 50, comparison: "<=", limit: 50, unit: "ms" })).toBe(true);
    expect(passes({ name: "p99", value: 51, comparison: "<=", limit: 50, unit: "ms" })).toBe(false);
    expect(passes({ name: "capacity", value: 150, comparison: ">=", limit: 150, unit: "/s" })).toBe(true);
    expect(passes({ name: "capacity", value: null, comparison: ">=", limit: 150, unit: "/s" })).toBeNull();
  });
});

describe("token rates of the local model", () => {
  it("per stream: the tokens after the first over the time after the first token", () => {
    // 256 tokens, the first at 100 ms, the end at 1,100 ms: 255 tokens in 1 s.
    expect(streamTokenRate(256, 100, 1100)).toBeCloseTo(255);
    expect(streamTokenRate(11, 0, 500)).toBeCloseTo(20);
  });

  it("per stream: NaN when it can't be told (one token, no time, no first token)", () => {
    expect(streamTokenRate(1, 100, 200)).toBeNaN();
    expect(streamTokenRate(0, 100, 200)).toBeNaN();
    expect(streamTokenRate(50, 200, 200)).toBeNaN();
    expect(streamTokenRate(50, Number.NaN, 200)).toBeNaN();
  });

  it("aggregate: every token over the wall time from the first start to the last end", () => {
    const answers = [
      { startMs: 0, endMs: 1000, tokens: 256 },
      { startMs: 0, endMs: 1500, tokens: 256 },
      { startMs: 1000, endMs: 2000, tokens: 256 },
    ];
    expect(aggregateTokenRate(answers)).toBeCloseTo(384); // 768 tokens in 2 s
    // Overlapping streams add up; a failed request (0 tokens) still spans the wall time.
    expect(aggregateTokenRate([...answers, { startMs: 500, endMs: 4000, tokens: 0 }])).toBeCloseTo(192);
  });

  it("aggregate: NaN for no answers or no time", () => {
    expect(aggregateTokenRate([])).toBeNaN();
    expect(aggregateTokenRate([{ startMs: 5, endMs: 5, tokens: 10 }])).toBeNaN();
  });
});

describe("choosing the bench phases", () => {
  const all = ["realistic", "capacity", "fast", "memory", "local"];

  it("runs every phase by default", () => {
    expect(selectPhases([], undefined, all)).toEqual(all);
    expect(selectPhases([], " ", all)).toEqual(all);
  });

  it("takes BENCH_ONLY, and --only (either spelling) over it", () => {
    expect(selectPhases([], "fast, memory", all)).toEqual(["fast", "memory"]);
    expect(selectPhases(["--only", "local"], "fast", all)).toEqual(["local"]);
    expect(selectPhases(["--only=local,fast"], undefined, all)).toEqual(["local", "fast"]);
  });

  it("refuses an unknown phase or an empty --only, so a typo doesn't run nothing", () => {
    expect(() => selectPhases(["--only", "locl"], undefined, all)).toThrow(/unknown bench phase "locl"/);
    expect(() => selectPhases([], "realistic,nope", all)).toThrow(/nope/);
    expect(() => selectPhases(["--only"], undefined, all)).toThrow(/expected some of/);
  });
});
