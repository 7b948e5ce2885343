"use client";

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
const absolute = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });

/** "just now", "5 minutes ago", "yesterday", "3 weeks ago". */
function formatRelativeTime(date: Date, now: Date): string {
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  // A clock a little behind the server's never says "in 1 minute".
  if (seconds > -45) return "just now";
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size || unit === "minute") return relative.format(Math.round(seconds / size), unit);
  }
  return "just now";
}

/** A timestamp as relative time, with the exact one on hover and for assistive tech. */
export function RelativeTime({ iso, prefix, now }: { iso: string; prefix?: string; now: Date }) {
  const date = new Date(iso);
  const text = formatRelativeTime(date, now);
  return (
    <time dateTime={iso} title={absolute.format(date)}>
      {prefix ? `${prefix} ${text}` : text}
    </time>
  );
}
