/** The periods the usage page offers (days); 30 is the default. Shared by the page and the view. */
export const usagePeriods = [7, 30, 90] as const;
export type UsagePeriod = (typeof usagePeriods)[number];
export const defaultUsagePeriod: UsagePeriod = 30;

export function parseUsagePeriod(value: string | undefined): UsagePeriod {
  return usagePeriods.find((p) => String(p) === value) ?? defaultUsagePeriod;
}
