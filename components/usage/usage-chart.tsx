"use client";

import { useEffect, useRef } from "react";
import { colorOf, formatCompact, formatCount, formatDay, type ChartData } from "./usage-chart-data";

const width = 720;
const height = 272;
const margin = { top: 12, right: 8, bottom: 40, left: 44 };
const plotWidth = width - margin.left - margin.right;
const plotHeight = height - margin.top - margin.bottom;

/** One sentence for screen readers: the period, the total, the models and the busiest day. */
function summary(data: ChartData): string {
  const busiest = data.days.reduce((best, day) => (day.total > best.total ? day : best), data.days[0]!);
  const models = data.models.length === 1 ? `1 model (${data.models[0]})` : `${data.models.length} models`;
  return (
    `Stacked bar chart of tokens per day from ${formatDay(data.days[0]!.date)} to ${formatDay(data.days.at(-1)!.date)}, by model: ` +
    `${formatCount(data.total)} tokens across ${models}; busiest day ${formatDay(busiest.date)} with ${formatCount(busiest.total)} tokens.`
  );
}

/** Tokens per day, one bar per day stacked by model, drawn as plain SVG (hover a bar for its numbers). */
export function UsageChart({ data }: { data: ChartData }) {
  const count = data.days.length;
  const band = plotWidth / count;
  const barWidth = Math.max(1, band * 0.68);
  const y = (value: number) => margin.top + plotHeight - (value / data.top) * plotHeight;
  // About eight dates on the axis, the last one always today.
  const labelEvery = Math.ceil(count / 8);
  const scroller = useRef<HTMLDivElement>(null);

  // On a narrow screen the chart scrolls sideways: start at the recent end.
  useEffect(() => {
    const element = scroller.current;
    if (element) element.scrollLeft = element.scrollWidth;
  }, [count]);

  return (
    <div ref={scroller} className="overflow-x-auto">
      <svg
        role="img"
        aria-label={summary(data)}
        viewBox={`0 0 ${width} ${height}`}
        className="h-auto w-full min-w-[34rem]"
        data-testid="usage-chart"
      >
        <g className="text-[10px]">
          {data.ticks.map((tick) => (
            <g key={tick}>
              <line
                x1={margin.left}
                x2={width - margin.right}
                y1={y(tick)}
                y2={y(tick)}
                className={tick === 0 ? "stroke-neutral-300 dark:stroke-neutral-700" : "stroke-neutral-200 dark:stroke-neutral-800"}
                strokeDasharray={tick === 0 ? undefined : "3 3"}
              />
              <text x={margin.left - 6} y={y(tick)} dy="0.32em" textAnchor="end" className="fill-neutral-500 dark:fill-neutral-400">
                {formatCompact(tick)}
              </text>
            </g>
          ))}
          <text
            transform={`translate(10 ${margin.top + plotHeight / 2}) rotate(-90)`}
            textAnchor="middle"
            className="fill-neutral-500 dark:fill-neutral-400"
          >
            Tokens
          </text>
          <text x={margin.left + plotWidth / 2} y={height - 4} textAnchor="middle" className="fill-neutral-500 dark:fill-neutral-400">
            Day (UTC)
          </text>
        </g>

        {data.days.map((day, i) => {
          const x = margin.left + i * band;
          // Stacked from the axis up, the most used model at the bottom (the legend's order).
          let base = 0;
          return (
            <g key={day.date} data-testid="usage-bar" data-date={day.date} data-total={day.total}>
              <rect
                x={x}
                y={margin.top}
                width={band}
                height={plotHeight}
                className="fill-transparent hover:fill-neutral-500/10"
              >
                <title>
                  {`${formatDay(day.date)}: ${formatCount(day.total)} tokens` +
                    day.segments.map((s) => `\n${s.model}: ${formatCount(s.tokens)} (${formatCount(s.calls)} calls)`).join("")}
                </title>
              </rect>
              {day.segments.map((segment) => {
                const bottom = base;
                base += segment.tokens;
                return (
                  <rect
                    key={segment.model}
                    x={x + (band - barWidth) / 2}
                    y={y(base)}
                    width={barWidth}
                    height={Math.max(0, y(bottom) - y(base))}
                    className={colorOf(data.models.indexOf(segment.model)).fill}
                  >
                    <title>{`${formatDay(day.date)} · ${segment.model}: ${formatCount(segment.tokens)} tokens, ${formatCount(segment.calls)} calls`}</title>
                  </rect>
                );
              })}
              {(count - 1 - i) % labelEvery === 0 ? (
                <text
                  x={x + band / 2}
                  y={height - margin.bottom + 16}
                  textAnchor="middle"
                  className="fill-neutral-500 text-[10px] dark:fill-neutral-400"
                >
                  {formatDay(day.date)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
    </div>
  );
}

/** Which colour is which model. */
export function UsageLegend({ models }: { models: string[] }) {
  return (
    <ul aria-label="Models" className="flex flex-wrap gap-x-4 gap-y-1.5 text-[13px] text-neutral-700 dark:text-neutral-300" data-testid="usage-legend">
      {models.map((model, i) => (
        <li key={model} className="flex items-center gap-1.5">
          <span aria-hidden="true" className={`size-2.5 rounded-sm ${colorOf(i).swatch}`} />
          {model}
        </li>
      ))}
    </ul>
  );
}
