const sameYear = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
const otherYear = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** When a version was kept, in the writer's time zone: "6 Dec, 18:02", with the year when it isn't this one. */
export function versionTime(date: Date, now: Date): string {
  return (date.getFullYear() === now.getFullYear() ? sameYear : otherYear).format(date);
}
